"""Putting a new PDF file in place of a paper's old one, atomically together with its row.

The new file never takes the old one's name while the old one is still the paper's: it gets a
free name (``KEY.pdf``, or ``KEY.<sha256 prefix>.pdf`` when that is taken), the row is
committed pointing at it, and only then is the old file removed. A small journal
(``.swap.<pid>.<random>.journal`` in the PDF folder, written before the rename) names both
files, so a process killed at any moment leaves a row that points at a whole file, and the
next run (:func:`recover`) removes whichever of the two files the committed row does not use.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from paperdesk import fsutil
from paperdesk.config import Settings
from paperdesk.errors import ParseError
from paperdesk.paths import pdf_file, pdf_target, safe_stem, stored_pdf_path
from paperdesk.storage.models import Paper

JOURNAL_SUFFIX = ".journal"


def free_name(settings: Settings, key: str, sha: str, old: Path | None) -> Path:
    """Where a new PDF of ``key`` goes: its usual name unless a file (the old PDF, or anything
    else) is there, then the name with the new content's sha256 prefix. ``old`` (the file the
    row names now) is never overwritten while the row still names it."""
    target = pdf_target(settings, key)
    if not target.exists():
        return target
    return target.with_name(f"{safe_stem(key)}.{sha[:12]}.pdf")


def swap_in(
    session: Session, settings: Settings, paper: Paper, tmp: Path, sha: str, src: Path
) -> Path:
    """Move the copied file ``tmp`` in as ``paper``'s PDF inside ``session``'s transaction:
    the old file goes once the transaction commits, the new one if it rolls back."""
    old = pdf_file(settings, paper.pdf_path)
    new = free_name(settings, paper.key, sha, old)
    if old is not None and (old.resolve() == new.resolve() or not _ours(settings, old)):
        old = None  # the same name, or a file paperdesk did not make: nothing to remove
    journal = settings.pdf_dir / f".swap.{os.getpid()}.{secrets.token_hex(4)}{JOURNAL_SUFFIX}"
    record = {"paper_id": paper.id, "new": str(new), "old": str(old) if old else None}
    existed = new.exists()
    try:
        fsutil.write_atomic(journal, json.dumps(record).encode())
        os.replace(tmp, new)
        fsutil.fsync_dir(new.parent)
    except OSError as exc:
        journal.unlink(missing_ok=True)
        if fsutil.is_disk_full(exc, settings.pdf_dir):
            raise fsutil.disk_error(exc, new) from None
        raise ParseError(f"cannot store {src.name} as {new}: {exc.strerror or exc}") from None

    done = [False]  # the first of commit / rollback settles it (listeners stay: no removal
    # while the session dispatches events)

    def committed(_session: Session) -> None:
        if not done[0]:
            done[0] = True
            if old is not None:
                with contextlib.suppress(OSError):
                    old.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)

    def rolled_back(_session: Session, previous: object) -> None:
        if not done[0] and not getattr(previous, "nested", False):
            done[0] = True
            if not existed:
                with contextlib.suppress(OSError):
                    new.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_soft_rollback", rolled_back)
    paper.pdf_path = stored_pdf_path(settings, new)
    paper.pdf_sha256 = sha
    return new


def _ours(settings: Settings, path: Path) -> bool:
    """True for a file in the PDF folder (only those are paperdesk's to remove)."""
    return path.resolve().parent == settings.pdf_dir.resolve()


def _same(a: Path | None, b: str | None) -> bool:
    return a is not None and b is not None and a.resolve() == Path(b).resolve()


def recover(session: Session, settings: Settings) -> list[Path]:
    """Finish the swaps of processes that died: remove the file the committed row does not
    point at, then the journal. Returns the files removed."""
    removed: list[Path] = []
    try:
        journals = list(settings.pdf_dir.glob(f".swap.*{JOURNAL_SUFFIX}"))
    except OSError:
        return removed
    for journal in journals:
        fields = journal.name.split(".")
        pid = int(fields[2]) if len(fields) > 2 and fields[2].isdigit() else None
        if pid == os.getpid() or (pid is not None and fsutil.pid_alive(pid)):
            continue  # a swap in progress
        try:
            record = json.loads(journal.read_text())
        except (OSError, ValueError):
            journal.unlink(missing_ok=True)
            continue
        paper = session.get(Paper, record.get("paper_id"))
        current = pdf_file(settings, paper.pdf_path) if paper is not None else None
        loser = record.get("old") if _same(current, record.get("new")) else record.get("new")
        if loser and not _same(current, loser) and _ours(settings, Path(loser)):
            with contextlib.suppress(OSError):
                Path(loser).unlink()
                removed.append(Path(loser))
        journal.unlink(missing_ok=True)
    return removed
