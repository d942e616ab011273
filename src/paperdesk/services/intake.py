"""``add --pdf FILE_OR_FOLDER...``: many local PDFs in one go, none of them twice.

Each file is checked (size, PDF header) and hashed first: a file the library already holds is
"already there" without being parsed. The rest are parsed in the worker pool, several at once,
and each result is stored as it arrives, one transaction per file: the paper the PDF is
(recognised by its arXiv stamp, DOI or title and year) gets the PDF when it had none, or a new
paper is added. A file that fails says why in its row and never stops the batch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from sqlalchemy.orm import Session

from paperdesk.errors import PaperdeskError
from paperdesk.library import Library
from paperdesk.parse.result import ParseResult
from paperdesk.paths import pdf_file, sha256_file
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.reports import Report
from paperdesk.services.attach import check_local_pdf, copy_in, place_pdf
from paperdesk.services.identify import (
    Identity,
    TitleIndex,
    find_same,
    identity_of,
    new_paper,
)
from paperdesk.services.parse import NOT_A_PDF, relink_citations
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper

ADDED, ATTACHED, EXISTS, FAILED = "added", "attached", "exists", "failed"
_HOW = {
    "file": "the same file",
    "arxiv": "its arXiv id",
    "doi": "its DOI",
    "title": "its title and year",
}


@dataclass
class PdfResult:
    """What became of one file. ``attached``: the paper was there without a PDF and has it now;
    ``exists``: the paper (or this very file) was there already and nothing changed."""

    path: str
    status: str  # "added", "attached", "exists" or "failed"
    id: str | None = None
    reason: str = ""
    matched_by: str | None = None  # "file", "arxiv", "doi" or "title" for attached / exists
    parse_status: str | None = None
    links: int = 0  # cites links its parse added (to and from papers already there)
    # what its parse found, as ``parse`` reports it (added / attached; 0 for the others)
    pages: int = 0
    passages: int = 0
    references: int = 0

    @property
    def label(self) -> str:
        return self.path


@dataclass
class IntakeReport(Report[PdfResult]):
    STATUSES = (ADDED, ATTACHED, EXISTS, FAILED)
    WORDS: ClassVar[Mapping[str, str]] = {
        ATTACHED: "already there (PDF attached)",
        EXISTS: "already there",
    }

    links: int = 0

    @property
    def brought_in(self) -> bool:
        """True when some PDF was added or attached (there is new text to index)."""
        return any(r.status in (ADDED, ATTACHED) for r in self.results)


def expand(inputs: Sequence[str | Path]) -> tuple[list[Path], list[PdfResult]]:
    """Files as given and ``*.pdf`` under folders (recursively, sorted), each once; inputs that
    do not exist or hold no PDF come back as failed rows."""
    files: list[Path] = []
    problems: list[PdfResult] = []
    seen: set[Path] = set()

    def take(path: Path) -> None:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            files.append(path)

    for raw in inputs:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
            if not found:
                problems.append(
                    PdfResult(str(path), FAILED, reason="no *.pdf files in this folder")
                )
            for p in found:
                take(p)
        elif path.is_file():
            take(path)
        else:
            problems.append(PdfResult(str(path), FAILED, reason="no such file or folder"))
    return files, problems


@dataclass
class _File:
    order: int
    path: Path
    sha: str = ""


def add_pdfs(
    lib: Library,
    inputs: Sequence[str | Path],
    *,
    list_name: str | None = None,
    progress: Progress = NullProgress(),
) -> IntakeReport:
    """Add every PDF in ``inputs`` (files and folders): see the module docstring. Results come
    in input order; ``list_name`` (created if new) gets every paper added or already there."""
    from paperdesk.parse.worker import WorkerPool, default_workers

    if list_name:
        with lib.session() as s:
            repo.ensure_list(s, list_name)  # a bad name stops the batch before any work
    files, problems = expand(inputs)
    done: dict[int, PdfResult] = {}
    copies: dict[int, int] = {}
    todo = _screen(lib, files, done, copies, list_name)
    progress.start(len(files), "add")
    progress.advance(len(files) - len(todo))
    try:
        if todo:
            with lib.session() as s:
                titles = TitleIndex(s)
            with WorkerPool(
                timeout=lib.settings.parse_timeout,
                memory_mb=lib.settings.parse_memory_mb,
                workers=default_workers(len(todo)),
            ) as pool:
                for item, result in pool.map((f, f.path.resolve()) for f in todo):
                    done[item.order] = _store(lib, item, result, titles, list_name)
                    progress.advance(item=item.path.name)
                    if done[item.order].status == FAILED:
                        progress.message(f"{item.path}: {done[item.order].reason}")
                    if progress.cancelled():
                        raise Cancelled
    finally:
        _name_copies(done, copies)
        report = IntakeReport(problems + [done[k] for k in sorted(done)])
        if report.brought_in:
            with lib.session() as s:
                # each parse linked its paper; the relink adds what the batch implies
                report.links = sum(r.links for r in report.results) + relink_citations(s)
    return report


def _screen(
    lib: Library,
    files: list[Path],
    done: dict[int, PdfResult],
    copies: dict[int, int],
    list_name: str | None,
) -> list[_File]:
    """Check and hash every file; settle those that are not PDFs or are in the library already
    (by their bytes), and return the ones left to parse. Two copies of one file in the batch
    are parsed once: the second is "already there" once the first is stored, or fails with it."""
    todo: list[_File] = []
    first_of: dict[str, int] = {}
    for order, path in enumerate(files):
        try:
            check_local_pdf(lib, path)
            sha = sha256_file(path)
        except PaperdeskError as exc:
            done[order] = PdfResult(str(path), FAILED, reason=_short(str(exc), path))
            continue
        except OSError as exc:
            done[order] = PdfResult(str(path), FAILED, reason=f"cannot read: {exc.strerror}")
            continue
        if sha in first_of:
            copies[order] = first_of[sha]
            done[order] = PdfResult(
                str(path), EXISTS, reason=f"the same file as {files[first_of[sha]]}"
            )
            continue
        first_of[sha] = order
        with lib.session() as s:
            match = find_same(s, Identity(sha256=sha))
            paper = s.get(Paper, match.paper_id) if match else None
            if paper is not None and _has_pdf(lib, paper):
                done[order] = _exists(str(path), paper, "file")
                _file_in_list(s, paper, list_name)
                continue
        todo.append(_File(order, path, sha))
    return todo


def _name_copies(done: dict[int, PdfResult], copies: dict[int, int]) -> None:
    """A second copy of a file in the batch shares the fate of the first: its paper, or its
    failure."""
    for order, first in copies.items():
        row, origin = done[order], done.get(first)
        if origin is None:  # the batch stopped before the first copy was stored
            row.status, row.reason = FAILED, "not added: the batch was interrupted"
        elif origin.status == FAILED:
            row.status, row.reason = FAILED, origin.reason
        else:
            row.id, row.matched_by, row.parse_status = origin.id, "file", origin.parse_status


def _store(
    lib: Library,
    item: _File,
    result: ParseResult,
    titles: TitleIndex,
    list_name: str | None,
) -> PdfResult:
    """One parsed file into the library, in one transaction; never raises for a bad file."""
    shown = str(item.path)
    if not result.get("ok"):
        # the row names the file already: MuPDF's messages repeat its absolute path
        reason = (result.get("reason") or "unknown error").replace(
            str(item.path.resolve()), item.path.name
        )
        if result.get("code") not in NOT_A_PDF:
            reason += " (add it with --id ID or --title T to keep it anyway)"
        return PdfResult(shown, FAILED, reason=reason)
    ident = identity_of(result, item.sha)
    tmp: Path | None = None
    try:
        with lib.session() as s:
            match = find_same(s, ident, titles)
            paper = s.get(Paper, match.paper_id) if match else None
            if paper is not None and _has_pdf(lib, paper):
                _file_in_list(s, paper, list_name)
                return _exists(shown, paper, match.by if match else "file")
            status, how = ATTACHED, match.by if match else None
            if paper is None:
                paper, created = new_paper(s, ident)
                status, how = (ADDED, None) if created else (ATTACHED, "title")
                if not created and _has_pdf(lib, paper):
                    _file_in_list(s, paper, list_name)
                    return _exists(shown, paper, "title")
            # the PDF's metadata fills what the paper lacks (save_result), never more
            tmp, sha = copy_in(item.path, lib.settings.pdf_dir)
            links = place_pdf(s, lib, paper, tmp, sha, result, item.path)
            _file_in_list(s, paper, list_name)
            s.flush()
            titles.add(paper.id, paper.title, paper.year, paper.authors)
            out = PdfResult(shown, status, paper.key, matched_by=how)
            out.parse_status = paper.parse_status
            out.links = links
            if paper.parse_status == "parsed":
                out.pages = int(result.get("pages") or 0)
                out.passages = len(result.get("passages") or [])
                out.references = len(result.get("references") or [])
            if status == ATTACHED:
                out.reason = f"recognised by {_HOW[how or 'file']}"
        return out
    except PaperdeskError as exc:
        return PdfResult(shown, FAILED, reason=_short(str(exc), item.path))
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)  # still there only when something failed


def _exists(shown: str, paper: Paper, how: str) -> PdfResult:
    return PdfResult(
        shown,
        EXISTS,
        paper.key,
        reason=f"recognised by {_HOW[how]}: {paper.title}",
        matched_by=how,
        parse_status=paper.parse_status,
    )


def _has_pdf(lib: Library, paper: Paper) -> bool:
    path = pdf_file(lib.settings, paper.pdf_path)
    return path is not None and path.is_file()


def _file_in_list(s: Session, paper: Paper, list_name: str | None) -> None:
    if list_name:
        repo.append_to_list(s, repo.ensure_list(s, list_name), paper)


def _short(message: str, path: Path) -> str:
    """An error without the path the row already shows."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
