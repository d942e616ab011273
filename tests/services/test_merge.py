"""``merge_papers``: B folded into A keeps everything made on either paper."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import ForeignKey, select

from paperdesk.errors import InvalidIdError, NotFoundError
from paperdesk.library import Library
from paperdesk.services import replication, replication_claims
from paperdesk.services.merge import HANDLED_TABLES, MERGE_MARK, merge_papers
from paperdesk.services.notes import get_note, save_note
from paperdesk.services.papers import add_other, mark, paper_detail, set_tags
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    Base,
    Cite,
    Claim,
    ListEntry,
    Paper,
    Passage,
    ReadingList,
    ReproAttempt,
    RunResult,
    StateChange,
)

ATTENTION = "1706.03762"
BERT = "1810.04805"


def _other(lib: Library, title: str, doi: str | None = None) -> str:
    res = add_other(
        lib, title=title, year=2017, authors=["Ashish Vaswani"], url="https://x.org", doi=doi
    )
    assert res.id
    return res.id


def _earlier(lib: Library, key: str, track: str, by: timedelta) -> None:
    """Move a paper's history on ``track`` back in time (changes made 'yesterday')."""
    with lib.session() as s:
        paper = repo.find_paper(s, key)
        for change in s.scalars(
            select(StateChange).where(StateChange.paper_id == paper.id, StateChange.track == track)
        ):
            change.at = change.at - by


def test_merge_keeps_states_history_notes_tags_claims_lists_and_cites(lib: Library) -> None:
    dup = _other(lib, "Attention is all you need (workshop copy)")
    # A (the arXiv paper): queued yesterday, a tag, a note, its seeded BLEU claims, a list
    mark(lib, ATTENTION, "queued")
    _earlier(lib, ATTENTION, "reading", timedelta(days=1))
    set_tags(lib, ATTENTION, ["transformers"], [])
    save_note(lib, ATTENTION, "Read section 3 again.")
    # B: read today (the later change wins), its own tag, note, claim, attempt with a run,
    # a list A is in too and one A is not in, and citation links both ways
    mark(lib, dup, "read")
    set_tags(lib, dup, ["transformers", "classic"], [])
    save_note(lib, dup, "My summary of the workshop copy.")
    replication_claims.add_claim(lib, dup, metric="perplexity", value=4.9, label="ppl-dev")
    replication.new_attempt(lib, dup, goal="rerun the base model")
    replication.add_run(lib, dup, {"ppl-dev": 5.1}, command="python train.py")
    with lib.session() as s:
        a, b = repo.find_paper(s, ATTENTION), repo.find_paper(s, dup)
        bert = repo.find_paper(s, BERT)
        shared = s.scalar(
            select(ReadingList).join(ListEntry).where(ListEntry.paper_id == a.id).limit(1)
        )
        repo.append_to_list(s, shared, b)  # a list both are in: A's entry stays
        repo.append_to_list(s, repo.ensure_list(s, "mine"), b)  # only B: it moves to A
        s.add(Cite(citing_id=bert.id, cited_id=b.id, method="title"))
        s.add(Cite(citing_id=b.id, cited_id=bert.id, method="doi"))
        a_claims = len(s.scalars(select(Claim.id).where(Claim.paper_id == a.id)).all())
        history = len(
            s.scalars(select(StateChange.id).where(StateChange.paper_id.in_([a.id, b.id]))).all()
        )
        b_id = b.id

    report = merge_papers(lib, ATTENTION, dup)

    keys = {ref: paper_detail(lib, ref).id for ref in (ATTENTION, BERT)}
    assert (report.kept, report.merged, report.note) == (keys[ATTENTION], dup, "appended")
    d = paper_detail(lib, ATTENTION)
    assert d.reading == "read", "the later change (B's, today) is the state now"
    assert d.replication == "running", "B's attempt (with a run) is the current one"
    assert len(d.history) == history and {h.new for h in d.history} >= {"queued", "read"}
    assert d.tags == ["classic", "transformers"]
    note = get_note(lib, ATTENTION).body
    assert note.startswith("Read section 3 again.")
    assert MERGE_MARK.split("{")[0] in note and note.rstrip().endswith(
        "My summary of the workshop copy."
    )
    assert {m.name for m in d.lists} >= {"mine"}
    assert len(d.lists) == len({m.name for m in d.lists}), "one entry per list"
    assert [x.id for x in d.cited_by] == [keys[BERT]]
    assert keys[BERT] in [x.id for x in d.cites]
    with lib.session() as s:
        a = repo.find_paper(s, ATTENTION)
        assert s.get(Paper, b_id) is None
        claims = s.scalars(select(Claim).where(Claim.paper_id == a.id)).all()
        assert len(claims) == a_claims + 1 and "ppl-dev" in {c.label for c in claims}
        attempts = s.scalars(select(ReproAttempt).where(ReproAttempt.paper_id == a.id)).all()
        assert [x.number for x in attempts] == [1] and attempts[0].goal == "rerun the base model"
        ppl = next(c for c in claims if c.label == "ppl-dev")
        assert s.scalars(select(RunResult.value).where(RunResult.claim_id == ppl.id)).all() == [5.1]
        assert repo.find_paper(s, dup) is a, "B's key still names the merged paper"
        assert not s.scalars(select(Cite).where(Cite.citing_id == Cite.cited_id)).all()
    assert report.tags == 1 and report.claims == 1 and report.attempts == 1 and report.cites == 2


