"""libpq's password file (``~/.pgpass``, ``PGPASSFILE``): which line it would use for a
connection, so that ``paperdesk doctor`` can say when none matches."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Target:
    """Where libpq will connect, as its password file names it."""

    host: str
    port: str
    database: str
    user: str

    def __str__(self) -> str:
        return f"{self.host}:{self.port}:{self.database}:{self.user}"


def target(url: str, env: dict[str, str]) -> Target | None:
    """The host, port, database and user of ``url`` with libpq's defaults (``PGHOST``,
    ``PGPORT``, ``PGUSER``, ``PGDATABASE``, the OS user); None when it does not parse."""
    import getpass

    from psycopg.conninfo import conninfo_to_dict

    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            url = "postgresql://" + url[len(prefix) :]
    try:
        parts = conninfo_to_dict(url)
    except Exception:  # its message quotes the URL, password and all
        return None
    user = str(parts.get("user") or env.get("PGUSER") or getpass.getuser())
    host = str(parts.get("host") or env.get("PGHOST") or "localhost")
    if host.startswith("/"):  # a Unix socket: the password file calls it localhost
        host = "localhost"
    port = str(parts.get("port") or env.get("PGPORT") or "5432")
    database = str(parts.get("dbname") or env.get("PGDATABASE") or user)
    return Target(host.split(",")[0], port.split(",")[0], database, user)


def pgpass_line(path: Path, where: Target) -> int | None:
    """The number of the first line of the password file ``path`` that libpq would use for
    ``where`` (fields ``host:port:database:user:password``, ``*`` matching anything, ``\\:``
    an escaped colon), or None."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    wanted = (where.host, where.port, where.database, where.user)
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _pgpass_fields(line)
        if len(fields) < 5:
            continue
        if all(f == "*" or f == w for f, w in zip(fields[:4], wanted, strict=True)):
            return number
    return None


def _pgpass_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    escaped = False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ":" and len(fields) < 4:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields
