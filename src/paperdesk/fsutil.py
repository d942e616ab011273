"""Files the project writes: atomic replacement, temporary names, locks and a full disk.

Every temporary file or folder paperdesk makes is hidden and carries the writing process's id:
``.NAME.<pid>.<random>.tmp`` (folders end in ``.tmpdir``). :func:`sweep` removes those whose
process is gone (or that are older than a day, for pids that were reused), so a command killed
with SIGKILL leaves nothing that the next run of any command does not clean up. Legacy names
(``.attach.*.pdf.part`` from ``add --pdf``, ``.NAME.<pid>.*.part`` from downloads) are swept
too.

A replacement is written to such a temporary file beside its target, fsynced and renamed over
it with ``os.replace`` (atomic on one file system), then the folder is fsynced: a reader or a
crash sees the old file or the new one, never half of one.

Locks between processes are :mod:`filelock` locks (``fcntl.flock`` on POSIX, ``msvcrt`` on
Windows), released by the OS when their holder dies.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from paperdesk.errors import DiskFullError, PaperdeskError

TEMP_SUFFIX = ".tmp"
TEMP_DIR_SUFFIX = ".tmpdir"
#: A leftover whose pid is still alive (the pid was reused) goes after this long.
MAX_AGE_S = 24 * 3600
#: Less free space than this on a failed write means the disk is full, whatever errno says
#: (SQLite reports a failed WAL write as "disk I/O error").
FULL_BELOW_BYTES = 4 * 1024 * 1024
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def temp_path(target: Path, suffix: str = TEMP_SUFFIX) -> Path:
    """A fresh hidden name beside ``target`` that :func:`sweep` recognises."""
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{suffix}")


def open_temp(
    target: Path, mode: int | None = None, *, suffix: str = TEMP_SUFFIX
) -> tuple[IO[bytes], Path]:
    """A new temporary file beside ``target`` (its folder created), open for writing; with
    ``mode`` its permissions (a temp file is 0600 by default, like ``mkstemp``). ``suffix``
    is ``.tmp`` or ``.part`` (a download)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = temp_path(target, suffix)
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
            )
            break
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
    try:
        if mode is not None:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # pragma: no cover - Windows before 3.13
                os.chmod(tmp, mode)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return os.fdopen(fd, "wb"), tmp


