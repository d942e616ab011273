"""Writing export files: atomically (temp file + ``os.replace``) so that a reader, a sync tool
or a crash never sees half a file, and without touching a file whose bytes would not change."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from paperdesk.errors import ExportError


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist or is not a regular file."""
    try:
        return sha256_bytes(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the old file stays intact on any failure."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None


def write_many_atomic(items: list[tuple[Path, bytes]]) -> None:
    """Replace many files, each in one step: all are written to temp files, flushed to disk
    with one ``os.sync`` (instead of an fsync per file, which dominates a large vault export),
    then renamed into place. A failure leaves every file not yet renamed as it was."""
    if not hasattr(os, "sync"):
        for path, data in items:
            write_atomic(path, data)
        return
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                           suffix=".tmp")
                temps.append((tmp, path))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror}") from None
        os.sync()
        while temps:
            tmp, path = temps[0]
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise ExportError(f"cannot write {path}: {exc.strerror}") from None
            temps.pop(0)
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of an input file, or an :class:`ExportError` naming ``what`` and where."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"no such {what}: {path}") from None
    except IsADirectoryError:
        raise ExportError(f"{path} is a folder, not a {what}") from None
    except OSError as exc:
        raise ExportError(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportError(
            f"{what} {path} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from None
