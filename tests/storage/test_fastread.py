"""The read path without SQLAlchemy (storage/fastread.py): used only for a current, seeded
SQLite library, read-only; anything else (no file yet, a migration missing, a seed list changed,
PostgreSQL) gives None so the caller opens the full library. Both readers run the same SQL
with the same rows."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.services.papers import mark
from paperdesk.storage.fastread import SessionReader, SqliteReader, open_fast
from paperdesk.storage.queries import LIST_SUMMARIES, PAPER_COUNT
from paperdesk.storage.revision import HEAD
from tests.conftest import seed


def _db(settings: Settings) -> Path:
    return Path(settings.resolved_database_url[len("sqlite:///") :])


def test_a_current_library_is_read_fast(lib: Library, settings: Settings) -> None:
    fast = open_fast(settings)
    assert isinstance(fast, SqliteReader)
    try:
        assert fast.rows(PAPER_COUNT) == [(seed().papers,)]
        slow = SessionReader(lib)
        member = slow.member()
        assert fast.rows(LIST_SUMMARIES, {"member": member}) == slow.rows(
            LIST_SUMMARIES, {"member": member}
        )
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            fast.rows("DELETE FROM papers")
    finally:
        fast.close()


def test_no_file_yet(settings: Settings) -> None:
    assert not _db(settings).exists()
    assert open_fast(settings) is None
    assert not _db(settings).exists()  # and none is made


def test_a_missing_migration_or_a_changed_seed_needs_the_full_library(
    lib: Library, settings: Settings
) -> None:
    conn = sqlite3.connect(_db(settings))
    with conn:
        conn.execute("UPDATE meta SET value = 'stale' WHERE key LIKE 'seed:%'")
    assert open_fast(settings) is None
    # without seeding, the seed marks do not matter
    off = dataclasses.replace(settings, seed_lists=False)
    reader = open_fast(off)
    assert reader is not None
    reader.close()
    with conn:
        conn.execute("DELETE FROM schema_migrations WHERE name = ?", (HEAD,))
    conn.close()
    assert open_fast(off) is None


def test_not_a_library_or_not_sqlite(settings: Settings) -> None:
    path = _db(settings)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    assert open_fast(settings) is None
    pg = dataclasses.replace(settings, database_url="postgresql://u@127.0.0.1:1/x")
    assert open_fast(pg) is None


def test_member_is_found_once_made(lib: Library, settings: Settings) -> None:
    fast = open_fast(settings)
    assert fast is not None
    try:
        assert fast.member() == -1  # nobody has written anything personal yet
        mark(lib, "1706.03762", "read")
        found = fast.member()
        assert found > 0 and found == SessionReader(lib).member()
    finally:
        fast.close()


def test_session_reader_on_both_databases(any_lib: Library) -> None:
    reader = SessionReader(any_lib)
    assert reader.rows(PAPER_COUNT) == [(seed().papers,)]
    assert reader.member() == -1
    mark(any_lib, "1706.03762", "reading")
    assert SessionReader(any_lib).member() > 0
