"""What a reference import (``import bibtex``, ``import csl``) did: one :class:`EntryResult` per
entry of the file, in a :class:`paperdesk.reports.Report`.

An entry is ``added``, ``merged`` (it names a paper already in the library), ``skipped`` (read,
but it cannot become a paper: no title and no arXiv id, a bad value) or ``unreadable`` (the
parser could not read it). What came in with a problem (a dropped field, a tag that cannot be
one, a PDF not attached) is a warning of that entry. The summary and the line lists keep the
wording the CLI has always printed, and :meth:`BibImportReport.as_json` the keys of ``--json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from paperdesk.reports import Report, failure_lines
from paperdesk.wording import plural

ADDED, MERGED, SKIPPED, UNREADABLE = "added", "merged", "skipped", "unreadable"


@dataclass
class EntryResult:
    """One entry: where it is in the file (``line``, its own citation ``key``), what became of
    it and why, and the library paper it became or was merged into."""

    line: int
    key: str  # the entry's citation key as printed ("" when it has none)
    status: str  # ADDED, MERGED, SKIPPED or UNREADABLE
    reason: str = ""
    paper: str | None = None  # the library key (added or merged)
    arxiv: bool = False  # added as an arXiv paper
    updated: bool = False  # merged, and it filled in what the paper lacked
    enriched: bool = False  # the paper got tags or a note from it
    listed: bool = False  # appended to the reading list given
    pdf: str | None = None  # the file name of the PDF attached
    warnings: list[str] = field(default_factory=list)  # imported, but: what was left out

    @property
    def label(self) -> str:
        return f"line {self.line} ({self.key})" if self.key else f"line {self.line}"


@dataclass
class BibImportReport(Report[EntryResult]):
    """The entries of one file, in file order."""

    path: Path | None = None

    STATUSES = (ADDED, MERGED, SKIPPED, UNREADABLE)
    FAILED: ClassVar[frozenset[str]] = frozenset({SKIPPED, UNREADABLE})  # did not come in
    WORDS: ClassVar[Mapping[str, str]] = {MERGED: "already in the library"}

    def of(self, status: str) -> list[EntryResult]:
        return [r for r in self.results if r.status == status]

    @property
    def entries(self) -> int:
        """Entries read (the unreadable ones are not)."""
        return len(self.results) - len(self.of(UNREADABLE))

    @property
    def added(self) -> int:
        return len(self.of(ADDED))

    @property
    def added_arxiv(self) -> int:
        return sum(r.arxiv for r in self.of(ADDED))

    @property
    def merged(self) -> int:
        return len(self.of(MERGED))

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.of(MERGED))

    @property
    def enriched(self) -> int:
        return sum(r.enriched for r in self.results)

    @property
    def listed(self) -> int:
        return sum(r.listed for r in self.results)

    @property
    def keys(self) -> list[str]:
        """The library keys of the entries that came in (added or merged), in file order."""
        return [r.paper for r in self.results if r.paper is not None]

    @property
    def existing(self) -> list[str]:
        """``line N (key): already in the library as KEY``, one per merged entry."""
        return failure_lines(self.of(MERGED))

    @property
    def skipped(self) -> list[str]:
        return failure_lines(self.of(SKIPPED))

    @property
    def unreadable(self) -> list[str]:
        return failure_lines(self.of(UNREADABLE))

    @property
    def warnings(self) -> list[str]:
        return [f"{r.label}: {w}" for r in self.results for w in r.warnings]

    @property
    def pdfs(self) -> list[str]:
        """``key: file.pdf`` for each PDF attached."""
        return [f"{r.paper}: {r.pdf}" for r in self.results if r.pdf]

    def summary(self) -> str:
        name = self.path.name if self.path else "input"
        parts = [
            f"{self.added} added ({self.added_arxiv} from arXiv)",
            f"{self.merged} already in the library ({self.updated} updated)",
        ]
        for status in (SKIPPED, UNREADABLE):
            if n := len(self.of(status)):
                parts.append(f"{n} {status}")
        if self.enriched:
            parts.append(f"{self.enriched} given tags or notes")
        if pdfs := len(self.pdfs):
            parts.append(f"{pdfs} PDF{'' if pdfs == 1 else 's'} attached")
        if warned := sum(bool(r.warnings) for r in self.results):
            parts.append(f"{warned} with warnings")
        tail = f"; {self.listed} added to the list" if self.listed else ""
        total = plural(len(self.results), "entry", "entries")
        return f"{name}: {total}: " + ", ".join(parts) + tail

    def as_json(self) -> dict[str, Any]:
        """The keys ``--json`` has always printed (counts, and the messages as lines), then
        one object per entry (``results``) and the ``counts`` by status."""
        return {
            "path": str(self.path) if self.path is not None else None,
            "entries": self.entries,
            "added": self.added,
            "added_arxiv": self.added_arxiv,
            "merged": self.merged,
            "updated": self.updated,
            "listed": self.listed,
            "keys": self.keys,
            "existing": self.existing,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "failed": self.unreadable,
            "enriched": self.enriched,
            "pdfs": self.pdfs,
            "wanted": [],  # PDFs still to attach: none once the import returns
            "summary": self.summary(),
            "results": [{**asdict(r), "label": r.label} for r in self.results],
            "counts": self.counts(),
        }
