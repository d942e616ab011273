"""What is on disk decides what ``parse`` does: a PDF replaced, damaged or deleted since its last
parse is noticed, and a forced re-parse settles (it is not parsed again on every later run)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.paths import pdf_target, sha256_file
from paperdesk.services.parse import parse_papers
from paperdesk.storage.models import Paper
from tests.parse.pdfs import simple_pdf
from tests.parse.test_service import add_with_pdf


def _statuses(lib: Library, **kw: object) -> dict[str, str]:
    return {r.key: r.status for r in parse_papers(lib, **kw).results}  # type: ignore[arg-type]


def _paper(lib: Library, key: str) -> tuple[str | None, str | None, str | None]:
    with lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == key))
        return p.pdf_sha256, p.parsed_sha256, p.parse_status


def test_force_on_a_changed_pdf_settles(empty_lib: Library, pdfdir: Path) -> None:
    add_with_pdf(empty_lib, "p1", simple_pdf(pdfdir / "a.pdf"))
    assert _statuses(empty_lib) == {"p1": "parsed"}
    target = pdf_target(empty_lib.settings, "p1")
    simple_pdf(target, "A different version of the paper with other words in it. " * 20)
    assert _statuses(empty_lib, refs=["p1"], force=True) == {"p1": "parsed"}
    new = sha256_file(target)
    assert _paper(empty_lib, "p1") == (new, new, "parsed"), "the parsed file is recorded"
    assert _statuses(empty_lib) == {}, "not parsed again on every later run"
    assert _statuses(empty_lib, all_papers=True) == {"p1": "unchanged"}


def test_a_pdf_replaced_on_disk_is_parsed_again(empty_lib: Library, pdfdir: Path) -> None:
    add_with_pdf(empty_lib, "p1", simple_pdf(pdfdir / "a.pdf"))
    parse_papers(empty_lib)
    target = pdf_target(empty_lib.settings, "p1")
    simple_pdf(target, "The replaced PDF talks about something else entirely. " * 20)
    assert _statuses(empty_lib, all_papers=True) == {"p1": "parsed"}
    assert _paper(empty_lib, "p1")[:2] == (sha256_file(target),) * 2
    assert _statuses(empty_lib) == {}


def test_garbage_on_disk_fails_once_and_keeps_the_fetched_sha(
    empty_lib: Library, pdfdir: Path
) -> None:
    add_with_pdf(empty_lib, "p1", simple_pdf(pdfdir / "a.pdf"))
    fetched = sha256_file(pdf_target(empty_lib.settings, "p1"))
    parse_papers(empty_lib)
    pdf_target(empty_lib.settings, "p1").write_text("<html>Just a moment...</html>")
    report = parse_papers(empty_lib)
    assert [(r.key, r.status) for r in report.results] == [("p1", "failed")]
    pdf_sha, parsed_sha, status = _paper(empty_lib, "p1")
    assert status.startswith("parse_failed: not a PDF")
    # fetch compares the file with pdf_sha256: it must still see the damage and repair it
    assert pdf_sha == fetched and parsed_sha == sha256_file(pdf_target(empty_lib.settings, "p1"))
    again = parse_papers(empty_lib)
    assert again.results == [] and again.still_failed == ["p1"], "a failed file is not retried"
    listed = parse_papers(empty_lib, all_papers=True)
    [r] = listed.results
    assert (r.status, listed.still_failed) == ("unchanged", ["p1"])
    assert r.reason.startswith("still parse_failed: not a PDF")


def test_a_missing_pdf_file_is_reported_not_parsed(empty_lib: Library, pdfdir: Path) -> None:
    add_with_pdf(empty_lib, "p1", simple_pdf(pdfdir / "a.pdf"))
    parse_papers(empty_lib)
    target = pdf_target(empty_lib.settings, "p1")
    target.unlink()
    for kw in ({}, {"all_papers": True}, {"refs": ["p1"], "force": True}):
        [r] = parse_papers(empty_lib, **kw).results  # type: ignore[arg-type]
        assert r.status == "skipped"
        assert r.reason == f"PDF file missing: {target} (run 'paperdesk fetch p1')"
    assert _paper(empty_lib, "p1")[2] == "parsed", "the earlier parse is kept"
