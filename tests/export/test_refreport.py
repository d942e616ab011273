"""The report of a reference import (:mod:`paperdesk.export.refreport`): one result per entry,
counted by status, with the wording ``import bibtex`` has always printed."""

from __future__ import annotations

from pathlib import Path

from paperdesk.export.refreport import (
    ADDED,
    MERGED,
    SKIPPED,
    UNREADABLE,
    BibImportReport,
    EntryResult,
)
from paperdesk.reports import counts_line, failure_lines


def _report() -> BibImportReport:
    return BibImportReport(
        [
            EntryResult(2, "vas", MERGED, "already in the library as vaswani2017", "vaswani2017"),
            EntryResult(5, "new", ADDED, paper="new2020", arxiv=True, pdf="new.pdf"),
            EntryResult(9, "odd", ADDED, paper="odd", warnings=["a", "b"], listed=True),
            EntryResult(12, "notitle", SKIPPED, "no title and no arXiv id"),
            EntryResult(15, "", UNREADABLE, "not a CSL item"),
        ],
        path=Path("dir/refs.bib"),
    )


def test_counts_and_lines_come_from_the_results() -> None:
    report = _report()
    assert report.counts() == {ADDED: 2, MERGED: 1, SKIPPED: 1, UNREADABLE: 1}
    assert [r.label for r in report.failed] == ["line 12 (notitle)", "line 15"]
    assert (report.entries, report.added, report.added_arxiv, report.listed) == (4, 2, 1, 1)
    assert report.keys == ["vaswani2017", "new2020", "odd"]
    assert report.existing == ["line 2 (vas): already in the library as vaswani2017"]
    assert report.warnings == ["line 9 (odd): a", "line 9 (odd): b"]
    assert report.pdfs == ["new2020: new.pdf"]
    assert failure_lines(report.of(UNREADABLE)) == ["line 15: not a CSL item"]
    assert counts_line(report) == "2 added, 1 already in the library, 1 skipped, 1 unreadable"


def test_summary_and_json_keep_their_old_shape() -> None:
    report = _report()
    assert report.summary() == (
        "refs.bib: 5 entries: 2 added (1 from arXiv), 1 already in the library (0 updated), "
        "1 skipped, 1 unreadable, 1 PDF attached, 1 with warnings; 1 added to the list"
    )
    data = report.as_json()
    assert data["path"] == "dir/refs.bib" and data["failed"] == ["line 15: not a CSL item"]
    assert data["skipped"] == ["line 12 (notitle): no title and no arXiv id"]
    assert data["wanted"] == [] and data["counts"] == report.counts()
    assert data["results"][1] == {
        "line": 5,
        "key": "new",
        "status": ADDED,
        "reason": "",
        "paper": "new2020",
        "arxiv": True,
        "updated": False,
        "enriched": False,
        "listed": False,
        "pdf": "new.pdf",
        "warnings": [],
        "label": "line 5 (new)",
    }
    assert BibImportReport().summary() == (
        "input: 0 entries: 0 added (0 from arXiv), 0 already in the library (0 updated)"
    )
