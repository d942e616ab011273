"""What ``paperdesk doctor`` asks a database, without changing it.

A SQLite library is opened read-only through the stdlib ``sqlite3`` (a missing file stays
missing); a PostgreSQL server is reached with a connect timeout, and a failure to connect is
put in words with what to fix (:func:`connect_problem`). Nothing here creates a table: the
migrations' own tracking table is looked for, never made.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.storage.fastread import Reader
from paperdesk.storage.revision import MIGRATION_NAMES
from paperdesk.storage.urls import redact_text

#: The oldest servers the schema runs on: PostgreSQL 12 for the generated ``tsvector`` column
#: of migration 0002; SQLite 3.35 for ``ALTER TABLE … DROP COLUMN`` (the members migration),
#: ``ON CONFLICT DO NOTHING`` (3.24) and FTS5.
MIN_POSTGRES = (12, 0)
MIN_SQLITE = (3, 35, 0)


@dataclass
class Unreachable(Exception):
    """The database cannot be reached or opened: what happened and what to do."""

    finding: str
    fix: str


@dataclass
class DatabaseFacts:
    """What the checks read from a reachable database."""

    dialect: str  # "sqlite" or "postgresql"
    where: str  # the URL with its password hidden
    version: tuple[int, ...]
    version_text: str
    exists: bool = True  # False: a SQLite file not made yet (the first command makes it)
    applied: list[str] = field(default_factory=list)
    fts5: bool = True  # SQLite only
    user: str = ""  # PostgreSQL: the role statements run as (current_user)
    login: str = ""  # PostgreSQL: the role that logged in (session_user)
    password_used: bool = False
    schema: str | None = None
    can_create: bool = True
    can_use: bool = True
    text_search_english: bool = True
    #: tables of the schema whose owner is not a role ``user`` belongs to (they cannot be
    #: altered by the migrations of a newer paperdesk)
    foreign_owned: dict[str, str] = field(default_factory=dict)
    #: tables ``user`` may not read or write: table -> the missing privileges
    missing_privileges: dict[str, list[str]] = field(default_factory=dict)
    database: str = ""
    database_owner: str = ""
    #: ``user`` belongs to the database owner's role but does not act as it: the tables it
    #: creates would be its own, out of the other members' reach
    in_owner_role: bool = False
    passages: int | None = None
    vectors: int | None = None  # stored vectors of the configured model
    unembedded: int | None = None  # ranked passages without one
    revision: str | None = None  # the index revision the database is at (search/store.py)

    @property
    def pending(self) -> list[str]:
        return [name for name in MIGRATION_NAMES if name not in set(self.applied)]

    @property
    def unknown(self) -> list[str]:
        """Migrations recorded in the database that this paperdesk does not know."""
        return sorted(set(self.applied) - set(MIGRATION_NAMES))


def probe(url: str, *, model: str, timeout: float = 5.0) -> DatabaseFacts:
    """Read :class:`DatabaseFacts` from the database at ``url``; :class:`Unreachable` when it
    cannot be connected to or opened."""
    if url.startswith("sqlite"):
        return _probe_sqlite(url, model)
    return _probe_postgres(url, model, timeout)


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_fts5() -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _probe_sqlite(url: str, model: str) -> DatabaseFacts:
    version = tuple(int(x) for x in sqlite3.sqlite_version.split("."))
    facts = DatabaseFacts("sqlite", redact_text(url), version, f"SQLite {sqlite3.sqlite_version}")
    facts.fts5 = sqlite_fts5()
    raw = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
    path = Path(raw)
    if raw in ("", ":memory:") or not path.exists():
        facts.exists = False
        return facts
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise Unreachable(f"cannot open {path}: {exc}", "check the file and its folder") from None
    try:
        reader = _SqliteReader(conn)
        if not reader.rows("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'"):
            return facts
        facts.applied = [r[0] for r in reader.rows("SELECT name FROM schema_migrations")]
        _read_index_state(reader, facts, model)
    except sqlite3.DatabaseError as exc:
        raise Unreachable(
            f"{path} is not a readable SQLite library: {exc}",
            "restore it from a backup (paperdesk import json) or point PAPERDESK_HOME elsewhere",
        ) from None
    finally:
        conn.close()
    return facts


class _SqliteReader(Reader):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params or {}).fetchall()


# --- PostgreSQL -------------------------------------------------------------------------------


class _ConnReader(Reader):
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        return [tuple(r) for r in self.conn.execute(text(sql), params or {})]


def _engine(url: str, timeout: float) -> Any:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from paperdesk.errors import StorageError
    from paperdesk.storage.db import make_engine

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise Unreachable(
            f"{redact_text(url)} is not a database URL",
            'write it as postgresql://USER@HOST:PORT/DATABASE (e.g. "postgresql://ana@db.lab'
            ':5432/paperdesk"), the password in ~/.pgpass',
        ) from None
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(max(1, round(timeout)))})
    try:
        return make_engine(parsed.render_as_string(hide_password=False))
    except StorageError as exc:
        raise Unreachable(str(exc), "write it as postgresql://USER@HOST:PORT/DATABASE") from None


def _probe_postgres(url: str, model: str, timeout: float) -> DatabaseFacts:
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(url, timeout)
    try:
        try:
            conn = engine.connect()
        except SQLAlchemyError as exc:
            raise Unreachable(*connect_problem(exc, url)) from None
        with conn:
            try:
                return _read_postgres(conn, redact_text(url), model)
            except SQLAlchemyError as exc:
                reason = redact_text(str(getattr(exc, "orig", None) or exc).splitlines()[0])
                raise Unreachable(
                    f"connected to {redact_text(url)}, but reading its catalog failed: {reason}",
                    "check the role's privileges on the database (README: Team setup)",
                ) from None
    finally:
        engine.dispose()


_CATALOG = """
SELECT current_setting('server_version_num')::int, current_setting('server_version'),
       current_user, session_user, current_schema(),
       current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE'),
       current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'USAGE'),
       EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english'),
       current_database(), pg_get_userbyid(d.datdba), pg_has_role(d.datdba, 'MEMBER'),
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
FROM pg_database d WHERE d.datname = current_database()
"""
_TABLES = """
SELECT c.relname, pg_get_userbyid(c.relowner), pg_has_role(c.relowner, 'USAGE'),
       has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'),
       has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""
