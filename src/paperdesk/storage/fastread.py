"""A read path for list views that needs neither SQLAlchemy nor the ORM.

``paperdesk papers`` on a 10,000-paper library must answer in well under half a second, and
importing SQLAlchemy alone costs ~0.25 s. When the library is the default SQLite file, already
migrated to the head schema (every migration applied) and seeded with the current lists and
roadmap, the list views read it through the stdlib ``sqlite3`` module, read-only. Anything else
returns None and the caller opens the full :class:`~paperdesk.library.Library`, which migrates
and seeds first.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from paperdesk.config import Settings
from paperdesk.listorder import roadmap_path
from paperdesk.readinglists import seed_files
from paperdesk.storage.revision import MIGRATION_NAMES


class Reader:
    """Runs the shared SQL of :mod:`paperdesk.storage.queries` on some connection."""

    settings: Settings | None = None
    _member: int | None = None

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def member(self) -> int:
        """My member id for ``:member`` (-1: no row yet, so personal joins match nothing);
        one small query, cached once found (a reader kept across my first write then sees
        it; see :mod:`paperdesk.members`)."""
        if self._member is None:
            from paperdesk.members import configured_name, member_id_from_rows
            from paperdesk.storage.queries import MEMBER_LOOKUP

            name, source = configured_name(self.settings)
            found = member_id_from_rows(self.rows(MEMBER_LOOKUP, {"name": name}), name, source)
            if found is None:
                return -1
            self._member = found
        return self._member

    def member_named(self, name: str) -> int:
        """The id of the member ``name`` (``papers --reader``); NotFoundError with the closest
        names when there is none."""
        from paperdesk.members import member_id_named

        return member_id_named(name, self.rows("SELECT id, name FROM members"))

    def close(self) -> None:  # pragma: no cover - trivial
        pass


class SqliteReader(Reader):
    def __init__(self, conn: sqlite3.Connection, settings: Settings | None = None) -> None:
        self.conn = conn
        self.settings = settings

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params or {}).fetchall()

    def close(self) -> None:
        self.conn.close()


class SessionReader(Reader):
    """The same SQL through SQLAlchemy (PostgreSQL, or a library that needed migrating)."""

    def __init__(self, library: Any) -> None:
        self.library = library
        self.settings = library.settings

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        with self.library.db.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params or {})]


def open_fast(settings: Settings) -> SqliteReader | None:
    """A read-only sqlite3 reader if the library is current, else None."""
    if settings.database_url and not settings.database_url.startswith("sqlite:///"):
        return None
    path = Path(settings.resolved_database_url[len("sqlite:///") :])
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return None
    try:
        marks = ",".join("?" * len(MIGRATION_NAMES))
        (done,) = conn.execute(
            f"SELECT COUNT(*) FROM schema_migrations WHERE name IN ({marks})", MIGRATION_NAMES
        ).fetchone()
        if done != len(MIGRATION_NAMES):
            conn.close()
            return None
        if settings.seed_lists:
            stored = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'seed:%'"))
            roadmap = roadmap_path()
            for seed in [*seed_files(), *([roadmap] if roadmap.is_file() else [])]:
                if stored.get(f"seed:{seed.name}") != hashlib.sha256(seed.read_bytes()).hexdigest():
                    conn.close()
                    return None
    except sqlite3.Error:
        conn.close()
        return None
    return SqliteReader(conn, settings)
