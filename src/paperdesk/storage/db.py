"""Engine and sessions. SQLite runs in WAL mode with foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` transactions, so that concurrent processes queue instead of failing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from paperdesk.errors import StorageError
from paperdesk.storage.keying import install

BUSY_TIMEOUT_S = 30


def _sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix) :] not in ("", ":memory:"):
        return Path(url[len(prefix) :])
    return None


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite gets its folder created and its pragmas set."""
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create {path.parent}: {exc.strerror}") from None
        from sqlalchemy import URL

        # Built from parts, not parsed: a folder named "a#b?c" or "50%" stays one path.
        target: str | URL = url if path is None else URL.create("sqlite", database=str(path))
        engine = create_engine(
            target, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        return create_engine(url, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StorageError(f"cannot use database URL {redact(url)}: {exc}") from None


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


class Database:
    """One engine and its session factory; migrations run on :meth:`open`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        install(self._sessions)  # new papers get their citation key at flush

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, upto: str | None = None) -> list[str]:
        from paperdesk.storage.migrations import migrate

        try:
            return migrate(self.engine, upto)
        except SQLAlchemyError as exc:
            path = _sqlite_path(self.url)
            if path is not None and path.exists() and not _writable(path):
                raise StorageError(
                    f"the library at {path} is read-only: paperdesk needs to write the file "
                    f"and its folder (check permissions, or set PAPERDESK_HOME)"
                ) from None
            raise StorageError(
                f"cannot open the library at {redact(self.url)}: {_reason(exc)}"
            ) from None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StorageError(f"database error at {redact(self.url)}: {_reason(exc)}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]
