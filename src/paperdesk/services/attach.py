"""Attaching a local PDF to a paper: ``add --pdf FILE`` (one file, maybe for a named paper).

Refused before anything changes: a file that is not a usable PDF, a PDF folder that cannot take
the copy, and (unless forced) a PDF whose arXiv stamp or title names another paper. The copy is
made into a hidden temporary file first and renamed into place inside the transaction that
records it, so a failure leaves neither a half-written file nor a half-made paper.
:mod:`paperdesk.services.intake` uses the same steps for many files at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError, NotFoundError, ParseError
from paperdesk.library import Library
from paperdesk.parse.result import ParseResult
from paperdesk.services.pdfswap import recover, swap_in
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper

if TYPE_CHECKING:
    from paperdesk.services.identify import Identity

__all__ = ["attach_pdf", "check_local_pdf", "copy_in", "place_pdf", "tidy_pdf_folder"]


def tidy_pdf_folder(lib: Library) -> None:
    """Finish what killed runs left in the PDF folder: half-done replacements, then their
    temporary files."""
    from paperdesk import fsutil

    with lib.session() as s:
        recover(s, lib.settings)
    fsutil.sweep(lib.settings.pdf_dir)


def check_local_pdf(lib: Library, path: Path) -> None:
    """Refuse what cannot be a usable PDF before any work: a missing, empty, oversized, non-PDF
    (an HTML page saved as .pdf) or truncated file (the parser's own byte checks)."""
    from paperdesk.parse.document import PdfProblem, check_file

    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    size = path.stat().st_size
    if size > lib.settings.pdf_max_mb * 1024 * 1024:
        raise ParseError(
            f"{path}: {size / 2**20:.0f} MB is over the PDF size limit "
            f"({lib.settings.pdf_max_mb:g} MB, PAPERDESK_PDF_MAX_MB)"
        )
    try:
        check_file(path)
    except PdfProblem as exc:
        raise ParseError(f"{path}: {exc.reason}") from None


def copy_in(src: Path, folder: Path) -> tuple[Path, str]:
    """Copy ``src`` into a hidden temporary file in ``folder`` (renamed into place once the
    paper is known); returns it and the sha256. Nothing is left behind when this fails, and a
    process killed meanwhile leaves a file that the next run removes (:func:`fsutil.sweep`)."""
    from paperdesk import fsutil

    digest = hashlib.sha256()
    tmp: Path | None = None
    try:
        out, tmp = fsutil.open_temp(folder / "attach.pdf")
        with out, src.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if fsutil.is_disk_full(exc, folder):
            raise fsutil.disk_error(exc, folder / src.name) from None
        raise ParseError(
            f"cannot store {src.name} in the PDF folder {folder}: {exc.strerror or exc}"
        ) from None
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    return tmp, digest.hexdigest()


def _paper_for(
    s: Session,
    result: ParseResult,
    ref: str | None,
    title: str | None,
    year: int | None,
    authors: tuple[str, ...],
    sha: str,
    path: Path,
) -> tuple[Paper, bool]:
    """The paper the PDF belongs to, added (in ``s``) when new; and whether it was added.

    ``ref`` names it outright. Otherwise it is recognised (the same file, the arXiv stamp, the
    DOI, or the title and year, the user's ``title`` before the parsed one) and added only when
    the library does not have it yet."""
    from paperdesk.ids import is_arxiv_id, parse_arxiv_id
    from paperdesk.library import paper_from_entry
    from paperdesk.readinglists import EntrySpec
    from paperdesk.services.identify import find_same, new_paper

    if ref is not None:
        if is_arxiv_id(ref):
            return paper_from_entry(s, EntrySpec(line=0, stage=None, arxiv=parse_arxiv_id(ref)))
        return repo.find_paper(s, ref), False
    ident = _identity(result, sha, title, year, authors)
    if title is not None:
        ident.sha256 = None  # a file attached under a title the user gives may be a second copy
    match = find_same(s, ident)
    if match is not None:
        paper = s.get(Paper, match.paper_id)
        assert paper is not None
        return paper, False
    if not ident.title and not ident.arxiv:
        raise InvalidIdError(
            f"cannot tell which paper {path.name} is: give its arXiv id (--id) or its title "
            "(--title)"
        )
    return new_paper(s, ident)


def _check_identity(
    paper: Paper, added: bool, result: ParseResult, path: Path, title: str | None
) -> None:
    """Refuse a PDF that says it is another paper (:func:`paperdesk.parse.identity.mismatch`):
    by its arXiv stamp, or by a title that shares few words with the paper's. A paper made just
    now is compared with the title the user gave (``--title``), if any."""
    from paperdesk.parse.identity import mismatch, real_title

    # a paper made just now from the id has only a provisional key: name it by its id
    who = f"arXiv:{paper.arxiv_id}" if added and paper.arxiv_id else paper.key
    if not added and paper.arxiv_id:
        who = f"{paper.key} (arXiv:{paper.arxiv_id})"
    stamp_only = mismatch(path.name, who, result, arxiv_id=paper.arxiv_id, title=None)
    if stamp_only:
        raise ParseError(f"{stamp_only}: give the right id, or --force to attach it anyway")
    wanted = title if added else real_title(paper.title, paper.arxiv_id)
    named = "the title you gave" if added else paper.key
    found = mismatch(path.name, named, result, arxiv_id=None, title=wanted)
    if found:
        raise ParseError(f"{found} (--force to attach it anyway)")


def _identity(
    result: ParseResult, sha: str, title: str | None, year: int | None, authors: tuple[str, ...]
) -> Identity:
    """The PDF's identity, with what the user typed taking the place of what was parsed."""
    from paperdesk.services.identify import identity_of

    ident = identity_of(result, sha)
    if title is not None:
        ident.title, ident.sources["title"] = title, "user"
    if year is not None:
        ident.year, ident.sources["year"] = year, "user"
    if authors:
        ident.authors, ident.sources["authors"] = list(authors), "user"
    return ident


def _user_fields(
    paper: Paper, title: str | None, year: int | None, authors: tuple[str, ...]
) -> None:
    """What the user typed with ``add --pdf`` fills the paper's empty fields before the PDF's
    own metadata does (``save_result`` fills the rest, never over these)."""
    sources = dict(paper.metadata_sources or {})
    placeholder = not paper.title or paper.title == f"arXiv:{paper.arxiv_id}"
    for name, value, empty in (
        ("title", title, placeholder),
        ("authors", list(authors), not paper.authors),
        ("year", year, paper.year is None),
    ):
        if value and empty:
            setattr(paper, name, value)
            sources[name] = "user"
    if sources != (paper.metadata_sources or {}):
        paper.metadata_sources = sources


def place_pdf(
    s: Session,
    lib: Library,
    paper: Paper,
    tmp: Path,
    sha: str,
    result: ParseResult,
    src: Path,
) -> int:
    """Store ``result`` for ``paper`` and move the copied file ``tmp`` into place as its PDF,
    in the caller's transaction (a failure leaves the paper and its old PDF as they were; see
    :mod:`paperdesk.services.pdfswap`). The parse goes first: the PDF's metadata may complete
    the paper's key, and the file is named after the key. Returns the cites links the parse
    added."""
    from paperdesk.ids import parse_arxiv_id
    from paperdesk.services.parse import apply_result

    links = apply_result(s, paper, result, sha).links
    s.flush()  # a provisional key becomes the real one here (see storage/keying.py)
    swap_in(s, lib.settings, paper, tmp, sha, src)  # the old file goes after the commit
    paper.pdf_version = None
    stamp = result.get("arxiv_id") if result.get("ok") else None
    if stamp and paper.arxiv_id:
        sid = parse_arxiv_id(stamp)
        paper.pdf_version = sid.version if sid.base == paper.arxiv_id else None
    return links


def attach_pdf(
    lib: Library,
    path: Path,
    *,
    ref: str | None = None,
    title: str | None = None,
    year: int | None = None,
    authors: tuple[str, ...] = (),
    list_name: str | None = None,
    force: bool = False,
) -> str:
    """Store a local PDF as the PDF of a paper (found by ``ref``, created from ``ref`` or
    ``title``, or recognised by the arXiv stamp in its margin) and parse it. Returns the key.

    Refused before anything changes: a file that is not a usable PDF, a PDF folder that cannot
    take the copy, and (unless ``force``) a PDF whose arXiv stamp or title names another paper.
    A PDF that cannot be parsed (encrypted, no text layer, too slow) is stored with
    ``parse_failed``. A parse never overwrites an abstract the paper already has.
    """
    from paperdesk.parse.store import relink_citations
    from paperdesk.parse.worker import Worker
    from paperdesk.services.parse import NOT_A_PDF

    path = Path(path).expanduser()
    check_local_pdf(lib, path)
    tidy_pdf_folder(lib)
    worker = Worker(memory_mb=lib.settings.parse_memory_mb)
    try:
        result = worker.parse(path.resolve(), lib.settings.parse_timeout)
    finally:
        worker.close()
    if not result.get("ok") and result.get("code") in NOT_A_PDF:
        raise ParseError(f"{path}: {result.get('reason')}")
    # copied first: a PDF folder that cannot take the file leaves the library as it was
    tmp, sha = copy_in(path, lib.settings.pdf_dir)
    try:
        with lib.session() as s:
            paper, added = _paper_for(s, result, ref, title, year, authors, sha, path)
            if not force:
                _check_identity(paper, added, result, path, title)
            _user_fields(paper, title, year, authors)
            place_pdf(s, lib, paper, tmp, sha, result, path)
            key = paper.key
            if list_name:
                from paperdesk.storage.repository import append_to_list, ensure_list

                append_to_list(s, ensure_list(s, list_name), paper)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # still there only when something failed
    with lib.session() as s:
        relink_citations(s)
    return key
