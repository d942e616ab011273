"""Run a ``paperdesk`` command in a forked copy of this process and SIGKILL it at a chosen
moment; fingerprint a library home so that two homes can be compared.

A fork starts in milliseconds (the CLI is imported already), which is what lets a suite kill
every command twenty times and re-run it inside a few minutes. The child gets its own
process group so that the kill takes its helpers (the parse worker) with it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdesk import fsutil


@dataclass
class Run:
    code: int | None  # None: killed
    seconds: float


def run(argv: list[str], env: dict[str, str], *, kill_after: float | None = None) -> Run:
    """``paperdesk ARGV`` with ``env``; killed (with its process group) after ``kill_after``
    seconds when given and still running."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            os.setpgrp()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1):  # stderr stays: pytest shows it when a test fails
                os.dup2(devnull, fd)
            os.environ.clear()
            os.environ.update(env)
            from paperdesk.cli.main import cli

            try:
                cli.main(args=argv, prog_name="paperdesk", standalone_mode=True)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback

            traceback.print_exc()  # code 70: a traceback, which no command should end in
        finally:
            os._exit(code)
    if kill_after is not None:
        deadline = started + kill_after
        while time.perf_counter() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return Run(os.waitstatus_to_exitcode(status), time.perf_counter() - started)
            time.sleep(min(0.005, max(0.0, deadline - time.perf_counter())))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if kill_after is not None:
        _reap_group(pid)
    return Run(None if code == -signal.SIGKILL else code, time.perf_counter() - started)


def _reap_group(pgid: int) -> None:
    """Wait until no process of the killed group is left (the parse worker dies with it)."""
    for _ in range(200):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)


def copy_home(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
    return dst


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_path(home: Path) -> Path:
    return home / "library.sqlite"


def integrity(home: Path, *, may_miss: frozenset[str] = frozenset()) -> list[str]:
    """Problems of the SQLite file: integrity_check, foreign keys, and rows whose PDF is
    missing (unless its paper's key is in ``may_miss``: a restored backup names PDFs the next
    sync downloads) or not the file the row's sha256 names."""
    problems: list[str] = []
    con = sqlite3.connect(db_path(home))
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        bad = con.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            problems.append(f"foreign keys: {bad[:3]}")
        rows = con.execute(
            "SELECT key, pdf_path, pdf_sha256 FROM papers WHERE pdf_path IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    for key, pdf_path, digest in rows:
        path = Path(pdf_path) if Path(pdf_path).is_absolute() else home / "pdfs" / pdf_path
        if not path.is_file():
            if key not in may_miss:
                problems.append(f"{key}: its PDF {path.name} is missing")
        elif digest and sha(path) != digest:
            problems.append(f"{key}: {path.name} is not the file its row names")
    return problems


def missing_pdfs(home: Path) -> frozenset[str]:
    """Keys of papers whose row names a PDF that is not there."""
    return frozenset(p.split(":")[0] for p in integrity(home) if p.endswith(" is missing"))


def leftovers(*folders: Path) -> list[str]:
    """Temporary files (any release's naming) in ``folders``."""
    found = []
    for folder in folders:
        if folder.is_dir():
            for p in folder.iterdir():
                if fsutil._leftover(p.name, True)[0] or p.name.endswith(".journal"):
                    found.append(p.name)
    return sorted(found)


_TABLES = {
    "papers": "key, title, year, pdf_sha256, parse_status, replication_state",
    "members": "id, name",
    "readings": "member_id, paper_id, state",
    "notes": "paper_id, member_id, body, revision",
    "passages": "paper_id, content_hash",
    "embeddings": "content_hash, model, dim",
    "list_entries": "list_id, paper_id, position",
    "tags": "name",
    "paper_tags": "paper_id, tag_id, member_id",
    "state_changes": "paper_id, track, old_state, new_state, member_id",
    "reading_lists": "name, title, source",
}


def fingerprint(home: Path, *, vault: Path | None = None) -> dict[str, Any]:
    """What a command can change, comparable between homes (no timestamps, no file names:
    a replaced PDF may sit under either of two names)."""
    con = sqlite3.connect(db_path(home))
    out: dict[str, Any] = {}
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out["counts"] = {
            n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]
            for n in sorted(names)
            if n != "meta" and not n.startswith("sqlite_")
        }
        for table, cols in _TABLES.items():
            if table in names:
                rows = con.execute(f"SELECT {cols} FROM {table}").fetchall()
                out[table] = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
    finally:
        con.close()
    pdfs = home / "pdfs"
    out["pdfs"] = sorted(sha(p) for p in pdfs.glob("*.pdf")) if pdfs.is_dir() else []
    manifest = home / "index" / "manifest.json"
    if manifest.exists():
        info = json.loads(manifest.read_text())
        out["index"] = (info["model"], info["count"])
    if vault is not None and vault.is_dir():
        out["vault"] = {
            str(p.relative_to(vault)): sha(p)
            for p in sorted(vault.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }
    return out
