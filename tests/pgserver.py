"""A throwaway PostgreSQL server that asks for passwords (scram-sha-256), for the tests of how
paperdesk finds a password (~/.pgpass, PGPASSFILE, PGPASSWORD) and how it reports a wrong one.

Made with ``initdb`` in a temporary folder on a free port from 5500 up and stopped (and
removed) afterwards; as root it runs as the ``postgres`` user (initdb refuses root). Tests that
use it skip when there is no ``initdb`` (on PATH or in ``/usr/lib/postgresql/*/bin``)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN_PASSWORD = "admin-Pw-4d9c"


@dataclass
class ScramServer:
    host: str
    port: int
    folder: Path

    def url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def sql(self, statements: str, database: str = "postgres") -> None:
        """Run SQL as the superuser (autocommit, one statement at a time)."""
        import psycopg

        conn = psycopg.connect(
            self.url(database=database), password=ADMIN_PASSWORD, autocommit=True
        )
        try:
            for statement in filter(None, (s.strip() for s in statements.split(";"))):
                conn.execute(statement)
        finally:
            conn.close()


def _tool(name: str) -> str | None:
    """On PATH, else in Debian's versioned folder (as .ci/run finds them), newest first."""
    found = shutil.which(name)
    if found:
        return found
    import glob

    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return versions[-1] if versions else None


def _free_port(start: int = 5500) -> int:
    for port in range(start, start + 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port from 5500 up for a test PostgreSQL server")


@contextmanager
def scram_server() -> Iterator[ScramServer]:
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("initdb/pg_ctl not found: no password-auth PostgreSQL server to test with")
    as_root = os.geteuid() == 0
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a 'postgres' user for initdb")
    folder = Path(tempfile.mkdtemp(prefix="paperdesk-pg-"))
    data, pwfile = folder / "data", folder / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if as_root:
        for path in (folder, pwfile):
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def run(*cmd: str) -> None:
        line = " ".join(f"'{c}'" for c in cmd)
        argv = ["su", "postgres", "-s", "/bin/sh", "-c", line] if as_root else list(cmd)
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr or done.stdout}")

    port = _free_port()
    try:
        run(initdb, "-D", str(data), "-A", "scram-sha-256", f"--pwfile={pwfile}", "-U",
            "postgres")  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"cannot start a test PostgreSQL server: {exc}")
    try:
        yield ScramServer("127.0.0.1", port, folder)
    finally:
        try:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
