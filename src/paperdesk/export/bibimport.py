"""BibTeX import: entries from any .bib file (ours, Zotero's, Google Scholar's) become papers.

An arXiv id is recognised in ``eprint``, ``url``, ``doi`` (``10.48550/arXiv.…``) and, as
Google Scholar writes it, in ``journal``/``note``/``howpublished`` (``arXiv preprint
arXiv:…``). An entry that names a paper already in the library (same arXiv id, DOI, or title
and year) is merged: only the fields the library lacks are filled in. Others are added, keyed
by their own citation key when it is free (so keys survive a round trip). Entries the parser cannot
read are reported with their line; they never stop the good ones. An arXiv ``eprint`` that is
no arXiv id is reported; such an entry is kept only when a URL, a DOI or its title and year
can tell the paper by. ``@string`` macros and ``#`` concatenation are resolved
(:mod:`paperdesk.export.bibmacros`). What Zotero and Better BibTeX add (``keywords`` as tags,
``note``/``annote``, ``file`` PDFs, the entry type, volume, pages):
:mod:`paperdesk.export.refextras`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk import validate
from paperdesk.errors import ExportError, InvalidIdError
from paperdesk.export.bibcheck import checked
from paperdesk.export.files import read_text
from paperdesk.export.latex import from_latex, verbatim
from paperdesk.export.refextras import RefExtras, apply_all, attach_wanted, from_bibtex
from paperdesk.ids import ArxivId, check_key, find_arxiv_ids, normalize_doi, parse_arxiv_id
from paperdesk.printable import strip_controls
from paperdesk.storage.models import Paper
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.library import Library

# bibtexparser logs every syntax error as a warning; our report carries them instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_FREE_TEXT_FIELDS = ("journal", "note", "howpublished", "number", "publisher", "booktitle")


@dataclass
class BibImportReport:
    path: Path | None
    entries: int = 0
    added: int = 0
    added_arxiv: int = 0
    merged: int = 0
    updated: int = 0
    listed: int = 0
    keys: list[str] = field(default_factory=list)  # library keys, in file order
    existing: list[str] = field(default_factory=list)  # "line N (key): already here as KEY"
    skipped: list[str] = field(default_factory=list)  # "line N (key): why"
    warnings: list[str] = field(default_factory=list)  # imported, but "line N (key): what"
    failed: list[str] = field(default_factory=list)  # blocks the parser could not read
    enriched: int = 0  # papers given tags or a note
    pdfs: list[str] = field(default_factory=list)  # "key: file.pdf" attached
    wanted: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (key, where, paths)

    def summary(self) -> str:
        name = self.path.name if self.path else "input"
        parts = [
            f"{self.added} added ({self.added_arxiv} from arXiv)",
            f"{self.merged} already in the library ({self.updated} updated)",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.failed:
            parts.append(f"{len(self.failed)} unreadable")
        if self.enriched:
            parts.append(f"{self.enriched} given tags or notes")
        if self.pdfs:
            parts.append(f"{len(self.pdfs)} PDF{'' if len(self.pdfs) == 1 else 's'} attached")
        if self.warnings:
            parts.append(f"{len(self.warnings)} with warnings")
        tail = f"; {self.listed} added to the list" if self.listed else ""
        total = self.entries + len(self.failed)  # the unreadable ones are entries of the file too
        return f"{name}: {plural(total, 'entry', 'entries')}: " + ", ".join(parts) + tail


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
    journal = fields.get("journal") or fields.get("booktitle")
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


def parse_bibtex(text: str, where: str) -> tuple[list[BibRecord], list[str]]:
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
    failed: list[str] = []
    for block in bib.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entries.append(block.ignore_error_block)
            continue
        reason = getattr(block.error, "abort_reason", None) or str(block.error or "")
        reason = " ".join(reason.split()) or "unreadable"
        key = re.match(r"\s*@\w+\s*[{(]\s*([^,\s{}()]+)\s*,", getattr(block, "raw", "") or "")
        named = f" ({strip_controls(_short(key.group(1)))})" if key else ""
        failed.append(f"line {(block.start_line or 0) + 1}{named}: {reason}")
    entries.sort(key=lambda e: e.start_line or 0)
    if not entries:
        if failed:
            raise ExportError(f"{where}: no BibTeX entry could be read ({failed[0]})")
        raise ExportError(f"{where}: no BibTeX entries found")
    records = []
    for e in entries:
        try:
            records.append(to_record(e))
        except Exception as exc:  # a name or LaTeX the decoders choke on: this entry only
            line = (e.start_line or 0) + 1
            failed.append(f"line {line} ({strip_controls(e.key)}): unreadable ({exc})"[:300])
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


class _Index:
    """The library's papers by arXiv id, DOI and title + year, kept current while importing
    (one query up front instead of one per entry)."""

    def __init__(self, session: Any) -> None:
        from sqlalchemy import select

        from paperdesk.storage.models import KeyAlias

        self.keys: set[str] = {a.lower() for a in session.scalars(select(KeyAlias.alias))}
        self.arxiv: dict[str, Paper] = {}
        self.doi: dict[str, Paper] = {}
        self.title: dict[tuple[str, int], Paper] = {}
        for paper in session.scalars(select(Paper).order_by(Paper.id)):
            self.add(paper)

    def add(self, paper: Paper) -> None:
        """Index ``paper``; the oldest paper keeps a DOI or title (as find_existing's order)."""
        if paper.key:
            self.keys.add(paper.key.lower())
        if paper.arxiv_id:
            self.arxiv.setdefault(paper.arxiv_id, paper)
        if paper.doi:
            self.doi.setdefault(paper.doi.lower(), paper)
        if paper.title and paper.year:
            self.title.setdefault((paper.title.strip().lower(), paper.year), paper)

    def find(self, rec: BibRecord) -> Paper | None:
        """As :func:`paperdesk.storage.repository.find_existing`: same arXiv id, DOI, or
        title + year (but never two different arXiv papers that share a title)."""
        found = (self.arxiv.get(rec.arxiv.base) if rec.arxiv else None) or (
            self.doi.get(rec.doi.lower()) if rec.doi else None
        )
        if found is None and rec.title and rec.year:
            from paperdesk.keys import words
            from paperdesk.titlematch import distinctive, same_first_author

            if not distinctive(" ".join(words(rec.title))):
                return None
            found = self.title.get((rec.title.strip().lower(), rec.year))
            if found is not None and found.arxiv_id and rec.arxiv is not None:
                return None
            if found is not None and not same_first_author(rec.authors, found.authors or []):
                return None
        return found


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
) -> BibImportReport:
    """Merge or add each record in one unit of work; append them to ``list_name`` if given."""
    from sqlalchemy import func, select

    from paperdesk.storage.models import ListEntry
    from paperdesk.storage.repository import ensure_list

    report.entries += len(records)
    with lib.session() as s:
        rl = ensure_list(s, list_name.strip()) if list_name else None
        index = _Index(s)
        touched: list[Paper] = []
        pairs: list[tuple[Paper, BibRecord]] = []
        for rec in records:
            try:
                rec = checked(rec)
            except validate.InvalidValue as exc:
                report.skipped.append(f"line {rec.line} ({strip_controls(rec.key)}): {exc}")
                continue
            if not rec.title and rec.arxiv is None:
                report.skipped.append(f"line {rec.line} ({rec.key}): no title and no arXiv id")
                continue
            if rec.bad_eprint is not None:
                where = f"line {rec.line} ({rec.key}): eprint {rec.bad_eprint!r} is not an arXiv id"
                if not rec.url and not rec.doi and not (rec.title and rec.year):
                    report.skipped.append(
                        f"{where}, and the entry has no URL, DOI or year to "
                        "tell the paper by; correct the eprint"
                    )
                    continue
                report.warnings.append(f"{where}; imported without it (not as an arXiv paper)")
            if rec.dropped:
                them = "it" if len(rec.dropped) == 1 else "them"
                what = ", ".join(rec.dropped)
                report.warnings.append(
                    f"line {rec.line} ({rec.key}): {what}; imported without {them}"
                )
            paper = index.find(rec)
            if paper is not None:
                report.merged += 1
                report.updated += _fill(paper, rec)
                report.existing.append(
                    f"line {rec.line} ({strip_controls(rec.key)}): already in the library "
                    f"as {paper.key}"
                )
            else:
                paper = new_paper(rec, index)
                s.add(paper)
                index.add(paper)
                report.added += 1
                report.added_arxiv += rec.arxiv is not None
            touched.append(paper)
            pairs.append((paper, rec))
        s.flush()
        report.keys = [p.key for p in touched]
        apply_all(s, pairs, report)
        if rl is not None:
            listed = set(s.scalars(select(ListEntry.paper_id).where(ListEntry.list_id == rl.id)))
            last = (
                s.scalar(select(func.max(ListEntry.position)).where(ListEntry.list_id == rl.id))
                or 0
            )
            for paper in touched:
                if paper.id not in listed:
                    listed.add(paper.id)
                    last += 1
                    s.add(ListEntry(list_id=rl.id, paper_id=paper.id, position=last))
                    report.listed += 1
    return report


def import_bibtex(lib: Library, file: Path, *, list_name: str | None = None) -> BibImportReport:
    """Add the entries of the BibTeX ``file`` (see the module docstring)."""
    path = Path(file)
    return import_bibtex_text(
        lib, read_text(path, "BibTeX file"), str(path), list_name=list_name, path=path
    )


def import_bibtex_text(
    lib: Library, text: str, where: str, *, list_name: str | None = None, path: Path | None = None
) -> BibImportReport:
    records, failed = parse_bibtex(text, where)
    report = BibImportReport(path, failed=failed)
    import_records(lib, records, report, list_name)
    return attach_wanted(lib, report, path.parent if path is not None else Path.cwd())
