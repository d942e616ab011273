"""Database: a full SQLite file is reported as a full disk, lost races are re-run, a
library-wide lock excludes other processes, and inserts that may race never fail."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select, text

from paperdesk.errors import DiskFullError, StorageError
from paperdesk.fsutil import LockTimeout
from paperdesk.library import Library
from paperdesk.members import ensure_member
from paperdesk.storage.db import Database, insert_ignore
from paperdesk.storage.models import Tag


def test_a_full_database_says_disk_full(lib: Library) -> None:
    full = pytest.raises(DiskFullError, match="disk full: the library database cannot grow")
    with full, lib.session() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar()
        s.execute(text(f"PRAGMA max_page_count = {pages + 2}"))  # as if the disk were full
        s.execute(
            text(
                "INSERT INTO notes (paper_id, member_id, body, revision, updated_at) "
                "SELECT id, :member, :big, 0, CURRENT_TIMESTAMP FROM papers"
            ),
            {"big": "x" * 200_000, "member": ensure_member(s).id},
        )


def test_a_lost_race_is_run_again_on_postgresql_only(any_lib: Library) -> None:
    with any_lib.session() as s:
        insert_ignore(s, Tag, name="taken")
        insert_ignore(s, Tag, name="taken")  # no error: ON CONFLICT DO NOTHING
    calls = []

    def work(s) -> int:  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:  # as if another process had added it between read and write
            s.add(Tag(name="taken"))
            s.flush()
        return int(s.scalar(select(func.count(Tag.id)).where(Tag.name == "taken")) or 0)

    if any_lib.db.dialect == "postgresql":
        assert any_lib.db.run(work) == 1 and len(calls) == 2
    else:  # SQLite serialises writers: a unique violation is a real error, not a race
        with pytest.raises(StorageError, match="UNIQUE"):
            any_lib.db.run(work)
        assert len(calls) == 1


def _hold(url: str, ready, release) -> None:  # type: ignore[no-untyped-def]
    db = Database(url)
    with db.lock("job"):
        ready.set()
        release.wait(10)
    db.close()


def test_lock_excludes_another_process(any_lib: Library) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    any_lib.db.engine.dispose()
    holder = ctx.Process(target=_hold, args=(any_lib.db.url, ready, release))
    holder.start()
    assert ready.wait(20)
    busy = pytest.raises(LockTimeout, match="job is busy in another paperdesk process")
    with busy, any_lib.db.lock("job", timeout=0.2):
        pass
    release.set()
    holder.join(20)
    with any_lib.db.lock("job", timeout=10):
        pass