def test_a_claim_both_papers_carry_is_one_claim_with_both_runs(lib: Library) -> None:
    dup = _other(lib, "Attention copy")
    with lib.session() as s:
        a = repo.find_paper(s, ATTENTION)
        label = s.scalars(select(Claim.label).where(Claim.paper_id == a.id)).first()
        claim = s.scalar(select(Claim).where(Claim.paper_id == a.id, Claim.label == label))
        metric, value, setting = claim.metric, claim.value, claim.setting
    replication_claims.add_claim(lib, dup, metric=metric, value=value, setting=setting, label=label)
    replication_claims.add_claim(lib, dup, metric=metric, value=value + 1, label=f"{label}-x")
    replication.add_run(lib, dup, {label: value - 0.5})
    merge_papers(lib, ATTENTION, dup)
    with lib.session() as s:
        a = repo.find_paper(s, ATTENTION)
        labels = s.scalars(select(Claim.label).where(Claim.paper_id == a.id)).all()
        assert labels.count(label) == 1 and f"{label}-x" in labels
        shared = s.scalar(select(Claim).where(Claim.paper_id == a.id, Claim.label == label))
        assert s.scalars(select(RunResult.value).where(RunResult.claim_id == shared.id)).all() == [
            value - 0.5
        ]


def test_bad_ids_and_the_same_paper_are_clear_errors_and_change_nothing(lib: Library) -> None:
    dup = _other(lib, "Attention copy")
    save_note(lib, dup, "keep me")
    with pytest.raises(InvalidIdError, match="same paper"):
        merge_papers(lib, ATTENTION, "arXiv:1706.03762v7")
    with pytest.raises(NotFoundError, match="nope"):
        merge_papers(lib, ATTENTION, "nope")
    with pytest.raises(NotFoundError, match="nope"):
        merge_papers(lib, "nope", dup)
    assert get_note(lib, dup).body == "keep me"


def test_every_table_that_points_at_papers_is_handled() -> None:
    pointing = {
        table.name
        for table in Base.metadata.tables.values()
        for column in table.columns
        for fk in column.foreign_keys
        if isinstance(fk, ForeignKey) and fk.column.table.name == "papers"
    }
    assert pointing <= HANDLED_TABLES, f"merge.py does not move rows of {pointing - HANDLED_TABLES}"


def test_the_pdf_and_parsed_text_move_when_a_has_none(lib: Library, tmp_path: Path) -> None:
    from paperdesk.services.intake import add_pdfs
    from tests.services.paperpdfs import paper_pdf

    pdf = paper_pdf(tmp_path / "w.pdf", "Walrus Attention for Long Inputs", word="walrus")
    (row,) = add_pdfs(lib, [pdf]).results
    assert row.status == "added" and row.id
    merge_papers(lib, ATTENTION, row.id)  # A (seeded, no PDF yet) takes B's PDF and text
    d = paper_detail(lib, ATTENTION)
    assert d.pdf_path and not d.pdf_missing and d.parse_status == "parsed"
    assert d.pdf_path == f"{d.id}.pdf", "the file is renamed after the kept paper"
    assert not (lib.settings.pdf_dir / f"{row.id}.pdf").exists()
    with lib.session() as s:
        a = repo.find_paper(s, ATTENTION)
        texts = s.scalars(select(Passage.text).where(Passage.paper_id == a.id)).all()
        assert any("walrus" in t for t in texts)


def test_merge_moves_each_members_state_note_and_tags_to_that_member(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ana and bo each read and annotate the duplicate B: after the merge each finds their
    own state, note and tags on A, and nobody else's."""
    from paperdesk.storage.db import Database

    dup = _other(lib, "Attention is all you need (workshop copy)")
    as_member = {}
    for name in ("ana", "bo"):
        monkeypatch.setenv("PAPERDESK_USER", name)
        as_member[name] = Library(lib.settings, Database(lib.settings.resolved_database_url))
    ana, bo = as_member["ana"], as_member["bo"]
    mark(ana, dup, "read")
    save_note(ana, dup, "ana on the copy")
    set_tags(ana, dup, ["ana-tag"], [])
    mark(bo, ATTENTION, "queued")
    mark(bo, dup, "skimmed")  # later than bo's 'queued' on A: it wins for bo
    save_note(bo, ATTENTION, "bo on A")
    save_note(bo, dup, "bo on the copy")
    set_tags(bo, dup, ["bo-tag"], [])

    report = merge_papers(ana, ATTENTION, dup)

    assert report.note == "moved" and report.reading == "read" and report.tags == 1
    for who, state, tags in ((ana, "read", ["ana-tag"]), (bo, "skimmed", ["bo-tag"])):
        d = paper_detail(who, ATTENTION)
        assert (d.reading, d.tags) == (state, tags)
    assert get_note(ana, ATTENTION).body == "ana on the copy"
    bo_note = get_note(bo, ATTENTION).body
    assert bo_note.startswith("bo on A") and bo_note.endswith("bo on the copy")
    assert [(h.old, h.new) for h in paper_detail(bo, ATTENTION).history] == [
        ("unread", "queued"),
        ("unread", "skimmed"),
    ]
    for member in as_member.values():
        member.close()
