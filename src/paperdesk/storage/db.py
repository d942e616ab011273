"""Engine and sessions. SQLite runs in WAL mode with foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` transactions, so that concurrent processes queue instead of failing.

PostgreSQL runs READ COMMITTED, where a read-then-write is not safe by itself: the code that
reads a row to decide what to write takes the row's lock first (:func:`lock_row`, ``SELECT ...
FOR UPDATE``), inserts whose key may race use :func:`insert_ignore` (``ON CONFLICT DO
NOTHING``), and :meth:`Database.run` re-runs a unit of work that still lost a race
(serialisation failure, deadlock, unique violation, SQLite busy). :meth:`Database.lock` is a
lock across processes and machines for long jobs (an advisory lock on PostgreSQL, a file lock
beside the SQLite file)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from paperdesk.errors import StorageError
from paperdesk.storage.keying import install
from paperdesk.storage.urls import redact

BUSY_TIMEOUT_S = 30
#: How often :meth:`Database.run` tries a unit of work that keeps losing races.
ATTEMPTS = 8
#: PostgreSQL SQLSTATEs that mean "another transaction won; try again".
RETRY_SQLSTATES = {"40001", "40P01", "23505", "55P03"}

T = TypeVar("T")


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


class Database:
    """One engine and its session factory; migrations run on :meth:`open`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        # copied into every new session's ``info`` (the member name: paperdesk.members)
        self.info: dict[str, Any] = {}
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info=self.info)
        install(self._sessions)  # new papers get their citation key at flush

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, upto: str | None = None) -> list[str]:
        from paperdesk.storage.migrations import migrate

        try:
            return migrate(self.engine, upto, member=self.info.get("member_name"))
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
            raise self.error(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def error(self, exc: SQLAlchemyError) -> StorageError:
        """The user-facing error for a failed statement: a full disk says so."""
        from paperdesk import fsutil

        path = _sqlite_path(self.url)
        reason = _reason(exc)
        if "database or disk is full" in reason or (
            path is not None and "disk I/O error" in reason and fsutil.is_disk_full(exc, path)
        ):
            where = path.parent if path is not None else "the database server"
            return fsutil.DiskFullError(
                f"disk full: the library database cannot grow ({where}); free some space and "
                "run the command again"
            )
        return StorageError(f"database error at {redact(self.url)}: {reason}")

    def run(self, work: Callable[[Session], T], *, attempts: int = ATTEMPTS) -> T:
        """``work(session)`` in a unit of work, re-run from the start when it lost a race to
        another process (see :func:`retryable`); the last failure is raised as usual."""
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session:
                    return work(session)
            except StorageError as exc:
                cause = exc.__cause__
                if attempt == attempts or not isinstance(cause, SQLAlchemyError):
                    raise
                if not retryable(cause):
                    raise
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def lock(self, name: str, *, timeout: float = -1) -> Iterator[None]:
        """Hold the library-wide lock ``name`` (every process and machine using this database
        waits for it, at most ``timeout`` seconds if given, then :class:`LockTimeout`):
        ``pg_advisory_lock`` on PostgreSQL, a file lock beside a SQLite file."""
        from paperdesk import fsutil

        if self.dialect == "postgresql":
            from sqlalchemy import text

            with self.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                key = {"k": f"paperdesk:{name}"}
                if timeout < 0:
                    conn.execute(text("SELECT pg_advisory_lock(hashtext(:k))"), key)
                else:
                    deadline = time.monotonic() + timeout
                    try_lock = text("SELECT pg_try_advisory_lock(hashtext(:k))")
                    while not conn.execute(try_lock, key).scalar():
                        if time.monotonic() > deadline:
                            raise fsutil.LockTimeout(
                                f"{name} is busy in another paperdesk process; try again when "
                                "it has finished"
                            )
                        time.sleep(0.05)
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(hashtext(:k))"), key)
            return
        path = _sqlite_path(self.url)
        if path is None:  # an in-memory database lives in one process
            yield
            return
        lock = path.with_name(f".{path.name}.{name}.lock")
        with fsutil.file_lock(lock, timeout=timeout, what=name):
            yield

    def close(self) -> None:
        self.engine.dispose()


def retryable(exc: SQLAlchemyError) -> bool:
    """True when ``exc`` means another transaction won a race and a re-run would succeed."""
    if not isinstance(exc, DBAPIError):
        return False
    code = getattr(exc.orig, "sqlstate", None)
    if code in RETRY_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text


def lock_row(session: Session, obj: Any) -> None:
    """Re-read ``obj`` holding its row lock, so that what is written next is based on the
    latest committed row (PostgreSQL; on SQLite the transaction already holds the write lock
    from its first statement: ``BEGIN IMMEDIATE``). Unflushed changes are flushed first."""
    if session.get_bind().dialect.name == "sqlite":
        return
    state = inspect(obj)
    if not state.persistent:
        return
    if session.is_modified(obj):
        session.flush()
    # FOR NO KEY UPDATE, not FOR UPDATE: it still conflicts with itself, so writers of the same
    # row (a history chain: same paper's record, same member's reading) stay serialised, but
    # not with the KEY SHARE lock that an insert referencing the row takes for its foreign key
    # (another member's tag, note or reading of this paper need not queue behind us). Nothing
    # here changes a key column, which is what FOR UPDATE would additionally guard.
    session.refresh(obj, with_for_update={"key_share": True})


def insert_ignore(session: Session, model: type, **values: Any) -> None:
    """``INSERT`` a row unless one with the same unique key exists (``ON CONFLICT DO
    NOTHING``): two processes adding the same tag or list entry both succeed."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(model).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(model).values(**values).on_conflict_do_nothing())


def changed(session: Session, statement: Executable) -> int:
    """Run an ``UPDATE`` or ``DELETE`` and return how many rows it changed."""
    return cast("CursorResult[Any]", session.execute(statement)).rowcount


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]
