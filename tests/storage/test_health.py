"""What doctor reads from a database (storage/health.py), read-only: the schema's migrations,
the index state, the server version; a SQLite file not made yet stays unmade; a file that is
not a library and a server that cannot be reached are put in words (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.storage import repository as repo
from paperdesk.storage.health import (
    MIN_SQLITE,
    DatabaseFacts,
    Unreachable,
    connect_problem,
    probe,
    sqlite_fts5,
)
from paperdesk.storage.models import Passage
from paperdesk.storage.revision import HEAD, MIGRATION_NAMES


def test_a_library_at_head(any_lib: Library) -> None:
    with any_lib.session() as s:
        paper = repo.find_paper(s, "1706.03762")
        for i, text in enumerate(["one passage", "another passage"]):
            s.add(
                Passage(
                    paper_id=paper.id,
                    position=i,
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
    url = any_lib.settings.resolved_database_url
    facts = probe(url, model="hash-64", timeout=5)
    assert facts.exists and sorted(facts.applied) == sorted(MIGRATION_NAMES)
    assert facts.pending == [] and facts.unknown == []
    assert facts.passages == 2 and facts.vectors == 0 and facts.unembedded == 2
    if facts.dialect == "sqlite":
        assert facts.version >= MIN_SQLITE and facts.fts5 == sqlite_fts5()
    else:
        assert facts.version >= (12, 0) and facts.user and facts.can_create
        assert facts.missing_privileges == {} and facts.foreign_owned == {}
        assert facts.text_search_english


def test_a_sqlite_file_not_made_yet_stays_unmade(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    facts = probe(f"sqlite:///{path}", model="hash")
    assert not facts.exists and facts.applied == [] and facts.pending == list(MIGRATION_NAMES)
    assert not path.exists()


def test_a_schema_behind_and_ahead(lib: Library) -> None:
    url = lib.settings.resolved_database_url
    conn = sqlite3.connect(url[len("sqlite:///") :])
    with conn:
        conn.execute("DELETE FROM schema_migrations WHERE name = ?", (HEAD,))
        conn.execute("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_x', '')")
    conn.close()
    facts = probe(url, model="hash")
    assert facts.pending == [HEAD] and facts.unknown == ["9999_x"]
    assert facts.passages is None  # a schema behind: the index state is not read


def test_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"this is not SQLite" * 300)
    with pytest.raises(Unreachable) as info:
        probe(f"sqlite:///{path}", model="hash")
    assert "is not a readable SQLite library" in info.value.finding
    assert "paperdesk import json" in info.value.fix


def test_nothing_listening_is_unreachable() -> None:
    with pytest.raises(Unreachable) as info:
        probe("postgresql://ann:s3cret@127.0.0.1:1/papers", model="hash", timeout=2)
    assert "connection refused" in info.value.finding
    assert "s3cret" not in info.value.finding and "127.0.0.1:1" in info.value.finding


@pytest.mark.parametrize(
    ("message", "finding", "fix"),
    [
        ('FATAL:  password authentication failed for user "ann"', "refused the password", "pgpass"),
        ("fe_sendauth: no password supplied", "none was found", "PGPASSWORD"),
        ('FATAL:  database "papers" does not exist', 'the database "papers" does not exist', ""),
        ('FATAL:  role "bob" does not exist', 'the role "bob" does not exist', "CREATE ROLE"),
        ('could not translate host name "dbx" to address', "host of", "host name"),
        ("timeout expired", "no answer from the server", "VPN"),
        ("FATAL:  no pg_hba.conf entry for host", "pg_hba.conf", "pg_hba.conf line"),
        ("FATAL:  sorry, too many connections already", "no connection slot", "max_connections"),
        ("server closed the connection unexpectedly", "cannot connect: server closed", ""),
    ],
)
def test_connect_problem_in_words(message: str, finding: str, fix: str) -> None:
    url = "postgresql://ann:s3cret@db.example:5432/papers"
    said, todo = connect_problem(RuntimeError(message + "\nDETAIL: password s3cret"), url)
    assert finding in said and fix in todo
    assert "s3cret" not in said + todo


def test_pending_and_unknown_are_derived() -> None:
    facts = DatabaseFacts("sqlite", "x", (3, 45), "SQLite", applied=[MIGRATION_NAMES[0]])
    assert facts.pending == list(MIGRATION_NAMES[1:]) and facts.unknown == []
