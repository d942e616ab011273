"""What a reference brings beyond a paper's metadata: its type, volume and pages, tags, a note
and its PDFs, as Zotero and Better BibTeX export them (BibTeX and CSL-JSON alike).

- ``keywords`` (``keyword`` in CSL) → tags: split on commas and semicolons, lower-cased, a
  space becomes ``-`` (``machine learning`` → ``machine-learning``; a tag is one word).
- ``note`` (unless it only names an arXiv id, as Google Scholar writes it) and ``annote`` → the
  paper's note; text the note already has is not added again.
- ``file``: Zotero's ``Title:path:mime`` items separated by ``;`` (``\\:`` and ``\\;`` escaped),
  or plain paths; relative paths are relative to the .bib file. Each PDF is attached through
  :func:`paperdesk.services.attach.attach_pdf` (checked, copied in, parsed), then its stored
  copy's sha256 is compared with the source's. A paper that has this PDF already is left alone;
  one with another PDF keeps it.
- the entry type, volume, pages and arXiv ``primaryClass`` fill what the paper lacks (never
  overwritten).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import PaperdeskError, StateError
from paperdesk.export.refreport import EntryResult

if TYPE_CHECKING:
    from paperdesk.library import Library

_TAG_SPLIT = re.compile(r"\s*[,;]\s*")


@dataclass
class RefExtras:
    """The extras of one entry, decoded."""

    entry_type: str | None = None
    volume: str | None = None
    pages: str | None = None
    primary_category: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    files: list[str] = field(default_factory=list)


# an entry and the paths of the PDFs it names (its ``paper`` is the key to attach them to)
Wanted = tuple[EntryResult, list[str]]


def split_keywords(text: str | None) -> list[str]:
    """``Deep Learning, NLP; transformers`` → ``["deep-learning", "nlp", "transformers"]``."""
    out: list[str] = []
    for part in _TAG_SPLIT.split(text or ""):
        name = "-".join(part.strip().lstrip("#").lower().split())
        if name and name not in out:
            out.append(name)
    return out


def split_files(value: str | None) -> list[str]:
    """The paths of PDFs in a Zotero/Better BibTeX/Mendeley ``file`` field."""
    if not value:
        return []
    out = []
    for item in _split_unescaped(value, ";"):
        parts = [_unescape(p) for p in _split_unescaped(item, ":")]
        if len(parts) >= 3:  # Title:path:mime (a Windows drive adds a colon to the path)
            path, mime = ":".join(parts[1:-1]), parts[-1].lower()
        elif len(parts) == 2 and "/" in parts[1] and not parts[1].startswith(("/", "\\")):
            path, mime = parts[0], parts[1].lower()  # path:application/pdf
        else:
            path, mime = ":".join(parts), ""
        path = path.strip()
        if path and (mime in ("application/pdf", "pdf") or path.lower().endswith(".pdf")):
            out.append(path)
    return out


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\:;])", r"\1", text)


# Zotero writes its "Extra" field into ``note``; its "name: value" lines are data, not a note
_EXTRA_LINE = re.compile(
    r"(?i)^\s*(citation key|tex\.[\w-]+|arxiv|doi|pmid|pmcid|isbn|issn|issued|original-date|"
    r"type|genre|status|number|publisher-place|event-place|archive|archive_location):\s*(.*)$"
)


def note_and_extra(note: str | None, annote: str | None) -> tuple[str | None, dict[str, str]]:
    """The user's note from ``note`` and ``annote``, and the "name: value" lines of Zotero's
    Extra field found in ``note`` (lower-case names)."""
    from paperdesk.ids import find_arxiv_ids

    text, extra = [], {}
    for line in (note or "").splitlines():
        if m := _EXTRA_LINE.match(line):
            extra[m.group(1).lower()] = m.group(2).strip()
        else:
            text.append(line)
    note = "\n".join(text).strip()
    if note and len(note) < 100 and find_arxiv_ids(note):
        note = ""  # "arXiv preprint arXiv:1607.06450": a reference, not a note
    parts = [t.strip() for t in (note, annote) if t and t.strip()]
    return "\n\n".join(parts) or None, extra


def from_bibtex(entry_type: str | None, fields: dict[str, str]) -> RefExtras:
    """The extras of a BibTeX entry (``fields``: lower-case names, enclosing removed)."""
    from paperdesk.export.latex import from_latex, verbatim

    def text(name: str) -> str | None:
        value = fields.get(name)
        return from_latex(value).strip() or None if value else None

    def _lines(name: str) -> str | None:  # from_latex would join Zotero's Extra lines
        value = fields.get(name)
        return "\n".join(from_latex(line) for line in value.splitlines()) if value else None

    return RefExtras(
        entry_type=(entry_type or "").strip().lower() or None,
        volume=text("volume"),
        pages=verbatim(fields["pages"]).strip() or None if fields.get("pages") else None,
        primary_category=verbatim(fields.get("primaryclass") or "").strip() or None,
        tags=split_keywords(text("keywords")),
        note=note_and_extra(_lines("note"), text("annote"))[0],
        files=split_files(fields.get("file")),
    )


def apply_all(s: Any, touched: list[tuple[Any, Any, EntryResult]]) -> list[Wanted]:
    """For each (paper, record, result) of an import, flushed: apply the record's ``extras``
    (what changed and what could not be taken go on the result), and list the PDFs it names."""
    wanted: list[Wanted] = []
    for paper, rec, res in touched:
        res.enriched = apply(s, paper, rec.extras, res.warnings)
        if rec.extras.files:
            wanted.append((res, list(rec.extras.files)))
    return wanted


def apply(s: Any, paper: Any, extras: RefExtras, warnings: list[str]) -> bool:
    """Fill ``paper`` (flushed, in the caller's session) with what ``extras`` brings; True when
    it got tags or a note (the type, volume and pages fill in silently, as other metadata). A
    tag that cannot be one is reported, not fatal."""
    from paperdesk.services.notes import lock_note, note_of
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import utcnow_precise

    changed = False
    for name in ("entry_type", "volume", "pages", "primary_category"):
        value = getattr(extras, name)
        if value and not getattr(paper, name):
            setattr(paper, name, value[:40])
    have = set(repo.tags_of(s, paper.id))  # mine: an import gives me its tags and note
    for tag in extras.tags:
        try:
            name = repo.check_tag(tag)
        except StateError as exc:
            warnings.append(f"{exc}; not added")
            continue
        if name not in have:
            repo.tag_paper(s, paper, name)
            have.add(name)
            changed = True
    if extras.note and extras.note not in (getattr(note_of(s, paper.id), "body", None) or ""):
        note = lock_note(s, paper)
        if extras.note not in note.body:
            sep = "" if not note.body else ("\n" if note.body.endswith("\n") else "\n\n")
            note.body = note.body + sep + extras.note.rstrip("\n") + "\n"
            note.revision += 1
            note.updated_at = utcnow_precise()
            changed = True
    return changed


def _pdf_of(lib: Library, key: str) -> tuple[str | None, str | None]:
    """The sha256 and stored path of the paper ``key``'s PDF (None, None: it has none)."""
    from paperdesk.storage import repository as repo

    with lib.session() as s:
        paper = repo.find_paper(s, key)
        return paper.pdf_sha256, paper.pdf_path


def attach_files(lib: Library, wanted: list[Wanted], base: Path) -> int:
    """Attach each entry's first PDF that attaches to its paper (``result.pdf``; what could
    not be attached is a warning of the entry). Returns how many the papers had already."""
    from paperdesk.export.files import sha256_file
    from paperdesk.paths import pdf_file
    from paperdesk.services.attach import attach_pdf

    already = 0
    for res, paths in wanted:
        key = res.paper
        if key is None:
            continue
        for raw in paths:
            path = Path(raw).expanduser()
            path = path if path.is_absolute() else base / path
            digest = sha256_file(path) if path.is_file() else None
            if digest is None:
                res.warnings.append(f"PDF {raw} not found (looked at {path})")
                continue
            current = _pdf_of(lib, key)[0]
            if current == digest:
                already += 1
                continue
            if current:
                res.warnings.append(f"has a PDF already; {path.name} not attached")
                continue
            try:
                attach_pdf(lib, path, ref=key)
            except PaperdeskError as exc:
                res.warnings.append(f"{path.name} not attached: {exc}")
                continue
            stored = _pdf_of(lib, key)[1]
            copy = pdf_file(lib.settings, stored) if stored else None
            if copy is None or sha256_file(copy) != digest:
                res.warnings.append(f"the stored copy of {path.name} differs from it")
                continue
            res.pdf = path.name
            break  # one PDF per paper: the first that attaches
    return already
