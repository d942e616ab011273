"""Make the stored old libraries of ``tests/storage/test_upgrade.py`` with an old release's code.

Run from a checkout of that release (``git worktree add /tmp/first c821e0f``), e.g.::

    PYTHONPATH=/tmp/first/src python tests/storage/data/make_old_library.py sqlite:///first.sqlite

The rows use only what the first release has, so the same script serves every release.
"""

from __future__ import annotations

import sys
from datetime import datetime

from paperdesk.storage.db import Database
from paperdesk.storage.models import (
    Claim,
    ListEntry,
    Note,
    Paper,
    PaperTag,
    Passage,
    ReadingList,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    StateChange,
    Tag,
)

WHEN = datetime(2026, 11, 22, 12, 0, 0)


def main(url: str) -> None:
    db = Database(url)
    db.migrate()
    with db.session() as s:
        lst = ReadingList(name="foundations", title="Foundations", source="user", created_at=WHEN)
        papers = [
            Paper(
                key=key,
                arxiv_id=aid,
                version=1,
                title=title,
                authors=authors,
                categories=["cs.CL"],
                year=year,
                reading_state=state,
                replication_state=repl,
                added_at=WHEN,
                updated_at=WHEN,
            )
            for key, aid, title, authors, year, state, repl in (
                (
                    "1706.03762",
                    "1706.03762",
                    "Attention Is All You Need",
                    ["Ashish Vaswani", "Noam Shazeer"],
                    2017,
                    "read",
                    "running",
                ),
                (
                    "1810.04805",
                    "1810.04805",
                    "BERT: Pre-training of Deep Bidirectional "
                    "Transformers for Language Understanding",
                    ["Jacob Devlin"],
                    2018,
                    "queued",
                    "none",
                ),
            )
        ]
        s.add_all([lst, *papers])
        s.flush()
        attention, bert = papers
        s.add_all(
            [
                ListEntry(list_id=lst.id, paper_id=attention.id, position=0, why="the start"),
                ListEntry(list_id=lst.id, paper_id=bert.id, position=1),
                Note(
                    paper_id=attention.id,
                    body="Multi-head attention, $O(n^2)$.",
                    updated_at=WHEN,
                    revision=2,
                ),
                StateChange(
                    paper_id=attention.id,
                    track="reading",
                    old_state="unread",
                    new_state="read",
                    at=WHEN,
                ),
                Passage(
                    paper_id=attention.id,
                    kind="abstract",
                    position=0,
                    text="The dominant sequence transduction models",
                    content_hash="h1",
                ),
            ]
        )
        tag = Tag(name="transformers")
        s.add(tag)
        s.flush()
        s.add(PaperTag(paper_id=attention.id, tag_id=tag.id))
        attempt = ReproAttempt(
            paper_id=attention.id,
            number=1,
            status="running",
            environment_kv={"gpu": "none"},
            created_at=WHEN,
            updated_at=WHEN,
        )
        claim = Claim(
            paper_id=attention.id,
            label="BLEU EN-DE",
            metric="BLEU",
            value=28.4,
            higher_is_better=True,
            seeded=False,
            created_at=WHEN,
        )
        s.add_all([attempt, claim])
        s.flush()
        run = Run(attempt_id=attempt.id, ran_at=WHEN, command="make train")
        s.add_all([run, ReproLog(attempt_id=attempt.id, at=WHEN, text="started")])
        s.flush()
        s.add(RunResult(run_id=run.id, claim_id=claim.id, value=27.1))
    db.close()


if __name__ == "__main__":
    main(sys.argv[1])
