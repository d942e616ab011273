"""Migration 0010: the code-links table and ``papers.annotations_sha256`` on a library made
before it (SQLite and PostgreSQL), created by the migration itself and safe to run twice
(0015 later moves that hash to the notes: tests/storage/test_note_annotations_migration.py)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from paperdesk.library import Library
from paperdesk.services.links import save_links
from paperdesk.storage import repository as repo
from paperdesk.storage.migrations import MIGRATIONS

NAME = "0010_annotations_links"


def test_0010_on_an_older_library(any_lib: Library) -> None:
    db = any_lib.db
    with db.engine.begin() as conn:  # a library from before 0010
        conn.execute(text("DROP TABLE paper_links"))  # (0015 already dropped the papers' hash)
        conn.execute(text(f"DELETE FROM schema_migrations WHERE name = '{NAME}'"))
    assert "paper_links" not in inspect(db.engine).get_table_names()
    assert db.migrate() == [NAME]
    insp = inspect(db.engine)
    assert "paper_links" in insp.get_table_names()
    assert "annotations_sha256" in {c["name"] for c in insp.get_columns("papers")}
    with db.engine.begin() as conn:
        dict(MIGRATIONS)[NAME](conn)  # idempotent: a second run changes nothing
    with any_lib.session() as s:
        paper = repo.find_paper(s, "1706.03762")
        link = {"url": "https://github.com/a/b", "kind": "code", "host": "github.com", "page": 1}
        assert save_links(s, paper, [link, link]) == 1  # one row per URL
