"""Fetching papers (arXiv metadata and PDFs) and opening a stored PDF.

Failures are per paper: each gets a :class:`PaperResult` naming the cause while the others go
on; the database and the PDF folder only ever receive data that is whole and at least as good
as what they held. Only when no server could be reached at all does the run stop, with one
:class:`NetworkError` and nothing changed. No database session is held across network calls.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from paperdesk.errors import FetchError, NetworkError, PaperdeskError
from paperdesk.library import Library
from paperdesk.parse.result import ParseResult
from paperdesk.paths import pdf_file, pdf_target
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.reports import Report
from paperdesk.storage import repository as repo
from paperdesk.storage.models import ListEntry, Paper, utcnow

if TYPE_CHECKING:
    from paperdesk.fetch.client import Metadata
    from paperdesk.fetch.http import Http
    from paperdesk.parse.worker import Worker

STATUSES = ("fetched", "unchanged", "skipped", "failed")


@dataclass
class PaperResult:
    key: str
    status: str  # one of STATUSES
    reason: str = ""
    pdf_bytes: int = 0
    title: str = ""

    @property
    def label(self) -> str:
        return self.key


@dataclass
class FetchReport(Report[PaperResult]):
    STATUSES = STATUSES

    @property
    def pdf_bytes(self) -> int:
        return sum(r.pdf_bytes for r in self.results)


@dataclass
class _Job:
    """A snapshot of what the run needs from a paper row (no session is held meanwhile)."""

    id: int
    key: str
    title: str
    arxiv_id: str | None
    has_metadata: bool
    pdf_url: str | None
    pdf_path: str | None
    pdf_sha256: str | None
    pdf_version: int | None

    @classmethod
    def of(cls, p: Paper) -> _Job:
        return cls(
            p.id,
            p.key,
            p.title,
            p.arxiv_id,
            p.metadata_fetched_at is not None,
            p.pdf_url,
            p.pdf_path,
            p.pdf_sha256,
            p.pdf_version,
        )


@dataclass
class _Run:
    lib: Library
    http: Http
    pdf: bool
    force: bool
    progress: Progress
    worker: Worker | None = None  # the parser that checks each download (started when needed)

    def parse(self, path: Path) -> ParseResult:
        from paperdesk.parse.worker import Worker

        if self.worker is None:
            self.worker = Worker(memory_mb=self.lib.settings.parse_memory_mb)
        return self.worker.parse(path, self.lib.settings.parse_timeout)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()


# --- selection ---------------------------------------------------------------------------------


def _pdf_missing(lib: Library, p: Paper) -> bool:
    path = pdf_file(lib.settings, p.pdf_path)
    return not p.pdf_sha256 or path is None or not path.is_file()


def _select(
    lib: Library, refs: list[str], list_name: str | None, all_papers: bool, pdf: bool
) -> tuple[list[_Job], list[PaperResult]]:
    """The papers to fetch, and a failed result for each ref that names none (as ``add``
    does: the good ones are fetched); when no ref names a paper and nothing else is asked
    for, that is the error."""
    with lib.session() as s:
        found, errors = repo.find_papers(s, refs)
        chosen: dict[int, Paper] = {p.id: p for p in found}
        if errors and not chosen and not (list_name or all_papers):
            raise repo.none_found(errors)
        bad = [PaperResult(ref.strip(), "failed", str(exc)) for ref, exc in errors]
        if list_name:
            rl = repo.find_list(s, list_name)
            stmt = (
                select(Paper)
                .join(ListEntry, ListEntry.paper_id == Paper.id)
                .where(ListEntry.list_id == rl.id)
                .order_by(ListEntry.position)
            )
            for p in s.scalars(stmt):
                chosen.setdefault(p.id, p)
        if all_papers or not (refs or list_name):
            for p in s.scalars(select(Paper).order_by(Paper.id)):
                if (
                    all_papers
                    or (p.arxiv_id and p.metadata_fetched_at is None)
                    or (pdf and _pdf_missing(lib, p))
                ):
                    chosen.setdefault(p.id, p)
        return [_Job.of(p) for p in chosen.values()], bad


# --- metadata ----------------------------------------------------------------------------------

_FIELDS = (
    "title",
    "authors",
    "abstract",
    "categories",
    "primary_category",
    "published",
    "updated",
    "year",
    "doi",
    "journal_ref",
    "comment",
    "version",
)


def apply_metadata(paper: Paper, meta: Metadata) -> bool:
    """Copy what arXiv says onto ``paper``, never replacing a value with an empty one (a feed
    with an empty title keeps the stored title) nor the version with an older one.
    Returns True when anything shown to the user changed."""
    before = [getattr(paper, f) for f in _FIELDS]
    if meta.title.strip():
        paper.title = meta.title
    if meta.authors:
        paper.authors = list(meta.authors)
    if meta.abstract:
        paper.abstract = meta.abstract
    if meta.categories:
        paper.categories = list(meta.categories)
    if meta.primary_category:
        paper.primary_category = meta.primary_category
    if meta.published is not None:
        paper.published = meta.published
        paper.year = meta.published.year
    if meta.updated is not None:
        paper.updated = meta.updated
    for name in ("doi", "journal_ref", "comment"):
        if value := getattr(meta, name):
            setattr(paper, name, value)
    if meta.version is not None and (paper.version is None or meta.version > paper.version):
        paper.version = meta.version
    if meta.pdf_url:
        paper.pdf_url = meta.pdf_url
    return before != [getattr(paper, f) for f in _FIELDS]


def _store_batch(
    lib: Library, jobs: list[_Job], found: dict[str, Metadata | FetchError]
) -> dict[int, bool | None]:
    """Store one lookup's answers in one transaction (so a cancelled run keeps them).

    Returns, per paper id, whether its metadata changed (None: removed meanwhile)."""
    changed: dict[int, bool | None] = {}
    with lib.session() as s:
        for job in jobs:
            paper = s.get(Paper, job.id)
            answer = found.get(job.arxiv_id or "")
            if paper is None:
                changed[job.id] = None
            elif isinstance(answer, FetchError) or answer is None:
                paper.fetch_error = str(answer or "no answer from arXiv")
                changed[job.id] = False
            else:
                changed[job.id] = apply_metadata(paper, answer) or not job.has_metadata
                paper.metadata_fetched_at = utcnow()
                paper.fetch_error = None
                s.flush()  # a provisional key is finalised by the first real metadata
                job.title, job.key = paper.title, paper.key
    return changed


def _record_error(lib: Library, job: _Job, error: str | None) -> None:
    with lib.session() as s:
        paper = s.get(Paper, job.id)
        if paper is not None:
            paper.fetch_error = error


# --- PDFs --------------------------------------------------------------------------------------


@dataclass
class _Pdf:
    state: str  # "downloaded", "valid", "skipped" or "failed"
    reason: str = ""
    nbytes: int = 0
    newer: bool = False  # a newer arXiv version replaced the stored PDF


def _stored_state(lib: Library, job: _Job) -> str:
    from paperdesk.paths import sha256_file

    path = pdf_file(lib.settings, job.pdf_path)
    if not job.pdf_sha256 or path is None:
        return "none"
    if not path.is_file():
        return "missing"
    try:
        return "ok" if sha256_file(path) == job.pdf_sha256 else "corrupt"
    except OSError:
        return "corrupt"


def _ensure_pdf(run: _Run, job: _Job, url: str | None, version: int | None) -> _Pdf:
    from paperdesk.fetch.download import download_part
    from paperdesk.paths import human_size
    from paperdesk.services.pdfswap import swap_in

    settings = run.lib.settings
    state = _stored_state(run.lib, job)
    newer = bool(state == "ok" and version and job.pdf_version and version > job.pdf_version)
    if state == "ok" and not run.force and not newer:
        return _Pdf(
            "valid", f"PDF v{job.pdf_version} verified" if job.pdf_version else "PDF verified"
        )
    if not url:
        return _Pdf("skipped", "no PDF URL known")
    if not url.startswith(("http://", "https://")):
        return _Pdf("failed", f"PDF URL is not http(s): {url[:80]}")
    why = {
        "missing": "stored PDF file was missing",
        "corrupt": "stored PDF did not match its sha256",
    }.get(state, "")
    if newer:
        why = f"v{version} replaces v{job.pdf_version}"
    elif state == "ok":
        why = "forced"
    target = pdf_target(settings, job.key)
    try:
        got = download_part(
            run.http,
            url,
            target,
            max_bytes=int(settings.pdf_max_mb * 1024 * 1024),
            on_bytes=lambda n: run.progress.advance(0, item=job.key, nbytes=n),
            cancelled=run.progress.cancelled,
        )
    except NetworkError as exc:
        _stop_if_offline(run, exc)
        return _Pdf("failed", f"PDF: {exc}")
    except FetchError as exc:
        return _Pdf("failed", f"PDF: {exc}")
    refused, accepted = _check_download(run, job, got.path, url)
    if refused:
        got.path.unlink(missing_ok=True)
        return _Pdf("failed", f"PDF: {refused}")
    try:  # the old file goes only once the row names the new one (services/pdfswap.py)
        with run.lib.session() as s:
            paper = s.get(Paper, job.id)
            if paper is not None:
                swap_in(s, settings, paper, got.path, got.sha256, target)
                paper.pdf_version = version
                job.pdf_path = paper.pdf_path
                if accepted is not None:  # forced past the check: parsed as it is
                    from paperdesk.services.parse import apply_result, storable

                    apply_result(s, paper, storable(accepted), got.sha256)
    finally:
        got.path.unlink(missing_ok=True)  # still there only when something failed
    job.pdf_sha256, job.pdf_version = got.sha256, version
    label = f"PDF v{version}" if version else "PDF"
    detail = f"{label} ({human_size(got.size)}" + (f", {why})" if why else ")")
    return _Pdf("downloaded", detail, got.size, newer=newer)


def _check_download(
    run: _Run, job: _Job, path: Path, url: str
) -> tuple[str | None, ParseResult | None]:
    """Why a downloaded file must not become the paper's PDF (None: it may), and the parse to
    store with it when ``--force`` took it past the check. Refused: a file that is not a usable
    PDF (MuPDF cannot open it), or (unless ``--force``) one whose arXiv stamp or title names
    another paper (:func:`paperdesk.parse.identity.mismatch`, the check ``add --pdf`` makes).
    The stored PDF stays as it was; a mismatched file is kept in the cache for a look. A file
    forced in is parsed at once, so that ``parse`` does not refuse what the user accepted."""
    from paperdesk.parse.identity import mismatch, real_title
    from paperdesk.services.parse import NOT_A_PDF

    result = run.parse(path)
    if not result.get("ok"):
        if result.get("code") not in NOT_A_PDF:
            return None, None  # encrypted, image-only, too slow: parse says what it is
        name = url.rstrip("/").rsplit("/", 1)[-1]
        reason = (result.get("reason") or "unknown error").replace(str(path), name)
        return f"the file from {url} is not a usable PDF ({reason}); nothing was stored", None
    who = f"{job.key} (arXiv:{job.arxiv_id})" if job.arxiv_id else job.key
    title = real_title(job.title, job.arxiv_id)
    found = mismatch(f"the PDF from {url}", who, result, arxiv_id=job.arxiv_id, title=title)
    if found is None:
        return None, None
    if run.force:
        return None, result
    kept = run.lib.settings.cache_dir / "rejected" / f"{job.key}.pdf"
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, kept)
        where = f"the download is kept in {kept}"
    except OSError:
        where = "the download was not kept"
    return (
        f"{found}; not stored, the library is unchanged ({where}; "
        f"'paperdesk fetch {job.key} --force' stores it anyway)"
    ), None


def _stop_if_offline(run: _Run, exc: NetworkError) -> None:
    """No server answered at all in this run: one clear message instead of N failed papers."""
    if not run.http.connected:
        raise NetworkError(
            f"{exc}. Check the network connection (or PAPERDESK_ARXIV_API_URL); "
            "nothing was changed."
        ) from None


# --- one paper ---------------------------------------------------------------------------------


def _fetch_arxiv(
    run: _Run, job: _Job, found: Metadata | FetchError, changed: bool | None
) -> PaperResult:
    if isinstance(found, FetchError):
        return PaperResult(job.key, "failed", str(found), title=job.title)
    if changed is None:
        return PaperResult(job.key, "skipped", "removed from the library meanwhile")
    meta = found
    notes = ["metadata" + (f" v{meta.version}" if meta.version else "")] if changed else []
    if not run.pdf:
        if job.pdf_sha256 and meta.version and job.pdf_version and meta.version > job.pdf_version:
            notes.append(
                f"arXiv has v{meta.version}, the stored PDF is v{job.pdf_version} "
                "(fetch without --no-pdf to update it)"
            )
            run.progress.message(f"{job.key}: {notes[-1]}")
        return PaperResult(
            job.key,
            "fetched" if changed else "unchanged",
            "; ".join(notes) or "up to date",
            title=job.title,
        )
    pdf = _ensure_pdf(run, job, meta.pdf_url, meta.version)
    return _combine(run, job, changed, notes, pdf)


def _fetch_other(run: _Run, job: _Job) -> PaperResult:
    if not run.pdf:
        return PaperResult(
            job.key, "skipped", "not on arXiv (no metadata to fetch)", title=job.title
        )
    if not job.pdf_url and not job.pdf_sha256:
        return PaperResult(job.key, "skipped", "no PDF URL known (not on arXiv)", title=job.title)
    pdf = _ensure_pdf(run, job, job.pdf_url, None)
    return _combine(run, job, False, [], pdf)


def _combine(run: _Run, job: _Job, changed: bool, notes: list[str], pdf: _Pdf) -> PaperResult:
    if pdf.state == "failed":
        _record_error(run.lib, job, pdf.reason)
        prefix = f"{notes[0]} stored; " if notes else ""
        return PaperResult(job.key, "failed", prefix + pdf.reason, title=job.title)
    if pdf.state == "downloaded":
        if pdf.newer:
            run.progress.message(f"{job.key}: newer version on arXiv, {pdf.reason}")
        return PaperResult(
            job.key, "fetched", "; ".join([*notes, pdf.reason]), pdf.nbytes, title=job.title
        )
    if pdf.state == "skipped" and not changed:
        return PaperResult(job.key, "skipped", pdf.reason, title=job.title)
    status = "fetched" if changed else "unchanged"
    return PaperResult(job.key, status, "; ".join([*notes, pdf.reason]), title=job.title)


# --- the use-cases -----------------------------------------------------------------------------


def _batches(jobs: list[_Job], size: int) -> Iterable[list[_Job]]:
    arxiv_jobs = [j for j in jobs if j.arxiv_id]
    for start in range(0, len(arxiv_jobs), size):
        yield arxiv_jobs[start : start + size]


def fetch_papers(
    lib: Library,
    refs: list[str] | None = None,
    *,
    list_name: str | None = None,
    all_papers: bool = False,
    pdf: bool = True,
    force: bool = False,
    progress: Progress = NullProgress(),
) -> FetchReport:
    """Fetch metadata (arXiv papers) and PDFs for the papers named by ``refs`` and/or
    ``list_name``, or every paper (``all_papers``); with none of them, what is missing in the
    whole library. Papers named explicitly get their metadata refreshed (one request per 100
    ids), which is how a newer arXiv version is noticed; a valid PDF is never downloaded twice
    unless ``force`` or a newer version. Each download is parsed once to check it: a file
    that is not a usable PDF, or (unless ``force``) one whose arXiv stamp or title names
    another paper, fails its paper and leaves the stored PDF as it was.

    Raises :class:`NetworkError` when no server can be reached (nothing is changed), and
    :class:`Cancelled` when ``progress.cancelled()`` (work done so far is kept).
    """
    from paperdesk.fetch.download import remove_stale_parts
    from paperdesk.fetch.http import Http

    jobs, bad = _select(lib, list(refs or []), list_name, all_papers, pdf)
    report = FetchReport(results=bad)
    if not jobs:
        return report
    remove_stale_parts(lib.settings.pdf_dir)
    with Http.from_settings(lib.settings) as http:
        run = _Run(lib, http, pdf, force, progress)
        try:
            _fetch_jobs(run, jobs, report)
        finally:
            run.close()
    _relink(lib)
    return report


def _fetch_jobs(run: _Run, jobs: list[_Job], report: FetchReport) -> None:
    from paperdesk.fetch.client import BATCH_SIZE, ArxivClient
    from paperdesk.ids import ArxivId

    lib, progress = run.lib, run.progress
    client = ArxivClient(lib.settings, run.http)
    batches = iter(_batches(jobs, BATCH_SIZE))
    looked_up: dict[str, Metadata | FetchError] = {}
    changed: dict[int, bool | None] = {}
    progress.start(len(jobs), "Fetching")
    for job in jobs:
        if progress.cancelled():
            raise Cancelled()
        progress.advance(0, item=job.key)
        if job.arxiv_id and job.arxiv_id not in looked_up:
            batch = next(batches)
            found = client.lookup(ArxivId(j.arxiv_id or "") for j in batch)
            offline = next((v for v in found.values() if isinstance(v, NetworkError)), None)
            if offline is not None:
                _stop_if_offline(run, offline)
            looked_up.update(found)
            changed.update(_store_batch(lib, batch, found))
        if job.arxiv_id:
            result = _fetch_arxiv(run, job, looked_up[job.arxiv_id], changed[job.id])
        else:
            result = _fetch_other(run, job)
        if result.status == "failed":
            progress.message(f"{job.key}: failed: {result.reason}")
        report.results.append(result)
        progress.advance(1, item=job.key)


def _relink(lib: Library) -> None:
    """New DOIs and ids may complete citation links that parsed references already imply."""
    from paperdesk.parse.store import relink_citations

    with lib.session() as s:
        relink_citations(s)


def _page_count(path: Path) -> int | None:
    """The PDF's pages, or None when PyMuPDF cannot tell (the viewer may still open it)."""
    import pymupdf

    try:
        with pymupdf.open(path, filetype="pdf") as doc:
            return int(doc.page_count)
    except Exception:  # a damaged file: no range to check against
        return None


