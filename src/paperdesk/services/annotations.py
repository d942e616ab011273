"""PDF annotations into the paper's note: each one a Markdown block with the quoted text, a
link to its page, what it is and who wrote it, and the comment.

Every block is fenced by HTML comments carrying the annotation's stable id
(:func:`paperdesk.parse.annotations.stable_id`), so importing again is idempotent: a block whose
annotation is unchanged stays byte for byte, a changed annotation rewrites its own block in
place, a new one goes after the last imported block (or at the end of the note, under a
heading). Text outside the fences is the user's and is never touched; an annotation deleted
from the PDF leaves its block in the note (the note may have grown around it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, select

from paperdesk.errors import NotFoundError, ParseError
from paperdesk.library import Library
from paperdesk.members import member_id_for_read
from paperdesk.parse.annotations import MARKUP, Annotation, read_many
from paperdesk.paths import pdf_file, sha256_file
from paperdesk.reports import Report
from paperdesk.services.notes import lock_note
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Note, Paper, utcnow_precise

HEADING = "## Annotations from the PDF"
_OPEN = "<!-- pdf-annotation {id} (kept up to date by paperdesk's annotation import) -->"
_BLOCK = re.compile(
    r"<!-- pdf-annotation (?P<id>[0-9a-f]{6,40})\b[^>]*-->\n(?P<body>.*?)\n"
    r"<!-- /pdf-annotation (?P=id) -->",
    re.S,
)


@dataclass(frozen=True)
class PaperAnnotations:
    paper: str
    pdf: Path
    annotations: list[Annotation]


@dataclass
class ImportReport:
    """One PDF's annotations merged into its paper's note: an item of an
    :class:`AnnotationsReport` (``status`` is ``changed``, ``unchanged`` or ``failed``)."""

    paper: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    gone: list[str] = field(default_factory=list)  # blocks whose annotation left the PDF: kept
    error: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    @property
    def label(self) -> str:
        return self.paper

    @property
    def status(self) -> str:
        return "failed" if self.error else "changed" if self.changed else "unchanged"

    @property
    def reason(self) -> str:
        return self.error or ""

    def summary(self) -> str:
        if self.error:
            return self.error
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{self.unchanged} unchanged",
        ]
        if self.gone:
            parts.append(f"{len(self.gone)} no longer in the PDF (their blocks are kept)")
        return "annotations " + ", ".join(parts)


@dataclass
class AnnotationsReport(Report[ImportReport]):
    """``sync``'s annotation step: one :class:`ImportReport` per PDF changed since its last
    import (``changed``: its note got blocks added or updated)."""

    STATUSES = ("changed", "unchanged", "failed")

    def note(self) -> str:
        if not self.results:
            return "no PDF changed since the last import"
        added = sum(len(r.added) for r in self.results)
        updated = sum(len(r.updated) for r in self.results)
        return f"{added} added, {updated} updated"


# ---------------------------------------------------------------------------- Markdown


def _when(iso: str | None) -> str:
    return iso[:16].replace("T", " ") if iso else ""


def render(a: Annotation, pdf_uri: str) -> str:
    """One annotation as Markdown (without its fences): the same annotation always renders
    the same text, so an unchanged one never rewrites its block."""
    what = a.kind + (f" ({a.colour_name or a.colour})" if a.colour and a.kind in MARKUP else "")
    meta = " · ".join(
        x
        for x in (f"[p. {a.page}]({pdf_uri}#page={a.page})", what, a.author, _when(a.modified))
        if x
    )
    comment = a.comment.strip()
    if a.text:
        quote = "\n".join(f"> {line}" if line else ">" for line in a.text.splitlines())
        out = f"{quote}\n> — {meta}"
        return f"{out}\n\n{comment}" if comment else out
    return f"{meta}: {comment}" if comment else meta


def merge(body: str, blocks: list[tuple[str, str]]) -> tuple[str, ImportReport]:
    """``body`` with every ``(id, markdown)`` block in place: updated where its fence exists,
    added after the last fence (or at the end, under :data:`HEADING`) where it does not."""
    report = ImportReport("")
    wanted = dict(blocks)
    present = {m["id"] for m in _BLOCK.finditer(body)}

    def replace(m: re.Match[str]) -> str:
        ident = m["id"]
        if ident not in wanted:
            report.gone.append(ident)
            return m[0]
        if m["body"] == wanted[ident]:
            report.unchanged += 1
            return m[0]
        report.updated.append(ident)
        return _fence(ident, wanted[ident])

    body = _BLOCK.sub(replace, body)
    new = [_fence(i, text) for i, text in blocks if i not in present]
    report.added = [i for i, _ in blocks if i not in present]
    if not new:
        return body, report
    addition = "\n\n".join(new)
    ends = [m.end() for m in _BLOCK.finditer(body)]
    if ends:
        last = ends[-1]
        body = body[:last] + "\n\n" + addition + body[last:]
    else:
        lead = body.rstrip("\n")
        body = (lead + "\n\n" if lead else "") + HEADING + "\n\n" + addition + "\n"
    return body, report


def _fence(ident: str, text: str) -> str:
    return f"{_OPEN.format(id=ident)}\n{text}\n<!-- /pdf-annotation {ident} -->"


# ---------------------------------------------------------------------------- use-cases


def _pdf_of(lib: Library, paper: Paper) -> Path:
    path = pdf_file(lib.settings, paper.pdf_path)
    if path is None:
        raise NotFoundError(f"{paper.key} has no PDF yet (run 'paperdesk fetch {paper.key}')")
    if not path.is_file():
        raise NotFoundError(f"the PDF of {paper.key} is missing: {path}")
    return path


def _read(lib: Library, paths: list[Path]) -> dict[Path, list[Annotation] | str]:
    return read_many(paths, timeout=lib.settings.parse_timeout)


def list_annotations(lib: Library, ref: str) -> PaperAnnotations:
    """The annotations saved in the paper's PDF, page by page."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        key, path = paper.key, _pdf_of(lib, paper)
    found = _read(lib, [path])[path]
    if isinstance(found, str):
        raise ParseError(f"{key}: {found} ({path})")
    return PaperAnnotations(key, path, found)


