"""The database checks of ``paperdesk doctor``: reached, server version, the features and
privileges the schema needs, the schema version, and the search index against the stored
vectors. What is read lives in :mod:`paperdesk.storage.health`; this says what it means."""

from __future__ import annotations

import os
from pathlib import Path

from paperdesk.config import Settings
from paperdesk.services.checks import Check, Status, file_mode, mode_text
from paperdesk.storage import health
from paperdesk.wording import plural


def database_checks(settings: Settings, timeout: float, private: bool) -> list[Check]:
    from paperdesk.search.embedder import get_embedder

    url = settings.resolved_database_url
    try:
        facts = health.probe(url, model=get_embedder(settings).name, timeout=timeout)
    except health.Unreachable as exc:
        return [Check("database", "fail", exc.finding, exc.fix)]
    out = [_reach(settings, facts, private), _version(facts), *_features(facts)]
    out.append(_schema(facts))
    if facts.exists and not facts.pending and not facts.unknown:
        out.append(_index(settings, facts))
    return out


def _reach(settings: Settings, facts: health.DatabaseFacts, private: bool) -> Check:
    if facts.dialect == "sqlite":
        path = Path(settings.resolved_database_url.removeprefix("sqlite:///"))
        if not facts.exists:
            return Check("database", "ok", f"{path} not made yet (the first command makes it)")
        if not os.access(path, os.W_OK):
            return Check("database", "fail", f"{path} is read-only", f"chmod u+w {path}")
        if private and file_mode(path) & 0o077:
            return Check(
                "database",
                "warn",
                f"{path} is {mode_text(path)}: others on this machine can read it",
                f"chmod 600 {path}",
            )
        size = path.stat().st_size / (1 << 20)
        return Check("database", "ok", f"{path} ({size:.1f} MB, {mode_text(path)})")
    who = facts.login if facts.login == facts.user else f"{facts.login} (acting as {facts.user})"
    how = "with a password" if facts.password_used else "without a password"
    return Check("database", "ok", f"connected to {facts.where} as {who}, {how}")


def _version(facts: health.DatabaseFacts) -> Check:
    least = health.MIN_SQLITE if facts.dialect == "sqlite" else health.MIN_POSTGRES
    need = ".".join(map(str, least))
    if facts.version >= least:
        return Check("server", "ok", f"{facts.version_text} (paperdesk needs {need} or newer)")
    fix = (
        "upgrade Python's sqlite3 (a newer Python, or pysqlite3) or use PostgreSQL"
        if facts.dialect == "sqlite"
        else "upgrade the server (any supported PostgreSQL: a distro package, Docker postgres:16)"
    )
    return Check("server", "fail", f"{facts.version_text} is too old: paperdesk needs {need}", fix)


