"""Migration 0008: the reading-time table on a library made before it (SQLite and, when a
server is set, PostgreSQL); running it again changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import inspect, text

from paperdesk.library import Library
from paperdesk.services.reading_time import Period, record
from paperdesk.storage.migrations import MIGRATIONS


def test_0008_adds_the_table_and_is_idempotent(any_lib: Library) -> None:
    engine = any_lib.db.engine
    with engine.begin() as conn:  # make it look like a library from before 0008
        conn.execute(text("DROP TABLE reading_periods"))
        conn.execute(
            text(
                "DELETE FROM schema_migrations WHERE name IN ('0008_reading_time', '0014_members')"
            )
        )
    assert "reading_periods" not in inspect(engine).get_table_names()
    # 0014 runs again too (idempotent): the re-made table gets its member column
    assert any_lib.db.migrate() == ["0008_reading_time", "0014_members"]
    step = dict(MIGRATIONS)["0008_reading_time"]
    with engine.begin() as conn:
        step(conn)  # again: nothing to do, no error
    assert any_lib.db.migrate() == []
    insp = inspect(engine)
    assert {c["name"] for c in insp.get_columns("reading_periods")} == {
        "id",
        "paper_id",
        "member_id",
        "view",
        "started_at",
        "ended_at",
        "seconds",
    }
    start = datetime(2026, 12, 1, 9)
    record(any_lib, Period("vaswani2017attention", "reader", start, start + timedelta(hours=1)))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT view, seconds FROM reading_periods")).all() == [
            ("reader", 3600)
        ]