def import_annotations(lib: Library, ref: str) -> ImportReport:
    """Merge the paper's PDF annotations into its note (see the module docstring)."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        key, path = paper.key, _pdf_of(lib, paper)
    report = _import_many(lib, {key: path})[0]
    if report.error:
        raise ParseError(f"{key}: {report.error}")
    return report


def import_changed(lib: Library) -> AnnotationsReport:
    """``sync``'s step: import the annotations of every PDF changed since its last import."""
    with lib.session() as s:
        # my note's record of the PDF last merged (none yet: every PDF is new to me)
        mine = and_(Note.paper_id == Paper.id, Note.member_id == member_id_for_read(s))
        rows = s.execute(
            select(Paper.key, Paper.pdf_path, Note.annotations_sha256)
            .outerjoin(Note, mine)
            .where(Paper.pdf_path.is_not(None))
        ).all()
    todo: dict[str, Path] = {}
    for key, stored, seen in rows:
        path = pdf_file(lib.settings, stored)
        if path is None or not path.is_file():
            continue
        try:
            if sha256_file(path) == seen:
                continue
        except OSError:
            continue
        todo[key] = path
    return AnnotationsReport(_import_many(lib, todo) if todo else [])


def _import_many(lib: Library, papers: dict[str, Path]) -> list[ImportReport]:
    hashes = {key: sha256_file(path) for key, path in papers.items()}
    answers = _read(lib, list(papers.values()))
    reports = []
    for key, path in papers.items():
        found = answers[path]
        if isinstance(found, str):
            reports.append(ImportReport(key, error=f"{found} ({path})"))
            continue
        uri = path.resolve().as_uri()
        blocks = [(a.id, render(a, uri)) for a in found]
        with lib.session() as s:
            paper = repo.find_paper(s, key)
            note = lock_note(s, paper)
            body, report = merge(note.body, blocks)
            report.paper = paper.key
            if body != note.body:
                note.body = body
                note.revision += 1
                note.updated_at = utcnow_precise()
            note.annotations_sha256 = hashes[key]
        reports.append(report)
    return reports
