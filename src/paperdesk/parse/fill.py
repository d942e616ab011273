"""Filling a paper's empty bibliographic fields from what its PDF says about itself.

Only empty fields are filled: a title, authors, year, DOI or venue that the user typed, the
seeded list carries or arXiv returned is never replaced by a guess from a PDF. The title counts
as empty while it is the ``arXiv:ID`` placeholder a paper gets before its metadata is fetched.
Each filled field records where it came from in ``paper.metadata_sources`` ("pdf:layout",
"pdf:stamp", "pdf:info", "pdf:xmp"), so that a later stage can tell a guess from a fact.
"""

from __future__ import annotations

import re
from typing import Any

from paperdesk.storage.models import Paper

_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _placeholder_title(paper: Paper) -> bool:
    title = (paper.title or "").strip()
    return not title or bool(paper.arxiv_id and title == f"arXiv:{paper.arxiv_id}")


def _clean(metadata: dict[str, Any]) -> dict[str, Any]:
    """The usable values of a parse result's ``metadata`` (it crossed a process boundary as
    JSON: types are checked, not trusted)."""
    out: dict[str, Any] = {}
    title = metadata.get("title")
    if isinstance(title, str) and title.strip():
        out["title"] = " ".join(title.split())
    authors = metadata.get("authors")
    if isinstance(authors, list):
        names = [" ".join(a.split()) for a in authors if isinstance(a, str) and a.strip()]
        if names:
            out["authors"] = names
    year = metadata.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100:
        out["year"] = year
    doi = metadata.get("doi")
    if isinstance(doi, str) and _DOI.fullmatch(doi.strip().lower()):
        out["doi"] = doi.strip().lower()[:200]
    venue = metadata.get("venue")
    if isinstance(venue, str) and venue.strip():
        out["venue"] = " ".join(venue.split())
    return out


def fill_missing(paper: Paper, metadata: dict[str, Any] | None) -> list[str]:
    """Fill ``paper``'s empty fields from a parse result's ``metadata``; returns the names of
    the fields filled (in the caller's session, not flushed)."""
    if not isinstance(metadata, dict):
        return []
    values = _clean(metadata)
    given = metadata.get("sources")
    where = given if isinstance(given, dict) else {}
    sources = dict(paper.metadata_sources or {})
    filled: list[str] = []

    def source(name: str) -> str:
        value = where.get(name)
        return value if isinstance(value, str) and value.startswith("pdf:") else "pdf"

    if "title" in values:
        if _placeholder_title(paper):
            paper.title = values["title"]
            filled.append("title")
        elif "title" not in sources and paper.title == values["title"]:
            sources["title"] = source("title")  # the paper was named after this PDF
    if "authors" in values and not paper.authors:
        paper.authors = values["authors"]
        filled.append("authors")
    if "year" in values and paper.year is None:
        paper.year = values["year"]
        filled.append("year")
    if "doi" in values and not (paper.doi or "").strip():
        paper.doi = values["doi"]
        filled.append("doi")
    # a venue is one field however it is stored: a journal reference (imported, arXiv's) is
    # the venue, and the PDF's guess would only print it a second time, worded otherwise
    has_venue = (paper.venue or "").strip() or (paper.journal_ref or "").strip()
    if "venue" in values and not has_venue:
        paper.venue = values["venue"]
        filled.append("venue")
    for name in filled:
        sources[name] = source(name)
    if sources != (paper.metadata_sources or {}):
        paper.metadata_sources = sources  # a new dict: the JSON column sees the change
    return filled
