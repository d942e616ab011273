"""Migration 0009: the feed and dismissal tables on a library made before it (SQLite and
PostgreSQL), created by the migration itself and safe to run twice."""

from __future__ import annotations

from sqlalchemy import inspect, text

from paperdesk.library import Library
from paperdesk.storage.migrations import MIGRATIONS
from paperdesk.storage.models import Paper

_TABLES = ("feed_entries", "suggestion_dismissals")


def test_0009_creates_the_feed_tables_on_an_older_library(any_lib: Library) -> None:
    db = any_lib.db
    with db.engine.begin() as conn:  # a library from before 0009, with a paper in it
        for table in _TABLES:
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0009_feed'"))
    assert not set(_TABLES) & set(inspect(db.engine).get_table_names())
    assert db.migrate() == ["0009_feed"]
    assert set(_TABLES) <= set(inspect(db.engine).get_table_names())
    step = dict(MIGRATIONS)["0009_feed"]
    with db.engine.begin() as conn:
        step(conn)  # idempotent: a second run changes nothing and does not fail
    columns = {c["name"] for c in inspect(db.engine).get_columns("feed_entries")}
    assert {"arxiv_id", "content_hash", "dismissed_at", "published"} <= columns
    with any_lib.session() as s:
        assert s.query(Paper).count() > 0  # the library's papers are untouched
