"""Where files live under PAPERDESK_HOME, and safe file names. No name is ever built from raw
user input: only from a normalised id (``ArxivId.filename``) or a sanitised key."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from paperdesk.config import Settings


def safe_stem(key: str) -> str:
    """A file-name stem for a paper key: ``cs/0306050`` → ``cs_0306050``; never ``..``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._") or "paper"
    return stem[:120]


def pdf_target(settings: Settings, key: str) -> Path:
    """Where the PDF of paper ``key`` is stored."""
    return settings.pdf_dir / f"{safe_stem(key)}.pdf"


def stored_pdf_path(settings: Settings, path: Path) -> str:
    """What goes into ``papers.pdf_path``: relative to the PDF folder when inside it, so that
    moving PAPERDESK_HOME keeps working; absolute otherwise."""
    try:
        return str(path.resolve().relative_to(settings.pdf_dir.resolve()))
    except ValueError:
        return str(path.resolve())


def pdf_file(settings: Settings, pdf_path: str | None) -> Path | None:
    """The absolute file for a stored ``papers.pdf_path`` value (None if not set)."""
    if not pdf_path:
        return None
    p = Path(pdf_path)
    return p if p.is_absolute() else settings.pdf_dir / p


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(n: float) -> str:
    """``816 B``, ``489.4 KB``, ``3.1 MB``: sizes in messages."""
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"
