"""The ORM tables (storage/models.py): they match the schema the migrations build (every
table and column, SQLite and PostgreSQL), deleting a paper takes what is its own with it while
a member's deletion leaves the shared history, and timestamps are naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, inspect, select

from paperdesk.library import Library
from paperdesk.services import notes, papers
from paperdesk.storage.models import Base, Member, Paper, StateChange, utcnow, utcnow_precise
from tests.conftest import seed


def test_models_match_the_migrated_head(any_lib: Library) -> None:
    found = inspect(any_lib.db.engine)
    own = {"schema_migrations"}  # the migrations' tracking table
    tables = {t for t in found.get_table_names() if t not in own and not t.startswith("passages_")}
    assert tables == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in found.get_columns(name)}
        if name == "passages" and any_lib.db.dialect == "postgresql":
            columns.discard("tsv")  # the keyword index's generated column (migration 0002)
        assert columns == {c.name for c in table.columns}, name


def test_timestamps_are_naive_utc() -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    second, precise = utcnow(), utcnow_precise()
    assert second.tzinfo is None and precise.tzinfo is None
    assert second.microsecond == 0
    assert abs(precise - now) < timedelta(seconds=5) and abs(second - now) < timedelta(seconds=5)


def test_deleting_a_member_keeps_the_shared_history(any_lib: Library) -> None:
    papers.mark(any_lib, "1706.03762", "read")
    with any_lib.session() as s:
        (member,) = s.scalars(select(Member)).all()
        s.delete(member)
    with any_lib.session() as s:
        (change,) = s.scalars(select(StateChange)).all()
        assert change.member_id is None and change.new_state == "read"


def test_deleting_a_paper_cascades(any_lib: Library) -> None:
    from paperdesk.storage.models import ListEntry, Note, PaperTag
    from paperdesk.storage.repository import find_paper

    notes.save_note(any_lib, "1706.03762", "gone with the paper")
    papers.set_tags(any_lib, "1706.03762", ["core"], [])
    papers.mark(any_lib, "1706.03762", "read")
    with any_lib.session() as s:
        s.delete(find_paper(s, "1706.03762"))
    with any_lib.session() as s:
        assert s.scalar(select(func.count(Paper.id))) == seed().papers - 1
        assert s.scalar(select(func.count(Note.id))) == 0
        assert s.scalar(select(func.count()).select_from(PaperTag)) == 0
        assert s.scalar(select(func.count(StateChange.id))) == 0
        assert s.scalar(select(func.count(ListEntry.id))) == sum(seed().lists.values()) - 1
