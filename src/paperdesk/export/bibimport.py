"""BibTeX import: entries from any .bib file (ours, Zotero's, Google Scholar's) become papers.

An arXiv id is recognised in ``eprint``, ``url``, ``doi`` (``10.48550/arXiv.…``) and, as
Google Scholar writes it, in ``journal``/``note``/``howpublished`` (``arXiv preprint
arXiv:…``). An entry that names a paper already in the library (same arXiv id, DOI, or title
and year; a title without a year when one paper has it; the entry's own key on a paper of its
title, so the same file imported again adds nothing) is merged: only the fields the library
lacks are filled in. Others are added, keyed by their own citation key when it is free (so
keys survive a round trip). The report holds one result per entry
(:mod:`paperdesk.export.refreport`). Entries the parser cannot read are reported with their
line; they never stop the good ones. An arXiv ``eprint`` that is no arXiv id is reported; such
an entry is kept only when a URL, a DOI or its title and year can tell the paper by.
``@string`` macros and ``#`` concatenation are resolved (:mod:`paperdesk.export.bibmacros`).
The venue is ``journal`` or ``booktitle``, else a book's ``publisher``, a report's
``institution`` or a thesis's ``school`` (where ``export bibtex`` writes it). What Zotero
and Better BibTeX add (``keywords`` as tags, ``note``/``annote``, ``file`` PDFs, the entry
type, volume, pages): :mod:`paperdesk.export.refextras`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk import validate
from paperdesk.errors import ExportError, InvalidIdError
from paperdesk.export.bibcheck import checked
from paperdesk.export.files import read_text
from paperdesk.export.latex import from_latex, verbatim
from paperdesk.export.refextras import RefExtras, Wanted, apply_all, attach_files, from_bibtex
from paperdesk.export.refreport import (
    ADDED,
    MERGED,
    SKIPPED,
    UNREADABLE,
    BibImportReport,
    EntryResult,
)
from paperdesk.ids import ArxivId, check_key, find_arxiv_ids, normalize_doi, parse_arxiv_id
from paperdesk.printable import strip_controls
from paperdesk.reports import failure_lines
from paperdesk.storage.models import Paper

if TYPE_CHECKING:
    from paperdesk.library import Library

# bibtexparser logs every syntax error as a warning; our report carries them instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_FREE_TEXT_FIELDS = ("journal", "note", "howpublished", "number", "publisher", "booktitle")
# where an entry without journal/booktitle names its venue, as ``export bibtex`` writes it back
# (the venue is stored as the journal reference: ``@book{…, publisher = {MIT Press}}``)
_VENUE_OF_TYPE = {
    "book": "publisher",
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}


@dataclass
class BibRecord:
    """One entry, decoded to plain text."""

    line: int
    key: str
    title: str
    authors: list[str]
    year: int | None
    arxiv: ArxivId | None
    doi: str | None
    url: str | None
    journal: str | None
    abstract: str | None
    bad_eprint: str | None = None  # an arXiv eprint that is no arXiv id (a typo: 1706.3762)
    extras: RefExtras = field(default_factory=RefExtras)
    dropped: list[str] = field(default_factory=list)  # "year 'abc' is not a year": not imported


def _name(raw: str) -> str:
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(raw, strict=False)
    except InvalidNameError:
        return from_latex(raw)
    return from_latex(" ".join(parts.first + parts.von + parts.last + parts.jr))


def _arxiv(fields: dict[str, str], doi: str | None) -> ArxivId | None:
    candidates = []
    if fields.get("eprint"):
        prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
        if prefix == "arxiv":
            candidates.append(verbatim(fields["eprint"]))
    if doi and doi.startswith("10.48550/arxiv."):
        candidates.append(doi)
    if fields.get("url"):
        candidates.append(verbatim(fields["url"]))
    for text in candidates:
        try:
            return parse_arxiv_id(text)
        except InvalidIdError:
            continue
    for name in _FREE_TEXT_FIELDS:
        if fields.get(name) and (found := find_arxiv_ids(verbatim(fields[name]))):
            return found[0]
    return None


def to_record(entry: Any) -> BibRecord:
    """A bibtexparser ``Entry`` → :class:`BibRecord` (LaTeX decoded, ids recognised)."""
    from bibtexparser.middlewares.names import split_multiple_persons_names

    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    doi = normalize_doi(verbatim(fields["doi"])) if fields.get("doi") else None
    arxiv = _arxiv(fields, doi)
    not_a_doi = bool(fields.get("doi")) and not doi
    if doi and doi.startswith("10.48550/arxiv."):
        doi = None  # the paper's DOI column holds the published version's DOI
    year_match = re.search(
        r"\b(1[5-9]\d\d|2\d\d\d)\b", fields.get("year") or fields.get("date") or ""
    )
    raw_year = (fields.get("year") or fields.get("date") or "").strip()
    dropped = [f"doi {_short(fields['doi'])!r} is not a DOI"] if not_a_doi else []
    dropped += [f"year {_short(raw_year)!r} is not a year"] if raw_year and not year_match else []
    raw_authors = fields.get("author", "").strip()
    journal = (
        fields.get("journal")
        or fields.get("booktitle")
        or fields.get(_VENUE_OF_TYPE.get(entry.entry_type.lower(), ""))
    )
    return BibRecord(
        line=(entry.start_line or 0) + 1,
        key=entry.key,
        title=from_latex(fields.get("title", "")),
        authors=[_name(n) for n in split_multiple_persons_names(raw_authors)]
        if raw_authors
        else [],
        year=int(year_match.group(1)) if year_match else None,
        arxiv=arxiv,
        doi=doi,
        url=verbatim(fields["url"]) if fields.get("url") else None,
        journal=from_latex(journal) if journal and not re.match(r"(?i)\s*arxiv", journal) else None,
        abstract=from_latex(fields["abstract"]) if fields.get("abstract") else None,
        bad_eprint=_bad_eprint(fields) if arxiv is None else None,
        extras=from_bibtex(entry.entry_type, fields),
        dropped=dropped,
    )


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _bad_eprint(fields: dict[str, str]) -> str | None:
    """The eprint of an entry that names an arXiv eprint no arXiv id can be read from."""
    eprint = verbatim(fields.get("eprint") or "").strip()
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    return eprint if eprint and prefix == "arxiv" else None


def parse_bibtex(text: str, where: str) -> tuple[list[BibRecord], list[EntryResult]]:
    """Every entry of ``text`` (duplicated keys included), and the blocks that failed."""
    import bibtexparser
    from bibtexparser.middlewares import RemoveEnclosingMiddleware
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry

    from paperdesk.export.bibmacros import resolve_library

    try:
        bib = bibtexparser.parse_string(text, parse_stack=[])
        resolve_library(bib)  # @string macros and '#' (bibtexparser resolves lone macros only)
        bib = RemoveEnclosingMiddleware().transform(bib)
    except ExportError as exc:
        raise ExportError(f"{where}: {exc}") from None
    except Exception as exc:  # the parser raises on states it considers its own bugs
        raise ExportError(f"{where}: cannot parse BibTeX ({type(exc).__name__}: {exc})") from None
    entries = list(bib.entries)
    failed: list[EntryResult] = []
    for block in bib.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entries.append(block.ignore_error_block)
            continue
        reason = getattr(block.error, "abort_reason", None) or str(block.error or "")
        reason = " ".join(reason.split()) or "unreadable"
        key = re.match(r"\s*@\w+\s*[{(]\s*([^,\s{}()]+)\s*,", getattr(block, "raw", "") or "")
        named = strip_controls(_short(key.group(1))) if key else ""
        failed.append(EntryResult((block.start_line or 0) + 1, named, UNREADABLE, reason))
    entries.sort(key=lambda e: e.start_line or 0)
    if not entries:
        if failed:
            first = failure_lines(failed[:1])[0]
            raise ExportError(f"{where}: no BibTeX entry could be read ({first})")
        raise ExportError(f"{where}: no BibTeX entries found")
    records = []
    for e in entries:
        try:
            records.append(to_record(e))
        except Exception as exc:  # a name or LaTeX the decoders choke on: this entry only
            line, named = (e.start_line or 0) + 1, strip_controls(e.key)
            failed.append(EntryResult(line, named, UNREADABLE, f"unreadable ({exc})"[:250]))
    return records, failed


_FILLABLE = ("authors", "year", "doi", "abstract", "journal_ref")


def _fill(paper: Paper, rec: BibRecord) -> bool:
    """Fill what the library lacks; never overwrite (as :mod:`paperdesk.parse.fill`). A venue
    counts as one field however it is stored (``journal_ref`` or ``venue``): a paper with a
    venue keeps it, and the type told from it (the entry's ``@article`` does not make the
    NeurIPS paper a journal article). True when something changed."""
    if paper.venue or paper.journal_ref:
        rec.extras.entry_type = None
    changed = False
    values = {
        "authors": rec.authors,
        "year": rec.year,
        "doi": rec.doi,
        "abstract": rec.abstract,
        "journal_ref": rec.journal,
    }
    for name in _FILLABLE:
        if name == "journal_ref" and paper.venue:
            continue
        if values[name] and not getattr(paper, name):
            setattr(paper, name, values[name])
            changed = True
    placeholder = f"arXiv:{paper.arxiv_id}"
    if rec.title and rec.title != placeholder and paper.arxiv_id and paper.title == placeholder:
        paper.title = rec.title
        changed = True
    if rec.url and not paper.url:
        paper.url = rec.url
        changed = True
    return changed


def _norm(title: str) -> str:
    return " ".join(title.lower().split())


class _Index:
    """The library's papers by arXiv id, DOI, key and title, kept current while importing
    (one query up front instead of one per entry)."""

    def __init__(self, session: Any) -> None:
        from sqlalchemy import select

        from paperdesk.storage.models import KeyAlias

        self.keys: set[str] = set()
        self.by_key: dict[str, Paper] = {}
        self.arxiv: dict[str, Paper] = {}
        self.doi: dict[str, Paper] = {}
        self.title: dict[str, list[Paper]] = {}
        by_id: dict[int, Paper] = {}
        for paper in session.scalars(select(Paper).order_by(Paper.id)):
            self.add(paper)
            by_id[paper.id] = paper
        for alias in session.scalars(select(KeyAlias)):
            self.keys.add(alias.alias.lower())
            if (paper := by_id.get(alias.paper_id)) is not None:
                self.by_key.setdefault(alias.alias.lower(), paper)

    def add(self, paper: Paper) -> None:
        """Index ``paper``; the oldest paper keeps an arXiv id or DOI (as find_existing's
        order), and papers of one title stay in the order they came."""
        if paper.key:
            self.keys.add(paper.key.lower())
            self.by_key.setdefault(paper.key.lower(), paper)
        if paper.arxiv_id:
            self.arxiv.setdefault(paper.arxiv_id, paper)
        if paper.doi:
            self.doi.setdefault(paper.doi.lower(), paper)
        if paper.title:
            self.title.setdefault(_norm(paper.title), []).append(paper)

    def find(self, rec: BibRecord) -> Paper | None:
        """The paper ``rec`` names: the same arXiv id or DOI; else one of the same title whose
        year and first author agree where both give one (never another arXiv paper), when
        the entry's own key names it (the same file imported again: even a title as plain as
        "Introduction", or one without a year) or the title is distinctive and the year leaves
        one choice (as :mod:`paperdesk.titlematch`)."""
        from paperdesk.keys import words
        from paperdesk.titlematch import distinctive, same_first_author

        found = (self.arxiv.get(rec.arxiv.base) if rec.arxiv else None) or (
            self.doi.get(rec.doi.lower()) if rec.doi else None
        )
        if found is not None or not rec.title:
            return found
        same = [
            p
            for p in self.title.get(_norm(rec.title), [])
            if (rec.year is None or p.year is None or p.year == rec.year)
            and not (p.arxiv_id and rec.arxiv is not None)
            and same_first_author(rec.authors, p.authors or [])
        ]
        if (mine := self.by_key.get(rec.key.lower())) is not None and mine in same:
            return mine
        if not same or not distinctive(" ".join(words(rec.title))):
            return None
        if dated := [p for p in same if rec.year is not None and p.year == rec.year]:
            return dated[0]
        years = {p.year for p in same if p.year is not None}
        return same[0] if len(years) <= 1 else None  # "X" of 2019 and of 2021: which one?


def _own_key(rec: BibRecord, index: _Index) -> str | None:
    """The entry's citation key, when it is a valid key that names no other paper: a .bib file
    imported and exported again keeps its keys. None: the key is made at flush by
    :mod:`paperdesk.keys`, as for any paper that enters."""
    try:
        key = check_key(rec.key)
    except InvalidIdError:
        return None
    return key if key.lower() not in index.keys else None


def new_paper(rec: BibRecord, index: _Index) -> Paper:
    """A paper for an entry not in the library (an arXiv paper when the entry names one)."""
    common = {
        "key": _own_key(rec, index),
        "title": rec.title,
        "authors": list(rec.authors),
        "year": rec.year,
        "doi": rec.doi,
        "abstract": rec.abstract,
        "journal_ref": rec.journal,
        "categories": [],
    }
    if rec.arxiv is not None:
        return Paper(
            **{**common, "title": rec.title or f"arXiv:{rec.arxiv.base}"},
            arxiv_id=rec.arxiv.base,
            url=f"https://arxiv.org/abs/{rec.arxiv.base}",
        )
    return Paper(**common, url=rec.url or (f"https://doi.org/{rec.doi}" if rec.doi else None))


def import_records(
    lib: Library, records: list[BibRecord], report: BibImportReport, list_name: str | None = None
) -> list[Wanted]:
    """Merge or add each record in one unit of work (one result each on ``report``); append
    them to ``list_name`` if given. Returns the PDFs the entries name, to attach after."""
    from sqlalchemy import func, select

    from paperdesk.storage.models import ListEntry
    from paperdesk.storage.repository import ensure_list

    with lib.session() as s:
        rl = ensure_list(s, list_name.strip()) if list_name else None
        index = _Index(s)
        touched: list[tuple[Paper, BibRecord, EntryResult]] = []
        for rec in records:
            res = EntryResult(rec.line, strip_controls(rec.key), SKIPPED)
            report.results.append(res)
            try:
                rec = checked(rec)
            except validate.InvalidValue as exc:
                res.reason = str(exc)
                continue
            if not rec.title and rec.arxiv is None:
                res.reason = "no title and no arXiv id"
                continue
            if rec.bad_eprint is not None:
                what = f"eprint {rec.bad_eprint!r} is not an arXiv id"
                if not rec.url and not rec.doi and not (rec.title and rec.year):
                    res.reason = (
                        f"{what}, and the entry has no URL, DOI or year to "
                        "tell the paper by; correct the eprint"
                    )
                    continue
                res.warnings.append(f"{what}; imported without it (not as an arXiv paper)")
            if rec.dropped:
                them = "it" if len(rec.dropped) == 1 else "them"
                res.warnings.append(f"{', '.join(rec.dropped)}; imported without {them}")
            paper = index.find(rec)
            if paper is not None:
                res.status, res.updated = MERGED, _fill(paper, rec)
            else:
                paper = new_paper(rec, index)
                s.add(paper)
                index.add(paper)
                res.status, res.arxiv = ADDED, rec.arxiv is not None
            touched.append((paper, rec, res))
        s.flush()
        for paper, _, res in touched:
            res.paper = paper.key
            if res.status == MERGED:
                res.reason = f"already in the library as {paper.key}"
        wanted = apply_all(s, touched)
        if rl is not None:
            listed = set(s.scalars(select(ListEntry.paper_id).where(ListEntry.list_id == rl.id)))
            last = (
                s.scalar(select(func.max(ListEntry.position)).where(ListEntry.list_id == rl.id))
                or 0
            )
            for paper, _, res in touched:
                if paper.id not in listed:
                    listed.add(paper.id)
                    last += 1
                    s.add(ListEntry(list_id=rl.id, paper_id=paper.id, position=last))
                    res.listed = True
    return wanted


Parser = Callable[[str, str], tuple[list[BibRecord], list[EntryResult]]]


def import_text(
    lib: Library,
    parse: Parser,
    text: str,
    where: str,
    *,
    list_name: str | None = None,
    path: Path | None = None,
) -> BibImportReport:
    """Parse ``text`` (BibTeX or CSL-JSON, by ``parse``), merge or add its entries and attach
    the PDFs they name (relative paths from ``path``'s folder, else the current one)."""
    records, failed = parse(text, where)
    report = BibImportReport(list(failed), path=path)
    wanted = import_records(lib, records, report, list_name)
    attach_files(lib, wanted, path.parent if path is not None else Path.cwd())
    report.results.sort(key=lambda r: r.line)
    return report


def import_file(
    lib: Library, parse: Parser, file: Path, what: str, *, list_name: str | None = None
) -> BibImportReport:
    """:func:`import_text` of a file; ``what`` names it in errors ("BibTeX file")."""
    path = Path(file)
    text = read_text(path, what)
    return import_text(lib, parse, text, str(path), list_name=list_name, path=path)


def import_bibtex(lib: Library, file: Path, *, list_name: str | None = None) -> BibImportReport:
    """Add the entries of the BibTeX ``file`` (see the module docstring)."""
    return import_file(lib, parse_bibtex, file, "BibTeX file", list_name=list_name)


def import_bibtex_text(
    lib: Library, text: str, where: str, *, list_name: str | None = None, path: Path | None = None
) -> BibImportReport:
    return import_text(lib, parse_bibtex, text, where, list_name=list_name, path=path)
