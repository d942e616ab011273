"""What a PDF says about itself: its Info dict and XMP packet, junk removed.

LaTeX fills the Info dict from ``\\hypersetup`` (often empty, stale or a template's default,
"No Title Given"), Word with a file name ("Microsoft Word - paper.docx"), and publishers'
tools with a journal header; XMP from a publisher often carries the DOI. The page itself is
read elsewhere (``metadata``); this is its cross-check and fallback.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from paperdesk.parse import venue as printed
from paperdesk.parse.authors import is_name, tidy_name

_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft (?:word|powerpoint)|no title given|title|paper title|"
    r"insert .*title|arxiv:|doi:|.*\.(?:dvi|tex|docx?|pdf|ps|rtf|indd|svg|png|jpe?g|eps|ai)$)"
    r"|^[\W\d_]*$",
    re.I,
)
_NOT_A_TITLE = re.compile(r"https?://|\bdoi\b|\((?:19|20)\d\d\)|\bvol\.", re.I)
_JUNK_AUTHOR = re.compile(r"admin|user|owner|author|unknown|latex|tex\b|@|\d|^\W*$", re.I)


@dataclass(slots=True)
class EmbeddedMetadata:
    """What the PDF says about itself (Info dict or XMP), junk removed."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    doi: str | None = None
    venue: str | None = None
    year: int | None = None


def pdf_metadata(doc: Any) -> tuple[dict[str, Any], str]:
    """The Info dict and XMP packet of an open PyMuPDF document; empty when unreadable (a
    damaged metadata stream must not cost the paper its text)."""
    try:
        info = dict(doc.metadata or {})
    except Exception:  # MuPDF raises several types for a broken Info object
        info = {}
    try:
        xmp = doc.get_xml_metadata() or ""
    except Exception:
        xmp = ""
    return info, xmp


def _title_ok(title: str) -> bool:
    """Not a file name, a template's default or a journal header copied into the Info dict."""
    return (
        len(title.split()) >= 2 and not _JUNK_TITLE.match(title) and not _NOT_A_TITLE.search(title)
    )


def read_info(info: dict[str, Any] | None) -> EmbeddedMetadata:
    """Title, authors and a DOI in the subject or keywords of the Info dict."""
    info = info or {}
    out = EmbeddedMetadata()
    title = " ".join(str(info.get("title") or "").split())
    if _title_ok(title):
        out.title = title
    out.authors = _author_list(str(info.get("author") or ""))
    for key in ("subject", "keywords"):
        if doi := printed.doi_in(str(info.get(key) or "")):
            out.doi = doi
            break
    return out


def read_xmp(xmp: str | None) -> EmbeddedMetadata:
    """dc:title, dc:creator, prism:doi / dc:identifier, prism:publicationName and the cover
    date, by pattern (an XMP packet is often not well-formed XML)."""
    out = EmbeddedMetadata()
    if not xmp:
        return out

    def items(tag: str) -> list[str]:
        m = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", xmp, re.S)
        if not m:
            m2 = re.search(rf'\b{tag}="([^"]*)"', xmp)
            return [html.unescape(m2[1]).strip()] if m2 else []
        body = m[1]
        lis = re.findall(r"<rdf:li\b[^>]*>(.*?)</rdf:li>", body, re.S)
        return [html.unescape(x).strip() for x in (lis or [body]) if x.strip()]

    titles = items("dc:title")
    if titles and _title_ok(" ".join(titles[0].split())):
        out.title = " ".join(titles[0].split())
    out.authors = [n for c in items("dc:creator") for n in _author_list(c)]
    for tag in ("prism:doi", "dc:identifier", "pdfx:doi", "crossmark:DOI"):
        for value in items(tag):
            if doi := printed.doi_in(value):
                out.doi = doi
                break
        if out.doi:
            break
    if names := items("prism:publicationName"):
        out.venue = printed.clean_venue(names[0])
    for tag in ("prism:coverDate", "prism:publicationDate", "prism:coverDisplayDate"):
        if (dates := items(tag)) and (m := re.search(r"\b(19|20)\d\d\b", dates[0])):
            out.year = int(m[0])
            break
    return out


def _author_list(text: str) -> list[str]:
    text = " ".join(text.split())
    if not text:
        return []
    parts = printed.split_list(text) if ";" not in text else text.split(";")
    names = [tidy_name(p.strip()) for p in parts if p.strip()]
    names = [n for n in names if is_name(n) and not _JUNK_AUTHOR.search(n)]
    return names
