"""Writing export files: atomically (temp file + ``os.replace``) so that a reader, a sync tool
or a crash never sees half a file, and without touching a file whose bytes would not change."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import ExportError
from paperdesk.fsutil import read_text_file

if TYPE_CHECKING:
    from paperdesk.library import Library


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


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def target_mode(path: Path, umask: int | None = None) -> int:
    """The permissions a written file gets: those of the file it replaces, or what ``open``
    would give a new file (0o666 less the umask). ``mkstemp`` alone makes every export 0600."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~(_umask() if umask is None else umask)


def make_folder(folder: Path, what: str) -> None:
    """Create ``folder`` (and its parents) for ``what``; a folder on the way that is a file is
    named as such (``mkdir`` would only say "File exists" or "Not a directory")."""
    for step in (folder, *folder.parents):
        if step.exists():
            if not step.is_dir():
                raise ExportError(f"cannot write {what}: {step} is a file, not a folder")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {what}: {exc.strerror}") from None


def _make_parent(path: Path) -> None:
    make_folder(path.parent, str(path))


def _failed(path: Path, exc: OSError) -> ExportError:
    from paperdesk import fsutil

    if isinstance(exc, fsutil.DiskFullError):
        return ExportError(str(exc))
    return ExportError(f"cannot write {path}: {exc.strerror}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; the old file stays intact on any failure
    (:func:`paperdesk.fsutil.write_atomic`; a full disk is named as such)."""
    from paperdesk import fsutil
    from paperdesk.errors import DiskFullError

    _make_parent(path)
    fsutil.sweep(path.parent)  # what a killed export left beside it
    try:
        fsutil.write_atomic(path, data, mode=target_mode(path))
    except DiskFullError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise _failed(path, exc) from None


def write_many_atomic(items: list[tuple[Path, bytes]]) -> None:
    """Replace many files, each in one step, with one ``os.sync`` for all
    (:func:`paperdesk.fsutil.replace_all`). A failure leaves every file not yet renamed as it
    was; a run killed meanwhile leaves temporary files the next export removes."""
    from paperdesk import fsutil
    from paperdesk.errors import DiskFullError

    umask = _umask() if items else 0
    for folder in {path.parent for path, _ in items}:
        make_folder(folder, str(folder))
        fsutil.sweep(folder, legacy=True)  # a vault is paperdesk's: earlier releases' too
    try:
        fsutil.replace_all(list(items), mode_of=lambda path: target_mode(path, umask))
    except DiskFullError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise _failed(Path(exc.filename or "?"), exc) from None


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def _written_key(path: Path) -> str:
    """The ``meta`` row recording what paperdesk last wrote at ``path`` (by its real path)."""
    where = os.path.realpath(path.parent) + os.sep + path.name
    return "export:" + sha256_bytes(where.encode("utf-8", "surrogateescape"))


def write_export(lib: Library, path: Path, text: str, *, force: bool = False) -> None:
    """Write an export FILE: never over a file paperdesk did not write (or that was edited
    since it did) and never over a symbolic link, unless ``force``; even then a link is
    replaced, never written through. What was written is recorded in the library, so that
    the next export of the same file replaces it without asking."""
    from paperdesk.storage.models import Meta

    data = text.encode("utf-8")
    key = _written_key(path)
    if not force and path.is_symlink():
        raise ExportError(
            f"{path} is a symbolic link: paperdesk does not write through or over one "
            "(give the file itself, or --force to replace the link)"
        )
    if not force and os.path.lexists(path):
        if not path.is_file():
            raise ExportError(f"cannot write {path}: it is not a file")
        with lib.session() as s:
            row = s.get(Meta, key)
            known = row.value if row is not None else None
        if known is None or sha256_file(path) != known:
            raise ExportError(
                f"{path} exists and paperdesk did not write it (or it was edited since): "
                "use --force to replace it"
            )
    write_atomic(path, data)
    with lib.session() as s:
        row = s.get(Meta, key)
        if row is None:
            s.add(Meta(key=key, value=sha256_bytes(data)))
        else:
            row.value = sha256_bytes(data)


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of an input file, or an :class:`ExportError` naming ``what`` and where."""
    return read_text_file(path, what, error=ExportError)
