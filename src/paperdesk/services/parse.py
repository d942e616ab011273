"""Parsing the library's PDFs into sections, passages and references, and attaching local PDFs.

The work happens in worker processes (``paperdesk.parse.worker``) with the time and memory
limits of the settings (``PAPERDESK_PARSE_TIMEOUT``, ``PAPERDESK_PARSE_MEMORY_MB``); this module
picks the papers, feeds the workers, and stores each result as it arrives, one transaction per
paper, so an interrupted batch keeps what it finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk import validate
from paperdesk.library import Library
from paperdesk.parse import PARSER_VERSION
from paperdesk.parse.result import ParseResult, failure
from paperdesk.parse.store import FAILED, relink_citations, save_failure, save_result
from paperdesk.paths import pdf_file, sha256_file
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.reports import Report
from paperdesk.services.links import save_links
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper, Section

__all__ = [
    "PaperParse",
    "ParseReport",
    "apply_result",
    "parse_papers",
    "relink_citations",
]

# Failures that mean the file is not a usable PDF at all: ``add --pdf`` refuses those.
NOT_A_PDF = frozenset({"empty", "not_pdf", "truncated", "corrupt", "no_pages", "unreadable"})


@dataclass
class PaperParse:
    key: str
    status: str  # "parsed", "unchanged", "failed" or "skipped"
    reason: str = ""
    # what the parse found; for an unchanged paper, what is stored (its page count is not
    # stored: None)
    pages: int | None = 0
    passages: int = 0
    references: int = 0
    links: int = 0  # cites links to library papers added by this parse

    @property
    def label(self) -> str:
        return self.key


@dataclass
class ParseReport(Report[PaperParse]):
    STATUSES = ("parsed", "unchanged", "failed", "skipped")

    links: int = 0  # cites links added: by the papers parsed, and by the re-link at the end
    # papers left alone because their unchanged PDF already failed with this parser: a plain
    # ``parse`` does not list them, so the summary says how many still need --force (or a fix)
    still_failed: list[str] = field(default_factory=list)

    def note(self) -> str:
        n = len(self.still_failed)
        return f"{n} still parse_failed: run 'paperdesk parse --force' to retry" if n else ""


@dataclass
class _Job:
    order: int
    paper_id: int
    key: str
    path: Path
    sha256: str | None = None
    size: int = 0
    # a file not parsed for this paper before, unforced: its stamp and title are checked
    check: bool = False


@dataclass
class _Row:
    """What selection needs of a paper, read in one short transaction (hashing happens after)."""

    id: int
    key: str
    pdf_path: str | None
    parsed_sha256: str | None
    parser_version: str | None
    parse_status: str | None


def _rows(lib: Library, refs: list[str] | None, report: ParseReport) -> list[_Row]:
    """The papers to look at. Every ref is resolved before any work; one that names no paper
    is a failed result and the others go on (as in ``add``), unless none names a paper."""
    with lib.session() as s:
        if refs:
            papers, errors = repo.find_papers(s, refs)
            if errors and not papers:
                raise repo.none_found(errors)
            report.results += [PaperParse(ref.strip(), "failed", str(e)) for ref, e in errors]
        else:
            query = select(Paper).where(Paper.pdf_path.is_not(None)).order_by(Paper.id)
            papers = list(s.scalars(query))
        return [
            _Row(p.id, p.key, p.pdf_path, p.parsed_sha256, p.parser_version, p.parse_status)
            for p in papers
        ]


def _select(
    lib: Library, refs: list[str] | None, all_papers: bool, force: bool, report: ParseReport
) -> list[_Job]:
    """The papers to parse; the rest go into the report as unchanged or skipped.

    What is on disk decides, not the database: each stored PDF is hashed (about 1 GB/s, far
    cheaper than parsing it), so a PDF replaced or damaged since its last parse is parsed again.
    With no refs and no --all, unchanged papers are not listed (only counted when still failed).
    """
    listed = bool(refs) or all_papers or force
    jobs: list[_Job] = []
    unchanged: dict[int, PaperParse] = {}
    for row in _rows(lib, refs, report):
        path = pdf_file(lib.settings, row.pdf_path)
        if path is None:
            report.results.append(
                PaperParse(row.key, "skipped", f"no PDF (run 'paperdesk fetch {row.key}')")
            )
            continue
        if not path.is_file():
            report.results.append(
                PaperParse(
                    row.key,
                    "skipped",
                    f"PDF file missing: {path} (run 'paperdesk fetch {row.key}')",
                )
            )
            continue
        try:
            size = path.stat().st_size
            sha = sha256_file(path)
        except OSError as exc:
            report.results.append(
                PaperParse(row.key, "failed", f"cannot read {path}: {exc.strerror}")
            )
            continue
        stale = sha != row.parsed_sha256 or row.parser_version != PARSER_VERSION
        if force or stale:
            check = not force and sha != row.parsed_sha256
            jobs.append(_Job(len(jobs), row.id, row.key, path, sha, size, check))
            continue
        failed = (row.parse_status or "").startswith(FAILED)
        if failed:
            report.still_failed.append(row.key)
        if listed:
            reason = f"still {row.parse_status}" if failed else ""
            unchanged[row.id] = PaperParse(row.key, "unchanged", reason, pages=None)
            report.results.append(unchanged[row.id])
    _stored_counts(lib, unchanged)
    return jobs


def _stored_counts(lib: Library, results: dict[int, PaperParse]) -> None:
    """An unchanged paper reports the passages and references stored for it (two grouped
    queries), not zeros that read as "found nothing"."""
    from sqlalchemy import func

    from paperdesk.parse.kinds import PARSED as PARSED_KINDS
    from paperdesk.storage.models import Passage, Reference

    every = list(results)
    with lib.session() as s:
        for start in range(0, len(every), 500):  # bound the IN list on a large library
            ids = every[start : start + 500]
            for pid, n in s.execute(
                select(Passage.paper_id, func.count())
                .where(Passage.paper_id.in_(ids), Passage.kind.in_(PARSED_KINDS))
                .group_by(Passage.paper_id)
            ):
                results[pid].passages = n
            for pid, n in s.execute(
                select(Reference.paper_id, func.count())
                .where(Reference.paper_id.in_(ids))
                .group_by(Reference.paper_id)
            ):
                results[pid].references = n


def parse_papers(
    lib: Library,
    refs: list[str] | None = None,
    *,
    all_papers: bool = False,
    force: bool = False,
    progress: Progress = NullProgress(),
) -> ParseReport:
    """Parse the PDFs of ``refs`` (or of every paper with ``all_papers``, or else of every paper
    whose PDF file or the parser changed since its last parse). A PDF that fails gets
    ``parse_failed: <reason>`` and the batch goes on. A file not parsed for its paper before
    whose arXiv stamp or title names another paper is reported failed and nothing is stored,
    unless ``force`` (which also parses unchanged PDFs again)."""
    from paperdesk.parse.worker import WorkerPool, default_workers

    report = ParseReport()
    jobs = _select(lib, refs, all_papers, force, report)
    progress.start(len(jobs), "parse")
    done: list[tuple[int, PaperParse]] = []
    try:
        ready = _prepare(lib, jobs, done, progress)
        if ready:
            settings = lib.settings
            with WorkerPool(
                timeout=settings.parse_timeout,
                memory_mb=settings.parse_memory_mb,
                workers=default_workers(len(ready)),
            ) as pool:
                for job, result in pool.map((j, j.path) for j in ready):
                    outcome = _store(lib, job, result)
                    done.append((job.order, outcome))
                    progress.advance(item=job.key)
                    if outcome.status == "failed":
                        progress.message(f"{job.key}: {outcome.reason}")
                    if progress.cancelled():
                        raise Cancelled
    finally:
        report.results += [r for _, r in sorted(done, key=lambda d: d[0])]
        with lib.session() as s:
            report.links = relink_citations(s) + sum(r.links for r in report.results)
    return report


def _prepare(
    lib: Library, jobs: list[_Job], done: list[tuple[int, PaperParse]], progress: Progress
) -> list[_Job]:
    """Fail the oversized PDFs without starting a worker for them."""
    limit = lib.settings.pdf_max_mb
    ready = []
    for job in jobs:
        if job.size > limit * 1024 * 1024:
            outcome = _store(
                lib,
                job,
                {
                    "ok": False,
                    "code": "too_large",
                    "reason": f"PDF too large ({job.size / 2**20:.0f} MB > {limit:g} MB)",
                },
            )
            done.append((job.order, outcome))
            progress.advance(item=job.key)
            continue
        ready.append(job)
    return ready


def _store(lib: Library, job: _Job, result: ParseResult) -> PaperParse:
    """Store one result in its own transaction. A result the database refuses (a value no
    check foresaw) becomes this paper's ``parse_failed: <reason>``, so that the batch, and
    every later parse and sync, does not stop at it."""
    from sqlalchemy.exc import DBAPIError, StatementError

    try:
        with lib.session() as s:
            paper = s.get(Paper, job.paper_id)
            if paper is None:
                return PaperParse(job.key, "skipped", "removed from the library meanwhile")
            if job.check and (refused := _wrong_paper(paper, job, result)):
                return PaperParse(job.key, "failed", refused)
            return apply_result(
                s, paper, storable(result) if result.get("ok") else result, job.sha256
            )
    except (DBAPIError, StatementError, KeyError, TypeError, ValueError) as exc:
        cause = getattr(exc, "orig", None) or exc
        detail = " ".join(str(cause).split())[:160] or type(cause).__name__
        failed = failure("store", f"cannot store the parse: {detail}")
        with lib.session() as s:
            paper = s.get(Paper, job.paper_id)
            if paper is None:
                return PaperParse(job.key, "skipped", "removed from the library meanwhile")
            return apply_result(s, paper, failed, job.sha256)


def _wrong_paper(paper: Paper, job: _Job, result: ParseResult) -> str | None:
    """Why the text of a PDF its paper had not had parsed before must not be stored: its arXiv
    stamp or title names another paper (the check ``add --pdf`` and ``fetch`` make). Nothing
    is stored, so the paper keeps what it had; ``--force`` stores it anyway."""
    from paperdesk.parse.identity import mismatch, real_title

    who = f"{paper.key} (arXiv:{paper.arxiv_id})" if paper.arxiv_id else paper.key
    title = real_title(paper.title, paper.arxiv_id)
    found = mismatch(str(job.path), who, result, arxiv_id=paper.arxiv_id, title=title)
    if found is None:
        return None
    return (
        f"{found}; not parsed, nothing changed ('paperdesk parse {paper.key} --force' stores "
        f"it anyway, 'paperdesk add --pdf FILE --id {paper.key}' replaces the PDF)"
    )


def storable(result: ParseResult) -> ParseResult:
    """A worker's result made fit for both databases: text came out of a PDF, so it may hold
    NUL characters (PostgreSQL refuses them) and headings longer than their column (a
    numbering such as ``A.1.1.1.1.1.1.1.1.1.1.1``)."""
    clean = _without_nul(result)
    for section in clean.get("sections") or []:
        section["number"] = validate.fit(Section, "number", section.get("number")) or None
    return clean


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def apply_result(s: Session, paper: Paper, result: ParseResult, sha256: str | None) -> PaperParse:
    if not result.get("ok"):
        reason = result.get("reason") or "unknown error"
        save_failure(s, paper, reason, sha256)
        return PaperParse(paper.key, "failed", reason)
    if sha256:
        # the file parsed is the paper's PDF now (e.g. replaced by hand): recorded in both, so
        # the next run sees it unchanged. A failure leaves pdf_sha256 alone on purpose: then
        # ``fetch`` still sees a damaged file as not the one it downloaded, and repairs it.
        paper.pdf_sha256 = sha256
    links = save_result(s, paper, result, sha256 or "")
    save_links(s, paper, result.get("links") or [])
    return PaperParse(
        paper.key,
        "parsed",
        "",
        result["pages"],
        len(result["passages"]),
        len(result["references"]),
        links,
    )
