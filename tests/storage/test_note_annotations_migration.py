"""Migration 0015: the hash of the PDF whose annotations were last merged moves from the paper
to each member's note (SQLite and PostgreSQL); a lone member keeps it, so nothing is imported
twice; with several members nobody's note claims it; safe to run twice."""

from __future__ import annotations

from sqlalchemy import inspect, text

from paperdesk.library import Library
from paperdesk.services.notes import append_note
from paperdesk.storage.migrations import MIGRATIONS

NAME = "0015_note_annotations"
HASH = "a" * 64


def _before_0015(lib: Library) -> None:
    """The library as 0014 left it: the hash on the paper, none on the notes."""
    with lib.db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE notes DROP COLUMN annotations_sha256"))
        conn.execute(text("ALTER TABLE papers ADD COLUMN annotations_sha256 VARCHAR(64)"))
        conn.execute(
            text("UPDATE papers SET annotations_sha256 = :h WHERE arxiv_id = '1706.03762'"),
            {"h": HASH},
        )
        conn.execute(text(f"DELETE FROM schema_migrations WHERE name = '{NAME}'"))


def _hashes(lib: Library) -> list[tuple[str, str | None]]:
    with lib.db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT m.name, n.annotations_sha256 FROM notes n "
                "JOIN members m ON m.id = n.member_id ORDER BY m.name"
            )
        )
        return [(r[0], r[1]) for r in rows]


def _columns(lib: Library, table: str) -> set[str]:
    return {c["name"] for c in inspect(lib.db.engine).get_columns(table)}


def test_a_lone_members_note_keeps_the_hash(any_lib: Library) -> None:
    append_note(any_lib, "1706.03762", "read section 3 again")
    _before_0015(any_lib)
    assert any_lib.db.migrate() == [NAME]
    assert "annotations_sha256" not in _columns(any_lib, "papers")
    assert "annotations_sha256" in _columns(any_lib, "notes")
    assert [h for _, h in _hashes(any_lib)] == [HASH]
    with any_lib.db.engine.begin() as conn:
        dict(MIGRATIONS)[NAME](conn)  # idempotent: a second run changes nothing
    assert [h for _, h in _hashes(any_lib)] == [HASH]


def test_with_several_members_no_note_claims_the_hash(any_lib: Library) -> None:
    append_note(any_lib, "1706.03762", "mine")
    with any_lib.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO members (name, created_at) VALUES ('bo', '2026-01-01')"))
    _before_0015(any_lib)
    assert any_lib.db.migrate() == [NAME]
    assert "annotations_sha256" not in _columns(any_lib, "papers")
    assert [h for _, h in _hashes(any_lib)] == [None]  # the next sync merges them once
