from __future__ import annotations

import multiprocessing
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.storage.db import Database
from paperdesk.storage.revision import MIGRATION_NAMES
from tests.conftest import POSTGRES_URL, seed


def test_blank_database_migrates_to_head(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    assert db.migrate() == list(MIGRATION_NAMES)
    assert db.migrate() == []  # idempotent
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "papers",
        "reading_lists",
        "list_entries",
        "state_changes",
        "notes",
        "tags",
        "passages",
        "embeddings",
        "claims",
        "runs",
        "repro_log",
        "passages_fts",
    } <= tables
    db.close()


def test_previous_schema_upgrades_keeping_data(tmp_path: Path) -> None:
    """A library made by the first release (0001 only) upgrades with its rows intact, and the
    keyword index added by 0002 covers passages written before it existed."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = Database(url)
    assert old.migrate(upto="0001_initial") == ["0001_initial"]
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO papers (key, title, authors, categories, reading_state, "
                "replication_state, added_at, updated_at) VALUES ('1706.03762', "
                "'Attention Is All You Need', '[]', '[]', 'read', 'none', "
                "'2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO passages (paper_id, kind, position, text, content_hash) "
                "VALUES (1, 'abstract', 0, 'dominant sequence transduction models', 'h')"
            )
        )
    old.close()
    new = Database(url)
    new.info["member_name"] = "ana"
    assert new.migrate() == list(MIGRATION_NAMES[1:])
    with new.engine.connect() as conn:
        state = "SELECT m.name, r.state FROM readings r JOIN members m ON m.id = r.member_id"
        assert tuple(conn.execute(text(state)).one()) == ("ana", "read")
        hit = conn.execute(
            text("SELECT rowid FROM passages_fts WHERE passages_fts MATCH 'transduction'")
        )
        assert hit.scalar() == 1
    new.close()


def test_sqlite_runs_in_wal_with_foreign_keys(lib: Library) -> None:
    with lib.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_fts_follows_passage_changes(empty_lib: Library) -> None:
    with empty_lib.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO papers (key, title, authors, categories, "
                "replication_state, added_at, updated_at) VALUES ('k', 't', '[]', '[]', "
                "'none', '2024-01-01', '2024-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO passages (paper_id, kind, position, text, content_hash) "
                "VALUES (1, 'body', 0, 'low-rank adapters', 'h')"
            )
        )
    match = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'adapters'"
    with empty_lib.db.engine.begin() as conn:
        assert conn.execute(text(match)).scalar() == 1
        conn.execute(text("DELETE FROM papers"))  # cascades to passages, trigger cleans FTS
        assert conn.execute(text(match)).scalar() == 0


def test_file_is_a_real_sqlite_database(lib: Library, settings: Settings) -> None:
    path = settings.home / "library.sqlite"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == seed().papers
    conn.close()


def _open_at_once(url: str, home: str, member: str, barrier: Any, out: str) -> None:
    from tests.reliability import workload

    barrier.wait(timeout=60)
    try:
        workload.open_lib(url, home, member).close()
        Path(out).write_text("ok")
    except Exception as exc:  # recorded: the test fails on any
        Path(out).write_text(f"{type(exc).__name__}: {exc}")


@pytest.mark.postgres
def test_processes_opening_an_old_postgres_library_at_once_all_migrate_it(
    home: Path, tmp_path: Path
) -> None:
    """The first start after an upgrade: three members open a library at 0013 at the same
    moment; one applies 0014 while the others wait for it (advisory lock), nobody fails."""
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    name = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    try:
        old = Database(url)
        old.migrate(upto="0013_lookup_indexes")
        old.close()
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(3)
        outs = [tmp_path / f"open{i}.txt" for i in range(3)]
        procs = [
            ctx.Process(target=_open_at_once, args=(url, str(home), m, barrier, str(out)))
            for m, out in zip(["ana", "bo", "cy"], outs, strict=True)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
            assert p.exitcode == 0
        assert [out.read_text() for out in outs] == ["ok"] * 3
        db = Database(url)
        with db.engine.connect() as conn:
            names = [r[0] for r in conn.execute(text("SELECT name FROM schema_migrations"))]
        db.close()
        assert sorted(names) == sorted(MIGRATION_NAMES)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
