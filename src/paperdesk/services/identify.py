"""Which library paper is this? Recognising a work that is already there, by the file, the
arXiv id, the DOI or the normalised title and year.

``add``, ``add --pdf``, ``duplicates`` and ``merge`` share this, so that "the same paper" means
one thing everywhere: the same file (sha256), the same arXiv id (also from the PDF's margin
stamp), the same DOI, or the same title (:mod:`paperdesk.titlematch`): a distinctive normalised
title, equal, or near-identical in the same year; the years agree where both sides give one (a
PDF often gives no year), and so do the first authors where both sides name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError
from paperdesk.ids import ArxivId, normalize_doi, parse_arxiv_id
from paperdesk.parse.result import ParseResult
from paperdesk.storage.models import Paper
from paperdesk.titlematch import distinctive, same_first_author

__all__ = ["Identity", "Match", "TitleIndex", "distinctive", "find_same", "normalise_title"]

_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")
NEAR = 95.0  # rapidfuzz ratio from which two titles of the same year are one (a typo, a hyphen)


def normalise_title(title: str | None) -> str:
    """The title key citation links match on (:func:`paperdesk.parse.refparse.title_norm`):
    lower-case ASCII words joined by one space, so ``"BERT: Pre-training…"`` and ``"Bert pre
    training…"`` are one title, and so are "Schrödinger" and "Schrodinger"."""
    from paperdesk.parse.refparse import title_norm

    return title_norm(title) or ""


@dataclass
class Identity:
    """What a PDF (or a user) says about the work: the keys it can be recognised by."""

    sha256: str | None = None
    arxiv: ArxivId | None = None
    doi: str | None = None
    title: str | None = None
    year: int | None = None
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def _arxiv(value: Any) -> ArxivId | None:
    if not value:
        return None
    try:
        return parse_arxiv_id(str(value))
    except InvalidIdError:
        return None


def identity_of(result: ParseResult, sha256: str | None = None) -> Identity:
    """The identity a parse result gives: ``result["metadata"]`` when the parser provides it,
    else the older ``title`` / ``arxiv_id`` keys. A failed parse gives only the file hash."""
    ident = Identity(sha256=sha256)
    if not result.get("ok"):
        return ident
    meta = result.get("metadata") or {}
    sources = dict(meta.get("sources") or {})
    ident.arxiv = _arxiv(meta.get("arxiv_id")) or _arxiv(result.get("arxiv_id"))
    if ident.arxiv and "arxiv_id" not in sources:
        sources["arxiv_id"] = "pdf:stamp"
    doi = meta.get("doi")
    ident.doi = normalize_doi(doi) if isinstance(doi, str) else None
    if ident.doi and not ident.arxiv and (m := _ARXIV_DOI.fullmatch(ident.doi)):
        ident.arxiv = _arxiv(m.group(1))
    ident.title = (meta.get("title") or result.get("title") or "").strip() or None
    if ident.title and "title" not in sources:
        sources["title"] = "pdf:layout"
    year = meta.get("year")
    ident.year = year if isinstance(year, int) and 1000 < year < 3000 else None
    ident.authors = [a for a in (meta.get("authors") or []) if isinstance(a, str) and a.strip()]
    ident.venue = meta.get("venue") or None
    ident.sources = sources
    return ident


@dataclass(frozen=True)
class Match:
    paper_id: int
    by: str  # "file", "arxiv", "doi" or "title"


class TitleIndex:
    """Normalised title -> (paper id, year, authors) of every paper with a distinctive title,
    read once per batch and kept up to date as papers are added, so that a batch of PDFs never
    queries titles per file."""

    def __init__(self, session: Session) -> None:
        self._by_title: dict[str, list[tuple[int, int | None, list[str]]]] = {}
        rows = session.execute(select(Paper.id, Paper.title, Paper.year, Paper.authors))
        for pid, title, year, authors in rows:
            self.add(pid, title, year, authors)

    def add(
        self, paper_id: int, title: str | None, year: int | None, authors: list[str] | None = None
    ) -> None:
        norm = normalise_title(title)
        if distinctive(norm):
            self._by_title.setdefault(norm, []).append((paper_id, year, list(authors or [])))

    def find(
        self, title: str | None, year: int | None, authors: list[str] | None = None
    ) -> int | None:
        """The paper with this title: the same normalised title (years equal where both
        give one), else a near-identical one in the same year; the first authors agree where
        both name them. A title that is not distinctive finds nothing."""
        norm = normalise_title(title)
        if not distinctive(norm):
            return None
        mine = authors or []
        for pid, their_year, theirs in self._by_title.get(norm, []):
            if (year is None or their_year is None or year == their_year) and same_first_author(
                mine, theirs
            ):
                return pid
        return self._near(norm, year, mine) if year is not None else None

    def _near(self, norm: str, year: int, authors: list[str]) -> int | None:
        from rapidfuzz import fuzz, process

        numbers = _NUMBERS.findall(norm)
        for other, _score, _ in process.extract(
            norm, list(self._by_title), scorer=fuzz.ratio, score_cutoff=NEAR, limit=5
        ):
            if _NUMBERS.findall(other) != numbers:
                continue  # "GPT-2" and "GPT-3" are two papers
            for pid, their_year, theirs in self._by_title[other]:
                if their_year == year and same_first_author(authors, theirs):
                    return pid
        return None


