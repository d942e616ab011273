"""Settings from the environment (``PAPERDESK_*``) and an optional TOML config file.

Precedence: environment variable > config file > default. The config file is
``$PAPERDESK_HOME/config.toml`` when ``PAPERDESK_HOME`` is set, otherwise the platform's user
config dir (``~/.config/paperdesk/config.toml`` on Linux), or ``PAPERDESK_CONFIG``.
Keys in the file are the variable names without the prefix, lower-cased (``arxiv_delay = 3``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from paperdesk.errors import ConfigError

DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
MAX_AUTO_THREADS = 4


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Build with :func:`load_settings`; tests pass values directly."""

    home: Path
    database_url: str = ""
    arxiv_api_url: str = DEFAULT_ARXIV_API_URL
    arxiv_delay: float = 3.0
    arxiv_timeout: float = 30.0
    arxiv_retries: int = 3
    pdf_max_mb: float = 100.0
    parse_timeout: float = 120.0
    parse_memory_mb: int = 2048
    model: str = DEFAULT_MODEL
    threads: int = 0  # 0: all cores, at most MAX_AUTO_THREADS (see embed_threads)
    seed_lists: bool = True
    # add, parse and fetch embed what they brought in (when the model loads offline), so that
    # search right after them ranks the new passages too
    auto_index: bool = True
    # the TUI's reading time: a period in the reading view or note editor ends at the last key
    # or mouse event once none came for this long
    reading_idle_minutes: float = 5.0
    # sync merges the annotations of every changed PDF into its paper's note
    sync_annotations: bool = False
    # paperdesk feed: arXiv categories (comma-separated, or a TOML list), how many days back a
    # run fetches and shows, and the most entries one category may bring in one run
    feed_categories: str = "cs.CL,cs.LG"
    feed_days: int = 7
    feed_max: int = 2000
    # the member name in a shared library (PAPERDESK_USER; "": the OS user name), see members.py
    user: str = ""
    # permissions of what paperdesk creates (octal text, as for the shell's umask): applied at
    # start-up by the CLI (cli/main.private_files), before anything is written
    umask: str = "077"
    config_file: Path | None = field(default=None, compare=False)

    @cached_property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'library.sqlite'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def pdf_dir(self) -> Path:
        return self.home / "pdfs"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def export_dir(self) -> Path:
        """Where the TUI's export dialog offers to write (the CLI takes a path)."""
        return self.home / "exports"

    @property
    def umask_bits(self) -> int:
        """:attr:`umask` as the number ``os.umask`` takes (checked by :func:`load_settings`)."""
        return int(self.umask, 8)

    @property
    def embed_threads(self) -> int:
        """Threads for the embedding model: configured, else all cores but capped at 4."""
        if self.threads > 0:
            return self.threads
        return max(1, min(MAX_AUTO_THREADS, os.cpu_count() or 1))

    @property
    def threads_why(self) -> str:
        """Why :attr:`embed_threads` is what it is, for ``paperdesk config`` ("" when set)."""
        if self.threads > 0:
            return ""
        cores = os.cpu_count() or 1
        return f"all {cores} core{'s' if cores != 1 else ''}, at most {MAX_AUTO_THREADS}"


_TYPES: dict[str, type] = {f.name: f.type for f in fields(Settings)}  # type: ignore[misc]
_CONVERT: dict[str, Callable[[Any], Any]] = {"float": float, "int": int, "str": str}
_KINDS = {"float": "a number", "int": "a whole number", "bool": "true or false", "str": "text"}
_KEYS = [f.name for f in fields(Settings) if f.name not in ("home", "config_file")]


def _convert(name: str, raw: Any, where: str) -> Any:
    """``raw`` as the type of setting ``name``; ``where`` names its source in the error (the
    variable, or ``FILE: name``)."""
    kind = str(_TYPES[name])
    try:
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if name == "user" and not isinstance(raw, str):  # a name, never ["x"] or 5
            raise TypeError(raw)
        if name == "umask" and not isinstance(raw, str):
            # TOML reads 022 as an error and 0o22 as 18: only text keeps the digits as typed
            raise ConfigError(f'{where} must be octal text such as "077" (quoted), got {raw!r}')
        if kind == "str" and isinstance(raw, list):  # feed_categories = ["cs.CL", "cs.LG"]
            return ",".join(str(x) for x in raw)
        return _CONVERT[kind](raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{where} must be {_KINDS.get(kind, kind)}, got {raw!r}") from None


def default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("paperdesk", appauthor=False))


def _config_path(env: dict[str, str]) -> Path:
    if explicit := env.get("PAPERDESK_CONFIG"):
        return Path(explicit).expanduser()
    if home := env.get("PAPERDESK_HOME"):
        return Path(home).expanduser() / "config.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("paperdesk", appauthor=False)) / "config.toml"


