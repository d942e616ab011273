"""``sync``: fetch what is new from arXiv, parse what was fetched, index what changed — the
three use-cases in one go, each reporting on the same progress (and, when configured, merge
the annotations of changed PDFs into the notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperdesk.progress import NullProgress, Progress
from paperdesk.reports import Failure, Outcome, Report

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.search.embedder import Embedder
    from paperdesk.services.annotations import AnnotationsReport
    from paperdesk.services.fetch import FetchReport
    from paperdesk.services.parse import ParseReport
    from paperdesk.services.search import IndexReport

_NO_PROGRESS = NullProgress()


@dataclass
class SyncReport:
    fetch: FetchReport | None = None  # None when offline
    parse: ParseReport | None = None
    index: IndexReport | None = None
    offline: str | None = None  # why fetching was skipped (no network); parse and index still ran
    # PDF annotations merged into notes (with PAPERDESK_SYNC_ANNOTATIONS); None: not asked for
    annotations: AnnotationsReport | None = None

    def steps(self) -> list[tuple[str, Report[Any]]]:
        """The batch steps that ran, by name, in order (annotations, when asked for, last)."""
        ran: list[tuple[str, Report[Any] | None]] = [
            ("fetch", self.fetch),
            ("parse", self.parse),
            ("annotations", self.annotations),
        ]
        return [(name, r) for name, r in ran if r is not None]

    @property
    def failed(self) -> list[Outcome]:
        """Anything that did not work: no network, a paper that failed to fetch or parse, a PDF
        whose annotations could not be read."""
        out: list[Outcome] = [Failure("fetch", self.offline)] if self.offline else []
        for _, step in self.steps():
            out += step.failed
        return out


def sync(
    lib: Library, *, progress: Progress = _NO_PROGRESS, embedder: Embedder | None = None
) -> SyncReport:
    """Fetch what is new, parse what was fetched, index what changed. Without a network the
    fetch step is skipped (``report.offline`` says why) and what is stored is still parsed and
    indexed."""
    from paperdesk.errors import NetworkError
    from paperdesk.services.fetch import fetch_papers
    from paperdesk.services.parse import parse_papers
    from paperdesk.services.search import index_library

    report = SyncReport()
    try:
        report.fetch = fetch_papers(lib, progress=progress)
    except NetworkError as exc:
        report.offline = str(exc)
    report.parse = parse_papers(lib, progress=progress)
    if lib.settings.sync_annotations:
        from paperdesk.services.annotations import import_changed

        report.annotations = import_changed(lib)
    report.index = index_library(lib, embedder=embedder, progress=progress)
    return report
