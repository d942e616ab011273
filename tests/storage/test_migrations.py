from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import inspect, text

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.storage.db import Database
from paperdesk.storage.revision import MIGRATION_NAMES
from tests.conftest import seed


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
    assert new.migrate() == list(MIGRATION_NAMES[1:])
    with new.engine.connect() as conn:
        assert conn.execute(text("SELECT reading_state FROM papers")).scalar() == "read"
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
                "INSERT INTO papers (key, title, authors, categories, reading_state, "
                "replication_state, added_at, updated_at) VALUES ('k', 't', '[]', '[]', "
                "'unread', 'none', '2024-01-01', '2024-01-01')"
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