def _read_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    unknown = sorted(set(data) - set(_KEYS) - {"home"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(_KEYS)}"
        )
    return data


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from ``env`` (default ``os.environ``) and the config file."""
    env = dict(os.environ if env is None else env)
    path = _config_path(env)
    file_values = _read_config(path)
    values: dict[str, Any] = {}
    where: dict[str, str] = {}  # each setting's source, as errors name it
    for name in _KEYS:
        var = f"PAPERDESK_{name.upper()}"
        where[name] = var
        if var in env:
            values[name] = _convert(name, env[var], var)
        elif name in file_values:
            where[name] = f"{path}: {name}"
            values[name] = _convert(name, file_values[name], where[name])
    if home := env.get("PAPERDESK_HOME"):
        home_path, home_from = Path(home).expanduser(), "PAPERDESK_HOME"
    elif "home" in file_values:
        home_path, home_from = Path(str(file_values["home"])).expanduser(), f"{path}: home"
    else:
        home_path, home_from = default_home(), "the default home"
    from paperdesk.storage.urls import remember

    remember(values.get("database_url", ""), env.get("PGPASSWORD", ""))  # never printed
    settings = Settings(home=home_path.resolve(), config_file=path, **values)
    _check_home(settings.home, home_from)
    _check(settings, where)
    return settings


def startup_umask(env: dict[str, str] | None = None) -> int:
    """The umask to apply before anything is written: ``PAPERDESK_UMASK``, else ``umask`` in
    the config file, else 077. Read before the other settings (``paperdesk --help`` must not
    fail on them): a config file that does not parse is left to the command that reads it,
    but a bad umask in either place is refused here."""
    env = dict(os.environ if env is None else env)
    if "PAPERDESK_UMASK" in env:
        raw, where = env["PAPERDESK_UMASK"], "PAPERDESK_UMASK"
    else:
        path = _config_path(env)
        try:
            data = _read_config(path)
        except ConfigError:
            data = {}
        if "umask" not in data:
            return _umask_bits(Settings.umask, "the default umask")
        where = f"{path}: umask"
        raw = _convert("umask", data["umask"], where)
    return _umask_bits(raw, where)


def _umask_bits(raw: str, where: str) -> int:
    try:
        mask = int(raw.strip(), 8)
        if not 0 <= mask <= 0o777:
            raise ValueError
    except ValueError:
        raise ConfigError(f"{where} must be an octal mask such as 077, not {raw!r}") from None
    return mask


def _check_home(home: Path, where: str) -> None:
    """The home, or the nearest part of its path that exists, must be a folder: a file there
    would surface later as "cannot create …: File exists"."""
    for part in (home, *home.parents):
        try:
            if part.is_dir():
                return
            if not part.exists():
                continue
        except OSError:  # unreadable: creating the folder says what is wrong
            return
        if part == home:
            raise ConfigError(f"{where} {home} is a file, not a folder: point it at a folder")
        raise ConfigError(
            f"{where} {home} cannot be made: {part} is a file, not a folder; point it at a folder"
        )


def _check(s: Settings, where: dict[str, str] | None = None) -> None:
    """Values that parse but make no sense, named by where they come from: the variable, or
    the config file and its key."""
    where = where or {}

    def name(setting: str) -> str:
        return where.get(setting, f"PAPERDESK_{setting.upper()}")

    problems = []
    if s.arxiv_delay < 0:
        problems.append(f"{name('arxiv_delay')} must be >= 0 (got {s.arxiv_delay})")
    for setting in ("arxiv_timeout", "pdf_max_mb", "parse_timeout"):
        if getattr(s, setting) <= 0:
            problems.append(f"{name(setting)} must be > 0 (got {getattr(s, setting)})")
    if s.arxiv_retries < 0:
        problems.append(f"{name('arxiv_retries')} must be >= 0 (got {s.arxiv_retries})")
    if s.threads < 0:
        problems.append(
            f"{name('threads')} must be >= 0 (0: all cores, at most {MAX_AUTO_THREADS}; "
            f"got {s.threads})"
        )
    if s.reading_idle_minutes <= 0:
        problems.append(
            f"{name('reading_idle_minutes')} must be > 0 (got {s.reading_idle_minutes})"
        )
    if s.parse_memory_mb < 256:
        problems.append(f"{name('parse_memory_mb')} must be at least 256 (got {s.parse_memory_mb})")
    if s.feed_days < 1 or s.feed_max < 1:
        problems.append(
            f"{name('feed_days')} and {name('feed_max')} must be >= 1 (got {s.feed_days}, "
            f"{s.feed_max})"
        )
    if not s.arxiv_api_url.startswith(("http://", "https://")):
        problems.append(f"{name('arxiv_api_url')} must be an http(s) URL (got {s.arxiv_api_url!r})")
    try:
        _umask_bits(s.umask, name("umask"))
    except ConfigError as exc:
        problems.append(str(exc))
    if problems:
        raise ConfigError("; ".join(problems))


def sources(env: dict[str, str] | None = None) -> dict[str, str]:
    """Where each setting's effective value comes from, for ``paperdesk config``: the variable
    (``env PAPERDESK_MODEL``), the config file (``file``) or ``default``; ``home`` included."""
    env = dict(os.environ if env is None else env)
    file_values = _read_config(_config_path(env))
    out = {}
    for name in ("home", *_KEYS):
        var = f"PAPERDESK_{name.upper()}"
        out[name] = f"env {var}" if var in env else "file" if name in file_values else "default"
    return out