def _check_stored(path: Path, key: str, on_arxiv: bool) -> None:
    """A stored file that is not a PDF (an HTML page saved in its place, a cut file): MuPDF
    would open HTML as a one-page document and a viewer would show something else."""
    from paperdesk.parse.document import PdfProblem, check_file

    try:
        check_file(path)
    except PdfProblem as exc:
        how = f"paperdesk fetch {key}" if on_arxiv else f"paperdesk add --pdf FILE --id {key}"
        raise PaperdeskError(
            f"the stored PDF of {key} is not usable: {exc.reason} ({path}); run '{how}'"
        ) from None


def open_pdf(lib: Library, ref: str, page: int | None = None) -> Path:
    """Open the stored PDF of ``ref`` in the system viewer (at ``page`` when the viewer can)
    and return its path."""
    from paperdesk.fetch.viewer import launch

    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        key, stored, on_arxiv = paper.key, paper.pdf_path, bool(paper.arxiv_id)
    path = pdf_file(lib.settings, stored)
    if path is None or not path.is_file():
        how = f"paperdesk fetch {key}" if on_arxiv else f"paperdesk add --pdf FILE --id {key}"
        raise PaperdeskError(f"no PDF stored for {key} (run '{how}')")
    _check_stored(path, key, on_arxiv)
    if page is not None and page < 1:
        raise PaperdeskError(f"page {page} does not exist: pages start at 1")
    if page is not None and (pages := _page_count(path)) is not None and page > pages:
        from paperdesk.wording import plural

        raise PaperdeskError(
            f"page {page} does not exist: the PDF of {key} has {plural(pages, 'page')}"
        )
    launch(path, page)
    return path
