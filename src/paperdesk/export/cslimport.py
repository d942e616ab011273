"""CSL-JSON import (``paperdesk import csl FILE``): the items Zotero, Better BibTeX and pandoc
write become papers through the same merge as BibTeX (:func:`paperdesk.export.bibimport.
import_records`): same arXiv id, DOI, or title and year (or the item's own key) merges, so
the same file imported again adds nothing; otherwise added, keyed by the item's
``citation-key`` or ``id`` when that is a free, valid key.

An arXiv id is read from ``number`` (``arXiv:1706.03762``, as Zotero's arXiv translator writes
it), ``URL``, ``DOI`` (``10.48550/arXiv.…``) or ``archive_location``. The CSL type is kept as
its BibTeX entry type (:mod:`paperdesk.export.reftype`); ``keyword`` becomes tags, ``note`` the
note, and a ``file`` value (Better BibTeX's ``file`` syntax, or a list of paths) PDFs attached.
Every message names the item's line in the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import ExportError, InvalidIdError
from paperdesk.export.bibimport import BibRecord, import_file, import_text
from paperdesk.export.refextras import RefExtras, note_and_extra, split_files, split_keywords
from paperdesk.export.refreport import UNREADABLE, BibImportReport, EntryResult
from paperdesk.export.reftype import BIBTEX_OF
from paperdesk.ids import ArxivId, find_arxiv_ids, normalize_doi, parse_arxiv_id

if TYPE_CHECKING:
    from paperdesk.library import Library

_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def items_with_lines(text: str, where: str) -> list[tuple[int, Any]]:
    """The top-level array's items, each with the line it starts on."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    try:
        if text[pos : pos + 1] != "[":
            data, _ = decoder.raw_decode(text, pos)
            if isinstance(data, dict) and isinstance(data.get("items"), list):
                return [(1, item) for item in data["items"]]
            raise ExportError(f"{where}: CSL-JSON is an array of items ([{{...}}, ...])")
        out: list[tuple[int, Any]] = []
        pos += 1
        line, counted = 1, 0  # lines counted as the items go: one pass over the text
        while True:
            while pos < len(text) and text[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(text):
                raise ExportError(f"{where}: the array of items is never closed")
            if text[pos] == "]":
                return out
            line += text.count("\n", counted, pos)
            counted = pos
            item, pos = decoder.raw_decode(text, pos)
            out.append((line, item))
    except json.JSONDecodeError as exc:
        raise ExportError(f"{where}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ExportError(f"{where}: not CSL-JSON: nested too deeply") from None


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        return str(person or "").strip()
    if person.get("literal"):
        return str(person["literal"]).strip()
    parts = [
        person.get("given"),
        person.get("non-dropping-particle"),
        person.get("family"),
        person.get("suffix"),
    ]
    return " ".join(str(p).strip() for p in parts if p)


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                return int(parts[0][0])
            except (TypeError, ValueError):
                pass
        raw = str(issued.get("raw") or issued.get("literal") or "")
        if m := _YEAR.search(raw):
            return int(m.group(1))
    return None


def _arxiv(item: dict[str, Any], doi: str | None) -> ArxivId | None:
    candidates = [str(item.get(k) or "") for k in ("number", "URL", "archive_location")]
    if doi and doi.startswith("10.48550/arxiv."):
        candidates.append(doi)
    for text in candidates:
        if not text:
            continue
        try:
            return parse_arxiv_id(text)
        except InvalidIdError:
            continue
    for name in ("note", "container-title", "publisher"):
        if (found := find_arxiv_ids(str(item.get(name) or ""))) and found:
            return found[0]
    return None


def _text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if isinstance(value, list):  # some tools write lists for single values
        value = value[0] if value else None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def to_record(line: int, item: dict[str, Any]) -> BibRecord:
    """One CSL item → the record BibTeX entries become."""
    doi_text = _text(item, "DOI")
    doi = normalize_doi(doi_text) if doi_text else None
    arxiv = _arxiv(item, doi)
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None
    kind = str(item.get("type") or "").strip().lower()
    venue = _text(item, "container-title")
    if venue is None and kind in ("report", "thesis", "book"):
        venue = _text(item, "publisher")
    if venue and re.match(r"(?i)\s*arxiv", venue):
        venue = None
    files = item.get("file")
    pages = _text(item, "page")
    note, extra = note_and_extra(str(item.get("note") or ""), None)
    return BibRecord(
        line=line,
        key=str(item.get("citation-key") or extra.get("citation key") or item.get("id") or ""),
        title=_text(item, "title") or "",
        authors=[n for n in (_name(a) for a in item.get("author") or []) if n],
        year=_year(item.get("issued")),
        arxiv=arxiv,
        doi=doi,
        url=_text(item, "URL"),
        journal=venue,
        abstract=str(item["abstract"]).strip() if item.get("abstract") else None,
        extras=RefExtras(
            entry_type=BIBTEX_OF.get(kind, "misc") if kind else None,
            volume=_text(item, "volume"),
            pages=re.sub(r"\s*[-–]+\s*", "--", pages) if pages else None,
            tags=split_keywords(_text(item, "keyword")),
            note=note,
            files=[str(f) for f in files]
            if isinstance(files, list)
            else split_files(str(files or "")),
        ),
    )


def parse_csl(text: str, where: str) -> tuple[list[BibRecord], list[EntryResult]]:
    """Every item of a CSL-JSON file, and the ones that are not items (unreadable, with why)."""
    records: list[BibRecord] = []
    failed: list[EntryResult] = []
    for line, item in items_with_lines(text, where):
        if not isinstance(item, dict):
            failed.append(
                EntryResult(line, "", UNREADABLE, "not a CSL item (an object with a title)")
            )
            continue
        try:
            records.append(to_record(line, item))
        except (TypeError, ValueError, AttributeError, KeyError) as exc:  # odd value types
            why = f"not a readable CSL item ({type(exc).__name__}: {exc})"
            failed.append(EntryResult(line, "", UNREADABLE, why))
    if not records:
        raise ExportError(f"{where}: no CSL-JSON items found")
    return records, failed


def import_csl_text(
    lib: Library, text: str, where: str, *, list_name: str | None = None, path: Path | None = None
) -> BibImportReport:
    return import_text(lib, parse_csl, text, where, list_name=list_name, path=path)


def import_csl(lib: Library, file: Path, *, list_name: str | None = None) -> BibImportReport:
    """Add the items of the CSL-JSON ``file`` (see the module docstring)."""
    return import_file(lib, parse_csl, file, "CSL-JSON file", list_name=list_name)
