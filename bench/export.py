"""Export and backup at scale.

    python bench/export.py [--papers 5000]

Builds a throwaway library (seeded lists + N papers in 20 lists) and gives it user data: a
note on every 5th paper, tags on every 3rd, a reading history for every paper not unread, and
a replication record (3 claims, an attempt, 4 runs, 3 log entries) on every 100th; a second
member ("bench-2") reads every 4th paper and has notes and tags of their own. Then times,
in-process: the backup dump, ``export json``, restoring it into an empty library, the Markdown
vault (first export, then a second one that must write nothing), BibTeX and CSL-JSON, and a
BibTeX import into an empty library.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import build_library


def add_user_data() -> None:
    from sqlalchemy import insert, select

    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.members import ensure_member
    from paperdesk.storage.models import (
        Claim,
        Member,
        Note,
        Paper,
        PaperTag,
        Reading,
        ReproAttempt,
        ReproLog,
        Run,
        RunResult,
        StateChange,
        Tag,
    )

    lib = Library.open(load_settings())
    t0 = datetime(2024, 1, 1)
    with lib.session() as s:
        me = ensure_member(s).id
        other = Member(name="bench-2", created_at=t0)
        s.add(other)
        s.flush()
        states = {pid: st for pid, st in s.execute(select(Reading.paper_id, Reading.state))}
        ids = s.scalars(select(Paper.id).order_by(Paper.id)).all()
        papers = [(pid, states.get(pid, "unread")) for pid in ids]
        tags = [Tag(name=f"tag-{i}") for i in range(10)]
        s.add_all(tags)
        s.flush()
        s.execute(
            insert(Reading),
            [
                {"member_id": other.id, "paper_id": pid, "state": "read"}
                for i, (pid, _) in enumerate(papers)
                if i % 4 == 0
            ],
        )
        s.execute(
            insert(Note),
            [
                {
                    "member_id": me if i % 2 == 0 else other.id,
                    "paper_id": pid,
                    "body": f"# Note {i}\n\n---\nkey: value\n---\n\nThoughts: ü {i}.\n",
                    "revision": 1,
                    "updated_at": t0 + timedelta(minutes=i),
                }
                for i, (pid, _) in enumerate(papers)
                if i % 5 == 0
            ],
        )
        s.execute(
            insert(PaperTag),
            [
                {"paper_id": pid, "tag_id": tags[i % 10].id, "member_id": who}
                for i, (pid, _) in enumerate(papers)
                for who in (me, other.id)
                if i % 3 == 0
            ],
        )
        s.execute(
            insert(StateChange),
            [
                {
                    "paper_id": pid,
                    "track": "reading",
                    "old_state": "unread",
                    "new_state": state,
                    "at": t0 + timedelta(hours=i),
                    "member_id": me,
                }
                for i, (pid, state) in enumerate(papers)
                if state != "unread"
            ],
        )
        for i, (pid, _) in enumerate(papers):
            if i % 100:
                continue
            claims = [
                Claim(paper_id=pid, label=f"c{j}", metric="acc", value=90.0 + j) for j in range(3)
            ]
            attempt = ReproAttempt(paper_id=pid, number=1, status="running")
            s.add_all([*claims, attempt])
            s.flush()
            for k in range(4):
                run = Run(attempt_id=attempt.id, ran_at=t0 + timedelta(days=k), command="run")
                s.add(run)
                s.flush()
                s.add_all(
                    [RunResult(run_id=run.id, claim_id=c.id, value=89.5 + k / 4) for c in claims]
                )
            s.add_all(
                [
                    ReproLog(attempt_id=attempt.id, at=t0 + timedelta(days=k), text=f"l{k}")
                    for k in range(3)
                ]
            )
    lib.close()


def timed(
    label: str,
    fn: Callable[[], Any],
    rows: list[tuple[str, float, str]],
    note: Callable[[Any], str] = lambda _: "",
) -> Any:
    t = time.perf_counter()
    out = fn()
    rows.append((label, time.perf_counter() - t, note(out)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        build_library(base / "home", args.papers)
        add_user_data()
        from paperdesk.config import Settings, load_settings
        from paperdesk.export.backup import dump, export_json, import_json
        from paperdesk.export.bibimport import import_bibtex_text
        from paperdesk.export.bibtex import bibtex_text
        from paperdesk.export.csljson import csl_text
        from paperdesk.export.markdown import export_markdown
        from paperdesk.library import Library

        lib = Library.open(load_settings())
        rows: list[tuple[str, float, str]] = []
        data = timed(
            "dump (snapshot)", lambda: dump(lib), rows, lambda d: f"{len(d['papers'])} papers"
        )
        timed(
            "export json",
            lambda: export_json(lib, base / "b.json"),
            rows,
            lambda _: f"{(base / 'b.json').stat().st_size / 1e6:.1f} MB",
        )
        empty = Library.open(Settings(home=base / "restored"), seed=False)
        timed(
            "import json (empty library)",
            lambda: import_json(empty, base / "b.json"),
            rows,
            lambda r: f"{r.added_papers} papers",
        )
        same = timed("dump of the restored library", lambda: dump(empty), rows)
        rows[-1] = (rows[-1][0], rows[-1][1], "identical" if same == data else "DIFFERENT")
        timed(
            "export markdown (first)",
            lambda: export_markdown(lib, base / "vault"),
            rows,
            lambda r: f"{len(r.written)} files written",
        )
        timed(
            "export markdown (again)",
            lambda: export_markdown(lib, base / "vault"),
            rows,
            lambda r: f"{len(r.written)} written, {len(r.unchanged)} unchanged",
        )
        bib = timed(
            "export bibtex", lambda: bibtex_text(lib), rows, lambda o: f"{o.entries} entries"
        )
        timed("export csl", lambda: csl_text(lib), rows, lambda o: f"{o.entries} items")
        target = Library.open(Settings(home=base / "bib"), seed=False)
        timed(
            "import bibtex (empty library)",
            lambda: import_bibtex_text(target, bib.text, "bench.bib"),
            rows,
            lambda r: f"{r.added} added",
        )
        print(f"{'step':<32} {'seconds':>8}  result")
        for label, secs, note in rows:
            print(f"{label:<32} {secs:>8.2f}  {note}")
        for library in (lib, empty, target):
            library.close()


if __name__ == "__main__":
    main()