def make_temp_dir(target: Path) -> Path:
    """A new hidden temporary folder beside ``target`` (renamed into place when complete)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target, TEMP_DIR_SUFFIX)
    tmp.mkdir(mode=0o700)
    return tmp


def write_atomic(
    target: Path, data: bytes | Callable[[IO[bytes]], Any], *, mode: int | None = None
) -> None:
    """Replace ``target`` with ``data`` (bytes, or a function writing to a binary file) in one
    step; on any failure ``target`` is as it was and no temporary file is left.

    Raises :class:`OSError` (the caller names what it was writing), except that a full disk is
    :class:`DiskFullError`."""
    replace_all([(target, data)], mode_of=lambda _: mode, sync_each=True)


def replace_all(
    items: list[tuple[Path, bytes | Callable[[IO[bytes]], Any]]],
    *,
    mode_of: Callable[[Path], int | None] = lambda _: None,
    sync_each: bool = False,
) -> None:
    """Replace many files, each in one step: all are written to temporary files, made durable
    (one ``os.sync`` for all where the system has it, instead of an fsync per file, which
    dominates a large vault export), then renamed into place. A failure leaves every file not
    yet renamed as it was, and no temporary file."""
    sync_each = sync_each or not hasattr(os, "sync")
    temps: list[tuple[Path, Path]] = []
    target = items[0][0] if items else Path(".")
    try:
        for target, data in items:
            fh, tmp = open_temp(target, mode_of(target))
            temps.append((tmp, target))
            with fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                if sync_each:
                    fh.flush()
                    os.fsync(fh.fileno())
        if not sync_each and temps:
            os.sync()
        folders: set[Path] = set()
        while temps:
            tmp, target = temps[0]
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            folders.add(target.parent)
            temps.pop(0)
        for folder in folders:
            fsync_dir(folder)
    except OSError as exc:
        if is_disk_full(exc, target.parent):
            raise disk_error(exc, target) from None
        raise
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()


def write_text_atomic(target: Path, text: str, *, mode: int | None = None) -> None:
    write_atomic(target, text.encode("utf-8"), mode=mode)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); harmless where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # os.kill would terminate the process on Windows; rely on age instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


#: ``.NAME.<pid>.<8 hex>.tmp`` / ``.tmpdir``: what :func:`temp_path` makes.
_OURS = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.(?:tmp|tmpdir|part)$")
#: Names of earlier releases: downloads (``.NAME.<pid>.<mkstemp>.part``), ``add --pdf``
#: copies (``.attach.<mkstemp>.pdf.part``), exports (``.NAME.<mkstemp>.tmp``) and index files.
_LEGACY = re.compile(
    r"^\.(?:.+\.(\d+)\.[A-Za-z0-9_]+\.part|attach\.[A-Za-z0-9_]{8}\.pdf\.part"
    r"|.+\.[A-Za-z0-9_]{8}\.tmp|(?:vectors\.npy|ids\.npy|hnsw\.faiss|manifest\.json)\."
    r"[A-Za-z0-9_]{8})$"
)


def _leftover(name: str, legacy: bool) -> tuple[bool, int | None]:
    """(is it a temporary name of ours, the pid in it)."""
    m = _OURS.match(name) or (_LEGACY.match(name) if legacy else None)
    if m is None:
        return False, None
    pid = m.group(1)
    return True, int(pid) if pid else None


def sweep(*folders: Path, max_age: float = MAX_AGE_S, legacy: bool = False) -> list[Path]:
    """Remove the temporary files and folders in ``folders`` left by dead processes (or older
    than ``max_age``); ``legacy`` also those of earlier releases (only in folders paperdesk
    owns: the PDF folder, the index, a vault). Best effort: what cannot be removed is left for
    the next run."""
    removed: list[Path] = []
    now = time.time()
    me = os.getpid()
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            ours, pid = _leftover(entry.name, legacy)
            if not ours:
                continue
            try:
                old = now - entry.stat(follow_symlinks=False).st_mtime > max_age
                if pid == me and not old:
                    continue
                if (pid is not None and not pid_alive(pid)) or old:
                    path = Path(entry.path)
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(path)
                    else:
                        path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed


def is_disk_full(exc: BaseException, where: Path | None = None) -> bool:
    """True when ``exc`` is a full disk (or quota): by errno, or an I/O error on a file system
    with (almost) no space left."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _FULL_ERRNOS:
        return True
    if where is None or code not in (None, errno.EIO):
        return False
    return free_bytes(where) < FULL_BELOW_BYTES


def free_bytes(where: Path) -> int:
    """Free space for unprivileged writers on the file system holding ``where``."""
    for path in (where, *where.parents):
        try:
            return shutil.disk_usage(path).free
        except OSError:
            continue
    return 1 << 62


def disk_error(exc: BaseException, target: Path) -> DiskFullError:
    return DiskFullError(
        f"disk full: cannot write {target.name} in {target.parent}; free some space and run "
        "the command again"
    )


class LockTimeout(PaperdeskError):
    """Another process holds a lock longer than a command is willing to wait."""


@contextlib.contextmanager
def file_lock(path: Path, *, timeout: float = -1, what: str = "") -> Iterator[None]:
    """Hold the cross-process lock ``path`` (created with its folder); ``timeout`` seconds at
    most (-1: wait as long as it takes)."""
    from filelock import FileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeout(
            f"{what or path.name} is busy in another paperdesk process (lock {path}); "
            "try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()


def read_text_file(
    path: Path,
    what: str = "file",
    *,
    max_bytes: int | None = None,
    error: type[PaperdeskError] = PaperdeskError,
    missing: type[PaperdeskError] | None = None,
) -> str:
    """The UTF-8 text of an input file the user named (a byte-order mark dropped), or one
    ``error`` naming where and what went wrong: missing (as ``missing`` when given), a folder,
    larger than ``max_bytes``, unreadable, not UTF-8."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise error(
                f"{path}: the {what} is {size / 2**20:.1f} MB; at most {max_bytes >> 20} MB is read"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise (missing or error)(f"{path}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not a {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{path}: the {what} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
