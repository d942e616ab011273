"""Migration 0014 (storage/migrate_members.py) on the stored libraries of old releases, on
SQLite and PostgreSQL: personal rows go to one member named at migration time, nothing is
lost, running it again changes nothing, and a library with nothing personal gets no member."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from paperdesk.storage.db import Database
from paperdesk.storage.migrations import MIGRATIONS
from tests.storage.test_upgrade import _restore
from tests.storage.test_upgrade import database_urls as database_urls  # the fixture

COUNTS = {
    "readings": "SELECT COUNT(*) FROM readings",
    "history": "SELECT COUNT(*) FROM state_changes",
    "notes": "SELECT COUNT(*) FROM notes",
    "tags": "SELECT COUNT(*) FROM paper_tags",
    "attempts by someone": "SELECT COUNT(*) FROM repro_attempts WHERE created_by IS NOT NULL",
    "members": "SELECT COUNT(*) FROM members",
}


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {name: int(conn.execute(text(sql)).scalar() or 0) for name, sql in COUNTS.items()}


def test_the_member_is_named_by_paperdesk_user_and_a_rerun_changes_nothing(
    database_urls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_USER", "chen")
    url = database_urls()
    _restore("prev", url)
    db = Database(url)  # no member name passed in: the migration asks configured_name
    db.migrate()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM members")).scalars().all() == ["chen"]
        states = conn.execute(text("SELECT state FROM readings ORDER BY state")).scalars().all()
        assert states == ["queued", "read"]
        columns = conn.execute(text("SELECT * FROM papers")).keys()
        assert "reading_state" not in columns
    before = _counts(db)
    assert before["history"] > 0 and before["notes"] == 1 and before["tags"] == 1
    step = dict(MIGRATIONS)["0014_members"]
    with db.engine.begin() as conn:
        step(conn)
    assert _counts(db) == before
    db.close()


def test_a_library_with_nothing_personal_gets_no_member(database_urls: Any) -> None:
    db = Database(database_urls())
    db.info["member_name"] = "ana"
    db.migrate()
    assert _counts(db)["members"] == 0
    db.close()
