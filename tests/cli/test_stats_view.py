"""How ``paperdesk stats`` prints a report (cli/stats_view.py), in-process from a recorded
history at fixed times: the headline, the weekly chart with its table, the per-list curves, the
replication block, reading time, streaks and queue times; and the short forms for nothing read
and a --since after today."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click
from click.testing import CliRunner

from paperdesk.cli.stats_view import print_stats
from paperdesk.library import Library
from paperdesk.services.reading_time import Period, record
from paperdesk.services.stats import StatsReport, progress
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import ReproAttempt
from tests.services.progress_lib import add_list, mark, paper_id

TODAY = date(2026, 12, 2)
A = [f"2103.{n:05d}" for n in range(1, 5)]


def shown(report: StatsReport) -> str:
    @click.command()
    def show() -> None:
        print_stats(report)

    out = CliRunner().invoke(show, [], env={"COLUMNS": "140"})
    assert out.exit_code == 0, out.output
    return out.output


def test_a_history_in_charts_and_words(empty_lib: Library) -> None:
    add_list(empty_lib, "alpha", A)
    mark(empty_lib, A[0], "queued", datetime(2026, 11, 20, 12))
    mark(empty_lib, A[0], "read", datetime(2026, 11, 23, 12))  # queued 3 days before
    mark(empty_lib, A[1], "read", datetime(2026, 12, 1, 9))
    mark(empty_lib, A[2], "read", datetime(2026, 12, 2, 9))
    with empty_lib.session() as s:
        s.add(ReproAttempt(paper_id=paper_id(empty_lib, A[0]), created_at=datetime(2026, 11, 24)))
    start = datetime(2026, 12, 1, 10)
    record(empty_lib, Period(A[1], "reader", start, start + timedelta(minutes=65)))
    report = progress(SessionReader(empty_lib), today=TODAY)
    text = shown(report)
    assert text.startswith(f"Progress in the library: 3 of {report.papers} papers read\n")
    assert "papers read per week" in text and "week of" in text
    week = next(line for line in text.splitlines() if "2026-11-30" in line)
    assert week.split()[-5:] == ["2", "3", "1", "h", "05"]  # read that week, in all, time
    assert "read per list (cumulative)" in text and "alpha" in text
    assert "replication" in text and "attempts" in text
    assert "Reading time: 1 h 05 in all (1 h 05 reader)" in text
    assert "Streaks: 2 days now, longest 2; 2 weeks now, longest 2" in text
    assert "Queued to read: median 3 days, mean 3 days, longest 3 days (over 1 paper)" in text


def test_nothing_read_yet(empty_lib: Library) -> None:
    add_list(empty_lib, "alpha", A)
    text = shown(progress(SessionReader(empty_lib), today=TODAY))
    assert f"0 of {len(A)} papers read" in text
    assert "Nothing read yet with a date: 'paperdesk mark ID read' records one." in text
    assert "papers read per week" not in text
    since = progress(SessionReader(empty_lib), today=TODAY, since=date(2026, 11, 1))
    assert "Nothing read and no replication attempt since 2026-11-01." in shown(since)


def test_since_after_today(empty_lib: Library) -> None:
    add_list(empty_lib, "alpha", A)
    mark(empty_lib, A[0], "read", datetime(2026, 11, 23, 12))
    report = progress(SessionReader(empty_lib), today=TODAY, since=date(2027, 1, 1))
    text = shown(report)
    assert "1 of 4 papers read, 0 since 2027-01-01" in text
    assert text.rstrip().endswith("Nothing to show: 2027-01-01 is after today.")
