"""The Report base: counts and failures of a mixed batch, and the one wording the CLI and the
TUI print for any report."""

from __future__ import annotations

import json

from paperdesk.reports import counts_line, report_json, summary
from paperdesk.services.fetch import FetchReport, PaperResult
from paperdesk.services.intake import IntakeReport, PdfResult
from paperdesk.services.parse import PaperParse, ParseReport


def _mixed() -> FetchReport:
    return FetchReport(
        [
            PaperResult("a", "fetched", pdf_bytes=10),
            PaperResult("b", "failed", "HTTP 404"),
            PaperResult("c", "fetched", pdf_bytes=5),
            PaperResult("d", "failed", "not a PDF"),
        ]
    )


def test_counts_name_every_status_in_order_and_failed_lists_the_failures() -> None:
    report = _mixed()
    assert report.counts() == {"fetched": 2, "unchanged": 0, "skipped": 0, "failed": 2}
    assert [r.key for r in report.failed] == ["b", "d"]
    assert report.pdf_bytes == 15
    assert FetchReport().counts() == dict.fromkeys(("fetched", "unchanged", "skipped", "failed"), 0)
    assert FetchReport().failed == []


def test_a_status_outside_the_known_ones_is_counted_not_lost() -> None:
    report = ParseReport([PaperParse("a", "parsed"), PaperParse("b", "timed out")])
    assert report.counts() == {
        "parsed": 1,
        "unchanged": 0,
        "failed": 0,
        "skipped": 0,
        "timed out": 1,
    }
    assert report.failed == []


def test_summary_is_the_counts_then_one_failure_a_line() -> None:
    report = _mixed()
    assert counts_line(report) == "2 fetched, 2 failed"
    assert (
        summary("Fetch list x", report)
        == "Fetch list x: 2 fetched, 2 failed\nb: HTTP 404\nd: not a PDF"
    )
    assert summary("fetch", report, most=1, indent="  ") == (
        "fetch: 2 fetched, 2 failed\n  b: HTTP 404\n  … and 1 more"
    )
    assert summary("Parse x", ParseReport()) == "Parse x: nothing to do"


def test_a_report_words_its_statuses() -> None:
    report = IntakeReport(
        [PdfResult("a.pdf", "added", "a2021"), PdfResult("b.pdf", "exists", "b2020")]
    )
    assert counts_line(report, sep=" · ") == "1 added · 1 already there"
    assert report.results[1].label == "b.pdf"


def test_report_json_is_the_fields_and_the_counts() -> None:
    data = json.loads(json.dumps(report_json(_mixed())))
    assert data["counts"]["failed"] == 2
    assert [r["status"] for r in data["results"]] == ["fetched", "failed", "fetched", "failed"]
    assert data["results"][1] == {
        "key": "b",
        "status": "failed",
        "reason": "HTTP 404",
        "pdf_bytes": 0,
        "title": "",
    }


def test_a_report_adds_what_its_counts_do_not_say() -> None:
    report = ParseReport(still_failed=["a", "b"])
    assert summary("parse", report) == (
        "parse: nothing to do (2 still parse_failed: run 'paperdesk parse --force' to retry)"
    )
    assert FetchReport().note() == ""
