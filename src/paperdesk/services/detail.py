"""What ``paperdesk show`` and the TUI's detail pane know of one paper, typed.

Built by :func:`paperdesk.services.papers.paper_detail`; :meth:`PaperDetail.to_json` is the
documented JSON object ``show --json`` prints. Plain dataclasses and no database imports, so
the TUI can name these types without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from paperdesk.dates import iso_time

if TYPE_CHECKING:
    from paperdesk.services.links import LinkView

# how a cites link was made, as ``show`` and the TUI say it
LINK_HOW = {"arxiv": "arXiv id", "doi": "DOI", "title": "title match"}


def section_label(number: str | None, title: str) -> str:
    """How passages name their section: ``"3.2 Attention"`` or ``"References"``."""
    return f"{number} {title}" if number else title


@dataclass(frozen=True)
class ListMembership:
    """The paper's place on one reading list."""

    name: str
    stage: str | None
    position: int
    why: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "stage": self.stage, "position": self.position, "why": self.why}


@dataclass(frozen=True)
class HistoryEntry:
    """One state change: ``old`` is None for the first one of a track (JSON ``from``/``to``)."""

    track: str
    old: str | None
    new: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"track": self.track, "from": self.old, "to": self.new, "at": iso_time(self.at)}


@dataclass(frozen=True)
class CiteBrief:
    """A paper in the library at the other end of a cites link, and how the link was made
    (``method``: ``"arxiv"``, ``"doi"``, ``"title"``, or None for links made before methods
    were recorded)."""

    id: str
    title: str
    year: int | None
    method: str | None

    @property
    def how(self) -> str:
        """The method in words (``"title match"``); empty when not recorded."""
        return LINK_HOW.get(self.method or "", "")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "method": self.method,
            "how": self.how,
        }


@dataclass(frozen=True)
class SectionView:
    """One heading of the parsed outline, with the passages under it."""

    number: str | None
    title: str
    level: int
    page: int | None
    passages: int

    @property
    def label(self) -> str:
        """``"3.2 Attention"``, or ``"References"`` when unnumbered (as passages name it)."""
        return section_label(self.number, self.title)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "level": self.level,
            "page": self.page,
            "passages": self.passages,
        }


@dataclass(frozen=True)
class PaperDetail:
    """One paper as ``show`` prints it: metadata, files, my states and their history, lists,
    tags, note, citations inside the library, replication counts and the links it prints.
    ``sections`` is None unless the outline was asked for (``show --sections``)."""

    id: str
    key_provisional: bool
    aliases: list[str]
    arxiv_id: str | None
    version: int | None
    title: str
    authors: list[str]
    abstract: str | None
    year: int | None
    published: datetime | None
    updated: datetime | None
    categories: list[str]
    primary_category: str | None
    doi: str | None
    journal_ref: str | None
    venue: str | None
    metadata_sources: dict[str, Any]
    comment: str | None
    url: str | None
    pdf_url: str | None
    pdf_path: str | None
    pdf_missing: bool  # a PDF is recorded but not on disk
    pdf_sha256: str | None
    pdf_version: int | None
    newer_version: bool  # arXiv has a newer version than the stored PDF
    parse_status: str | None
    reading: str
    replication: str
    lists: list[ListMembership]
    tags: list[str]
    note: str
    note_updated: datetime | None
    history: list[HistoryEntry]
    cites: list[CiteBrief]
    cited_by: list[CiteBrief]
    claims: int
    attempts: int
    links: list[LinkView]  # code and data links the paper prints, the likeliest code first
    references: int = 0  # entries of its parsed reference list (0: none found, or not parsed)
    sections: list[SectionView] | None = None

    @property
    def shown_venue(self) -> str | None:
        """The one venue to print: the journal reference (imported, arXiv's), else the seeded
        or parsed venue, never a bare "arXiv preprint" (as ``export bibtex`` names it)."""
        from paperdesk.export.reftype import venue_of

        return venue_of({"journal_ref": self.journal_ref, "venue": self.venue})

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``show --json`` (key order is part of the format)."""
        out: dict[str, Any] = {
            "id": self.id,
            "key_provisional": self.key_provisional,
            "aliases": list(self.aliases),
            "arxiv_id": self.arxiv_id,
            "version": self.version,
            "title": self.title,
            "authors": list(self.authors),
            "abstract": self.abstract,
            "year": self.year,
            "published": iso_time(self.published),
            "updated": iso_time(self.updated),
            "categories": list(self.categories),
            "primary_category": self.primary_category,
            "doi": self.doi,
            "journal_ref": self.journal_ref,
            "venue": self.venue,
            "metadata_sources": dict(self.metadata_sources),
            "comment": self.comment,
            "url": self.url,
            "pdf_url": self.pdf_url,
            "pdf_path": self.pdf_path,
            "pdf_missing": self.pdf_missing,
            "pdf_sha256": self.pdf_sha256,
            "pdf_version": self.pdf_version,
            "newer_version": self.newer_version,
            "parse_status": self.parse_status,
            "reading": self.reading,
            "replication": self.replication,
            "lists": [m.to_json() for m in self.lists],
            "tags": list(self.tags),
            "note": self.note,
            "note_updated": iso_time(self.note_updated),
            "history": [h.to_json() for h in self.history],
            "cites": [c.to_json() for c in self.cites],
            "cited_by": [c.to_json() for c in self.cited_by],
            "claims": self.claims,
            "attempts": self.attempts,
            "links": [link.to_json() for link in self.links],
            "references": self.references,
        }
        if self.sections is not None:
            out["sections"] = [x.to_json() for x in self.sections]
        return out
