"""The same behaviour on SQLite and (when a server is available) PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select, text

from paperdesk.library import Library
from paperdesk.services import notes, papers
from paperdesk.services.listing import PaperFilter, SessionReader, list_papers, list_summaries
from paperdesk.storage.models import Claim, Paper, StateChange
from tests.conftest import seed


def test_seeded_library(any_lib: Library) -> None:
    with any_lib.session() as s:
        assert s.scalar(select(func.count(Paper.id))) == seed().papers
        assert s.scalar(select(func.count(Claim.id))) == 7
    reader = SessionReader(any_lib)
    summaries = list_summaries(reader)
    assert len(summaries) == len(seed().lists)
    assert sum(x.total for x in summaries) == sum(seed().lists.values())
    rows = list_papers(reader, PaperFilter(list_name="transformers-core"))
    assert [r.id for r in rows][:3] == [
        "bahdanau2014neural",
        "luong2015effective",
        "vaswani2017attention",
    ]
    assert rows[3].id == "radford2018improving" and rows[3].stage == "3. Pre-training"


def test_marks_notes_tags_and_keyword_index(any_lib: Library) -> None:
    papers.mark(any_lib, "arXiv:1706.03762v5", "reading")
    papers.mark(any_lib, "https://arxiv.org/abs/1706.03762", "read")
    papers.set_tags(any_lib, "1706.03762", ["Attention", "core"], [])
    notes.save_note(any_lib, "1706.03762", "# Multi-head attention\nQKV ✓\n")
    with any_lib.session() as s:
        history = s.scalars(select(StateChange).order_by(StateChange.id)).all()
        assert [(h.old_state, h.new_state) for h in history] == [
            ("unread", "reading"),
            ("reading", "read"),
        ]
    rows = list_papers(SessionReader(any_lib), PaperFilter(reading="read", tag="attention"))
    assert [r.id for r in rows] == ["vaswani2017attention"]
    assert rows[0].tags == ["attention", "core"]
    assert notes.get_note(any_lib, "1706.03762").body.endswith("QKV ✓\n")
    with any_lib.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO passages (paper_id, kind, position, section, text, content_hash) "
                "SELECT id, 'body', 1, 'Intro', 'scaled dot-product attention', 'h' "
                "FROM papers WHERE arxiv_id = '1706.03762'"
            )
        )
        if any_lib.db.dialect == "sqlite":
            q = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'scaled'"
        else:
            q = "SELECT count(*) FROM passages WHERE tsv @@ plainto_tsquery('english', 'scaled')"
        assert conn.execute(text(q)).scalar() == 1
