"""The one-line summaries behind notifications and the detail pane."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperdesk.library import Library
from paperdesk.services.papers import mark
from paperdesk.tui.reports import replication_summary, report_summary


@dataclass
class Result:
    key: str
    status: str
    reason: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)


def test_report_summary_counts_and_names_failures() -> None:
    report = Report(
        [Result("a", "fetched"), Result("b", "failed", "HTTP 404"), Result("c", "fetched")]
    )
    assert report_summary("Fetch", "list x", report) == (
        "Fetch list x: 2 fetched, 1 failed\nb: HTTP 404"
    )
    assert report_summary("Parse", "x", Report()) == "Parse x: nothing to do."


def test_replication_summary(lib: Library) -> None:
    assert replication_summary(lib, "1706.03762") == "none · claims met 0/2"
    mark(lib, "1706.03762", "planned")
    assert replication_summary(lib, "1706.03762").startswith("planned · claims met 0/2")
