"""``sync``: fetch what is new from arXiv, parse what was fetched, index what changed — the
three use-cases in one go, each reporting on the same progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperdesk.progress import NullProgress, Progress

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.search.embedder import Embedder
    from paperdesk.services.search import IndexReport

_NO_PROGRESS = NullProgress()


@dataclass
class SyncReport:
    fetch: Any = None
    parse: Any = None
    index: IndexReport | None = None


def sync(
    lib: Library, *, progress: Progress = _NO_PROGRESS, embedder: Embedder | None = None
) -> SyncReport:
    """Fetch what is new, parse what was fetched, index what changed."""
    from paperdesk.services.fetch import fetch_papers
    from paperdesk.services.parse import parse_papers
    from paperdesk.services.search import index_library

    report = SyncReport()
    report.fetch = fetch_papers(lib, progress=progress)
    report.parse = parse_papers(lib, progress=progress)
    report.index = index_library(lib, embedder=embedder, progress=progress)
    return report
