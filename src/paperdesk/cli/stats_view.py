"""How ``paperdesk stats`` prints a :class:`~paperdesk.services.stats.StatsReport`: a chart
per measure, the numbers beside it, then the streaks and waiting times in words."""

from __future__ import annotations

from datetime import date

import click

from paperdesk.cli import charts
from paperdesk.presenter import days
from paperdesk.services.reading_time import duration
from paperdesk.services.stats import StatsReport
from paperdesk.wording import plural

MAX_WEEKS = 26  # the charts show the last half year; --since moves the window
TABLE_WEEKS = 10  # weeks listed beside a chart
MAX_CURVES = 6  # lists drawn in the per-list chart (the ones read most)
MAX_TABLE_LISTS = 10  # lists listed beside it


def _label(day: date) -> str:
    return day.strftime("%m-%d")


def print_stats(report: StatsReport) -> None:
    scope = report.list_name or "the library"
    weeks = report.weeks[-MAX_WEEKS:] if report.since is None else report.weeks
    total = charts.width()
    chart_w = max(40, min(80, total - 34))
    click.echo(
        f"Progress in {scope}: {report.read} of {plural(report.papers, 'paper')} read"
        + (f" ({report.read_undated} with no date)" if report.read_undated else "")
        + (f", {report.read_since} since {report.since.isoformat()}" if report.since else "")
    )
    if report.since is not None and report.since > report.today:
        click.echo(f"Nothing to show: {report.since.isoformat()} is after today.")
        return
    if not report.read_since and not report.attempts:
        if report.since is not None:
            click.echo(f"Nothing read and no replication attempt since {report.since}.")
        else:
            click.echo("Nothing read yet with a date: 'paperdesk mark ID read' records one.")
        _print_time(report)
        return
    labels = [_label(w.start) for w in weeks]

    chart = charts.bars(labels, [w.read for w in weeks], title="papers read per week", w=chart_w)
    recent = weeks[-TABLE_WEEKS:]
    rows = [
        [w.start.isoformat(), str(w.read), str(w.cumulative), _short(w.seconds)]
        for w in reversed(recent)
    ]
    _echo(charts.beside(chart, charts.table(["week of", "read", "total", "time"], rows), total))

    curves = [c for c in report.lists if c.total]
    if curves:
        offset = len(report.weeks) - len(weeks)
        # the lists read most, in roadmap order: more lines than that is a tangle
        top = sorted(curves, key=lambda c: -c.read)[:MAX_CURVES]
        drawn = [c for c in curves if c in top and c.read and c.cumulative]
        series = {c.name: c.cumulative[offset:] for c in drawn}
        rows = [[c.name, str(c.read), str(c.total)] for c in curves[:MAX_TABLE_LISTS]]
        if len(curves) > MAX_TABLE_LISTS:
            rows.append([f"… {len(curves) - MAX_TABLE_LISTS} more (--json)", "", ""])
        side = charts.table(["list", "read", "of"], rows)
        if series:
            chart = charts.lines(labels, series, title="read per list (cumulative)", w=chart_w)
            _echo(["", *charts.beside(chart, side, total)])
        else:
            _echo(["", *side])

    if report.attempts:
        chart = charts.lines(
            labels,
            {
                "attempts (total)": _running([w.attempts for w in report.weeks])[-len(weeks) :],
                "claims met": [w.claims_met for w in weeks],
            },
            title="replication",
            w=chart_w,
        )
        side = charts.table(
            ["replication", ""],
            [
                ["attempts", str(report.attempts)],
                ["claims", str(report.claims)],
                ["claims met", str(report.claims_met)],
            ],
        )
        _echo(["", *charts.beside(chart, side, total)])
    elif report.claims_untried:
        click.echo(
            f"\nReplication: no attempts yet ({plural(report.claims_untried, 'claim')} to "
            "reproduce)"
        )

    _print_time(report)
    s = report.streaks
    q = report.queued_to_read
    click.echo("")
    click.echo(
        f"Streaks: {plural(s.current_days, 'day')} now, longest {s.longest_days}; "
        f"{plural(s.current_weeks, 'week')} now, longest {s.longest_weeks}"
    )
    if q.count:
        click.echo(
            f"Queued to read: median {days(q.median_days)}, mean {days(q.mean_days)}, "
            f"longest {days(q.longest_days)} (over {plural(q.count, 'paper')})"
        )


def _short(seconds: int) -> str:
    return duration(seconds) if seconds else "-"


def _print_time(report: StatsReport) -> None:
    """Time spent in the TUI's reading view and note editor: the papers with the most, and
    the total per list."""
    t = report.time
    if not t.seconds:
        return
    views = ", ".join(f"{duration(n)} {view}" for view, n in t.by_view.items())
    click.echo(f"\nReading time: {duration(t.seconds)} in all ({views})")
    papers = [[p.label, p.title[:50], duration(p.seconds)] for p in t.papers]
    lists = [[x.name, str(x.papers), duration(x.seconds)] for x in t.lists]
    left = charts.table(["paper", "title", "time"], papers, left=2)
    right = charts.table(["list", "papers", "time"], lists) if lists else []
    _echo(charts.beside(left, right, charts.width()) if right else left)


def _running(values: list[int]) -> list[int]:
    out, total = [], 0
    for v in values:
        total += v
        out.append(total)
    return out


def _echo(lines: list[str]) -> None:
    click.echo("\n".join(lines))