def _features(facts: health.DatabaseFacts) -> list[Check]:
    """What the schema needs beyond core SQL: FTS5 on SQLite; on PostgreSQL no extension, but
    the 'english' text search configuration, CREATE on the schema (migrations), and tables
    owned by a role this user belongs to (a newer paperdesk's migrations alter them)."""
    if facts.dialect == "sqlite":
        if facts.fts5:
            return [Check("features", "ok", "FTS5 full-text search available")]
        return [
            Check(
                "features", "fail", "this SQLite has no FTS5", "use a Python whose sqlite3 has FTS5"
            )
        ]
    out = []
    if not facts.text_search_english:
        out.append(
            Check(
                "features",
                "fail",
                "the text search configuration 'english' is missing",
                "use a standard PostgreSQL build (it ships pg_catalog.english)",
            )
        )
    who, schema = facts.user, facts.schema
    if schema is None:
        return [
            *out,
            Check(
                "privileges",
                "fail",
                f"no schema of the search_path exists for {who}",
                "CREATE SCHEMA, or fix the role's search_path",
            ),
        ]
    if not (facts.can_create and facts.can_use):
        status: Status = "fail" if facts.pending else "warn"
        out.append(
            Check(
                "privileges",
                status,
                f"{who} may not create tables in schema {schema}"
                + (
                    " (needed now: migrations are pending)"
                    if facts.pending
                    else " (the next paperdesk upgrade needs it)"
                ),
                f"as the admin: GRANT CREATE, USAGE ON SCHEMA {schema} TO {who}  (see the README's "
                "Team setup)",
            )
        )
    if facts.in_owner_role:
        out.append(
            Check(
                "privileges",
                "warn",
                f"{who} acts as itself, not as {facts.database_owner} (the owner of "
                f"{facts.database}): tables it creates are its own, out of the other members' "
                "reach",
                f"as the admin: ALTER ROLE {facts.login} IN DATABASE {facts.database} SET role = "
                f"'{facts.database_owner}' (README: Team setup)",
            )
        )
    if facts.missing_privileges:
        table, privileges = next(iter(facts.missing_privileges.items()))
        out.append(
            Check(
                "privileges",
                "fail",
                f"{who} lacks {', '.join(privileges)} on {table}"
                + (
                    f" and {len(facts.missing_privileges) - 1} more table(s)"
                    if len(facts.missing_privileges) > 1
                    else ""
                ),
                "as the owner: GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                f"{schema} TO {who}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {who}; "
                "better, every member acts as the owning role (README: Team setup)",
            )
        )
    elif facts.foreign_owned:
        table, owner = next(iter(facts.foreign_owned.items()))
        out.append(
            Check(
                "privileges",
                "warn",
                f"{len(facts.foreign_owned)} table(s) (e.g. {table}) are owned "
                f"by {owner}, not by a role {who} belongs to: a paperdesk upgrade run by {who} "
                "cannot alter them",
                f"as the admin: REASSIGN OWNED BY {owner} TO <team role>, and ALTER ROLE <member> "
                "IN DATABASE <db> SET role = '<team role>' (README: Team setup)",
            )
        )
    if not out:
        out.append(
            Check(
                "privileges",
                "ok",
                f"{who} may create in schema {schema} and owns or shares every "
                "table; no extension needed",
            )
        )
    return out


def _schema(facts: health.DatabaseFacts) -> Check:
    from paperdesk.storage.revision import HEAD

    if facts.unknown:
        return Check(
            "schema",
            "fail",
            f"this library was written by a newer paperdesk (migration "
            f"{facts.unknown[-1]} is unknown here)",
            "upgrade paperdesk (pip install -U paperdesk) on this machine",
        )
    if not facts.exists or not facts.applied:
        return Check("schema", "ok", "no tables yet: the first paperdesk command creates them")
    if facts.pending:
        return Check(
            "schema",
            "warn",
            f"{len(facts.pending)} migration(s) pending ({facts.pending[0]}"
            + (f" … {facts.pending[-1]}" if len(facts.pending) > 1 else "")
            + ")",
            "run any paperdesk command to upgrade (e.g. paperdesk lists)",
        )
    return Check("schema", "ok", f"at {HEAD}, the newest this paperdesk knows")


def _index(settings: Settings, facts: health.DatabaseFacts) -> Check:
    from paperdesk.search.embedder import get_embedder
    from paperdesk.search.index import read_manifest

    model = get_embedder(settings).name
    if not facts.passages:
        return Check("search", "ok", "nothing parsed yet, so nothing to index")
    if facts.unembedded:
        return Check(
            "search",
            "warn",
            f"{facts.unembedded} of {plural(facts.passages, 'passage')} have no "
            f"{model} vector yet (search matches them by words only)",
            "paperdesk index",
        )
    info = read_manifest(settings.index_dir)
    if info is None:
        return Check(
            "search",
            "warn",
            f"no index in {settings.index_dir}: the next search builds it from "
            f"{facts.vectors} stored vectors",
            "paperdesk index",
        )
    if info.model != model or info.revision != facts.revision:
        why = f"built for {info.model}" if info.model != model else "older than the database"
        return Check(
            "search",
            "warn",
            f"the index ({info.count} vectors) is {why}: the next search "
            "rebuilds it from the stored vectors",
            "paperdesk index",
        )
    return Check("search", "ok", f"{info.count} vectors of {model}, current with the database")
