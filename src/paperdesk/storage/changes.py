"""A cheap "has anything changed?" counter, so that a long-lived view (the TUI) notices writes
made by other processes without re-reading its rows every second.

SQLite: ``PRAGMA data_version`` on one held read-only connection: it changes whenever another
connection (another process, or this process's SQLAlchemy engine) commits. Reading it costs a
few microseconds and takes no lock.

PostgreSQL: the snapshot's ``xmax``, the next transaction id to be assigned. It moves only when a
transaction that writes commits or starts writing (read-only transactions take no id), so it is
a change counter for the whole server: a write to another database also moves it, which costs
one needless refresh and never misses a change. No triggers and no LISTEN connection needed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from paperdesk.config import Settings

PG_COUNTER = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text"


class ChangeCounter:
    """``read()`` returns a value that differs from the last one when the library changed."""

    def __init__(self, settings: Settings, library: Any = None) -> None:
        self.settings = settings
        self.library = library  # needed for PostgreSQL only (its engine)
        self._conn: sqlite3.Connection | None = None

    def read(self) -> str:
        if self.settings.is_sqlite:
            return str(self._sqlite().execute("PRAGMA data_version").fetchone()[0])
        from sqlalchemy import text

        with self.library.db.engine.connect() as conn:
            return str(conn.execute(text(PG_COUNTER)).scalar_one())

    def _sqlite(self) -> sqlite3.Connection:
        if self._conn is None:
            path = Path(self.settings.resolved_database_url[len("sqlite:///") :]).resolve()
            self._conn = sqlite3.connect(
                f"{path.as_uri()}?mode=ro", uri=True, timeout=5, check_same_thread=False
            )
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