#: the sequences behind id columns: an INSERT needs USAGE on them too
_SEQUENCES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema()
  AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(c.oid, 'USAGE') ELSE false END
ORDER BY c.relname
"""


def _read_postgres(conn: Any, where: str, model: str) -> DatabaseFacts:
    reader = _ConnReader(conn)
    (num, text_version, user, login, schema, create, usage, english, database, owner, member,
     superuser) = reader.rows(_CATALOG)[0]  # fmt: skip
    facts = DatabaseFacts(
        "postgresql",
        where,
        (num // 10000, num % 10000),
        f"PostgreSQL {text_version}",
        user=user,
        login=login,
        schema=schema,
        can_create=bool(create),
        can_use=bool(usage),
        text_search_english=bool(english),
        database=database,
        database_owner=owner,
        in_owner_role=bool(member) and not superuser and owner != user,
    )
    dbapi = conn.connection.driver_connection
    facts.password_used = bool(getattr(dbapi.info, "password", None))
    tables = reader.rows(_TABLES)
    for name, owner, member, *privileges in tables:
        if not member:
            facts.foreign_owned[name] = owner
        missing = [
            p
            for p, ok in zip(("SELECT", "INSERT", "UPDATE", "DELETE"), privileges, strict=True)
            if not ok
        ]
        if missing:
            facts.missing_privileges[name] = missing
    for (sequence,) in reader.rows(_SEQUENCES):
        facts.missing_privileges[sequence] = ["USAGE"]
    if "schema_migrations" in {t[0] for t in tables} and not facts.missing_privileges.get(
        "schema_migrations"
    ):
        facts.applied = [r[0] for r in reader.rows("SELECT name FROM schema_migrations")]
        if not any(name in facts.missing_privileges for name in ("passages", "embeddings", "meta")):
            _read_index_state(reader, facts, model)
    return facts


def _read_index_state(reader: Reader, facts: DatabaseFacts, model: str) -> None:
    """Passages, stored vectors and the index revision, when the tables are there (a library
    at an older schema may lack some: then nothing is read)."""
    if facts.pending:
        return
    from paperdesk.search import store, vectors

    facts.passages = int(reader.rows("SELECT COUNT(*) FROM passages")[0][0])
    facts.vectors = vectors.count(reader, model)
    facts.unembedded = vectors.missing_count(reader, model)[0]
    facts.revision = store.revision(reader, model)


# --- why a connection failed ------------------------------------------------------------------

_PGPASS_FIX = (
    "put the password in ~/.pgpass (a line HOST:PORT:DATABASE:USER:PASSWORD, chmod 600) or "
    "PGPASSFILE, or set PGPASSWORD; never in the command line"
)


def connect_problem(exc: BaseException, url: str) -> tuple[str, str]:
    """(finding, fix) for a failed connection, in the words of what to do about it; the
    driver's message is kept (its password hidden) for anything not recognised."""
    message = str(getattr(exc, "orig", None) or exc)
    first = redact_text(message.strip().splitlines()[0] if message.strip() else repr(exc))
    low = message.lower()
    where = redact_text(url)
    rules: list[tuple[tuple[str, ...], str, str]] = [
        (
            ("connection refused",),
            f"nothing accepts connections at {where} (connection refused)",
            "start the server, or correct the host and port in database_url",
        ),
        (
            ("timeout expired", "timed out"),
            f"no answer from the server of {where} in time",
            "check the host name, the network (VPN, firewall) and that the server listens on "
            "that address",
        ),
        (
            (
                "failed to resolve host",
                "could not translate host name",
                "name or service not known",
            ),
            f"the host of {where} is unknown",
            "correct the host name in database_url",
        ),
        (
            ("password authentication failed",),
            "the server refused the password (password authentication failed)",
            "correct the password in ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD) or "
            "PGPASSWORD, or ask the admin to reset it (ALTER ROLE … PASSWORD)",
        ),
        (
            ("no password supplied",),
            "the server asks for a password and none was found",
            _PGPASS_FIX,
        ),
        (
            ("does not exist",),
            _does_not_exist(message, where),
            "create it as the admin (see the README's Team setup: CREATE ROLE / CREATE "
            "DATABASE), or correct database_url",
        ),
        (
            ("no pg_hba.conf entry",),
            "the server does not accept this user from this machine (no pg_hba.conf entry)",
            "ask the admin to add a pg_hba.conf line for this host, user and database "
            "(scram-sha-256), or connect with SSL if the line requires it",
        ),
        (
            ("ssl", "certificate"),
            f"the SSL handshake failed: {first}",
            "match sslmode to the server: ?sslmode=require needs a server with SSL; "
            "?sslmode=verify-full also needs sslrootcert=FILE naming the CA",
        ),
        (
            ("too many connections", "remaining connection slots"),
            "the server has no connection slot left",
            "close idle sessions or ask the admin to raise max_connections",
        ),
    ]
    for needles, finding, fix in rules:
        if any(n in low for n in needles):
            return redact_text(finding), fix
    return f"cannot connect: {first}", "check database_url and that the server is running"


def _does_not_exist(message: str, where: str) -> str:
    import re

    found = re.search(r'(database|role) "([^"]*)" does not exist', message)
    if found:
        return f'the {found[1]} "{found[2]}" does not exist on the server of {where}'
    return redact_text(message.splitlines()[0])
