"""CSL-JSON export, the format Zotero imports and pandoc's citeproc reads.

Item ids are the papers' keys, the BibTeX citation keys too, so ``[@vaswani2017attention]``
works with either file. Types follow the BibTeX entry type (:mod:`paperdesk.export.reftype`):
``article-journal`` and ``paper-conference`` with the venue as ``container-title``; arXiv
preprints are ``article`` items published by arXiv with the id as ``number`` (what Zotero's own
arXiv translator produces). Import lives in :mod:`paperdesk.export.cslimport`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.export.bibtex import TextExport, keyed_papers
from paperdesk.export.files import write_text_atomic
from paperdesk.export.reftype import csl_type, entry_type, journal_name, venue_of
from paperdesk.keys import NAME_PARTICLES, name_parts

if TYPE_CHECKING:
    from paperdesk.library import Library

PARTICLES = NAME_PARTICLES


def csl_name(name: str) -> dict[str, str]:
    """``Ashish Vaswani`` → ``{"family": "Vaswani", "given": "Ashish"}``; ``Last, First`` too;
    a one-word name (``OpenAI``) is a ``literal``; ``Charles Babbage, Jr.`` has the suffix
    ``Jr.`` (:func:`paperdesk.keys.name_parts`)."""
    name = " ".join(name.split())
    parts = name_parts(name)
    if parts.suffix and parts.family:
        split = {"family": parts.family, "given": parts.given, "suffix": parts.suffix}
        return {k: v for k, v in split.items() if v}
    if "," in name:
        family, _, given = name.partition(",")
        return {"family": family.strip(), "given": given.strip()}
    tokens = name.split(" ")
    if len(tokens) < 2:
        return {"literal": name}
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in PARTICLES:
        start -= 1
    return {"family": " ".join(tokens[start:]), "given": " ".join(tokens[:start])}


def _issued(p: Mapping[str, Any]) -> dict[str, Any] | None:
    if p.get("published"):
        d = datetime.fromisoformat(p["published"])
        if not p.get("year") or d.year == p["year"]:
            return {"date-parts": [[d.year, d.month, d.day]]}
    if p.get("year"):
        return {"date-parts": [[p["year"]]]}
    return None


def csl_item(p: Mapping[str, Any], key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key}
    item["type"] = kind = csl_type(p)
    item["title"] = p.get("title") or ""
    if p.get("authors"):
        item["author"] = [csl_name(a) for a in p["authors"]]
    if (issued := _issued(p)) is not None:
        item["issued"] = issued
    if (venue := venue_of(p)) is not None:
        if kind in ("report", "thesis", "book"):
            item["publisher"] = venue
        else:
            is_journal = entry_type(p) == "article"
            item["container-title"] = journal_name(venue, p.get("year")) if is_journal else venue
    for name, csl in (("volume", "volume"), ("pages", "page")):
        if p.get(name):
            item[csl] = str(p[name]).replace("--", "-")
    if p.get("arxiv_id"):
        if kind == "article":
            item["publisher"] = "arXiv"
            item["genre"] = "Preprint"
        item["number"] = f"arXiv:{p['arxiv_id']}"
        item["URL"] = f"https://arxiv.org/abs/{p['arxiv_id']}"
        item["DOI"] = p.get("doi") or f"10.48550/arXiv.{p['arxiv_id']}"
    else:
        if p.get("url"):
            item["URL"] = p["url"]
        if p.get("doi"):
            item["DOI"] = p["doi"]
    if p.get("abstract"):
        item["abstract"] = " ".join(p["abstract"].split())
    if p.get("tags"):
        item["keyword"] = ", ".join(p["tags"])
    return item


def csl_text(
    lib: Library, *, list_name: str | None = None, data: Mapping[str, Any] | None = None
) -> TextExport:
    """CSL-JSON of the library (by citation key) or of one list (in list order)."""
    items = [csl_item(p, p["key"]) for p in keyed_papers(lib, list_name, data)]
    return TextExport(json.dumps(items, ensure_ascii=False, indent=2) + "\n", len(items))


def export_csljson(lib: Library, file: Path, *, list_name: str | None = None) -> TextExport:
    """Write the CSL-JSON to ``file`` atomically."""
    out = csl_text(lib, list_name=list_name)
    write_text_atomic(Path(file), out.text)
    out.path = Path(file)
    return out