def find_same(session: Session, ident: Identity, titles: TitleIndex | None = None) -> Match | None:
    """The library paper ``ident`` is, with how it was recognised; None when it is new.

    The strongest evidence wins: the very same file, then the arXiv id, then the DOI, then the
    title. A PDF whose stamp names an arXiv paper is that paper even if a title-only entry with
    the same title exists (``duplicates`` finds such pairs)."""
    if ident.sha256:
        pid = session.scalar(
            select(Paper.id)
            .where(or_(Paper.pdf_sha256 == ident.sha256, Paper.parsed_sha256 == ident.sha256))
            .order_by(Paper.id)
            .limit(1)
        )
        if pid is not None:
            return Match(pid, "file")
    if ident.arxiv:
        base = ident.arxiv.base
        pid = session.scalar(select(Paper.id).where(Paper.arxiv_id == base))
        if pid is None:  # a paper added by title with its arXiv DOI
            pid = session.scalar(
                select(Paper.id)
                .where(func.lower(Paper.doi) == f"10.48550/arxiv.{base}".lower())
                .order_by(Paper.id)
                .limit(1)
            )
        if pid is not None:
            return Match(pid, "arxiv")
    if ident.doi:
        pid = session.scalar(
            select(Paper.id).where(func.lower(Paper.doi) == ident.doi).order_by(Paper.id).limit(1)
        )
        if pid is not None:
            return Match(pid, "doi")
    if ident.title:
        titles = titles or TitleIndex(session)
        pid = titles.find(ident.title, ident.year, ident.authors)
        if pid is not None:
            paper = session.get(Paper, pid)
            # a title match must not contradict a stronger key both sides have
            if paper is not None and not _contradicts(paper, ident):
                return Match(pid, "title")
    return None


def _contradicts(paper: Paper, ident: Identity) -> bool:
    if ident.arxiv and paper.arxiv_id and ident.arxiv.base != paper.arxiv_id:
        return True
    return bool(ident.doi and paper.doi and ident.doi != paper.doi.lower())


def new_paper(session: Session, ident: Identity) -> tuple[Paper, bool]:
    """Add the paper ``ident`` describes (the caller checked that it is not there yet): an arXiv
    paper when the PDF names its id, else a paper known by its title. Its key is assigned from
    the metadata the PDF gives (first author, year, title word), once, as every new paper's;
    ``save_result`` then fills what else the PDF knows. Returns it and whether it is new (the
    library's own entry check may still find it)."""
    from paperdesk.library import paper_from_entry
    from paperdesk.readinglists import EntrySpec

    if not ident.arxiv and not ident.title:
        raise InvalidIdError(
            "cannot tell which paper it is (no arXiv stamp or title found): "
            "add it with --id ID or --title T"
        )
    entry = EntrySpec(
        line=0,
        stage=None,
        arxiv=ident.arxiv,
        title=ident.title,
        authors=tuple(ident.authors),
        year=ident.year,
        doi=ident.doi,
        venue=ident.venue,
    )
    paper, created = paper_from_entry(session, entry, source="pdf")
    if not created:
        return paper, False
    # where each field came from, as precisely as the parser says ("pdf:stamp", "pdf:xmp"…)
    sources = dict(paper.metadata_sources or {})
    for name, where in list(sources.items()):
        if where == "pdf":
            sources[name] = ident.sources.get(name, "pdf")
    if ident.arxiv:
        sources.setdefault("arxiv_id", ident.sources.get("arxiv_id", "pdf:stamp"))
    paper.metadata_sources = sources
    return paper, True
