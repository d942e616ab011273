"""``P``: Progress, the reading history drawn over time (issue 13): papers read per week and
read per list (cumulative) as plotext charts with their numbers beside them (and the reading
time of each week), then streaks, queued-to-read time, replication claims met and where the
reading time went (the paper and the list with the most).

Everything comes from :func:`paperdesk.services.stats.progress` (the history paperdesk keeps);
the charts are the CLI's (:mod:`paperdesk.cli.charts`, plotext imported there, in the worker,
never at start-up), drawn to the size of their widget and drawn again on a resize. The screen
re-reads on every library change, so a paper marked read elsewhere shows up at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from paperdesk.presenter import days
from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import PROGRESS_KEYS, Key, bindings
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.stats import StatsReport
    from paperdesk.tui.app import PaperdeskApp

MAX_WEEKS = 26  # half a year, as ``paperdesk stats``
MAX_CURVES = 6  # lists drawn (the ones read most): more lines are a tangle
SIDE_WIDTH = 30  # the numbers beside each chart
WIDE_SIDE = 38  # from 100 columns: room for each list's reading time too
NAME_WIDTH = 18  # a list's name beside "read" and "of" in the side; a longer one ends in "…"


@dataclass(frozen=True)
class Drawn:
    """The two charts as text and the numbers beside them, for one widget size."""

    weekly: str
    weekly_side: str
    lists: str
    lists_side: str


def time_line(report: StatsReport, papers: int = 1) -> str:
    """The reading time in words, as ``paperdesk stats`` gives it: in all (per view), this
    week, the ``papers`` with the most, and the list with the most."""
    from paperdesk.services.reading_time import duration

    t = report.time
    if not t.seconds:
        return "Reading time: none recorded yet (the reading view and note editor record it)"
    views = ", ".join(f"{duration(n)} {view}" for view, n in t.by_view.items())
    parts = [f"Reading time {duration(t.seconds)}" + (f" ({views})" if views else "")]
    if t.weeks and t.weeks[-1]:
        parts.append(f"this week {duration(t.weeks[-1])}")
    if t.papers:
        most = [
            f"{p.title if len(p.title) <= 40 else p.title[:39] + '…'} {duration(p.seconds)}"
            for p in t.papers[:papers]
        ]
        parts.append("most: " + ", ".join(most))
    if t.lists and report.list_name is None:
        top = max(t.lists, key=lambda x: x.seconds)
        parts.append(f"{top.name} {duration(top.seconds)}")
    return " · ".join(parts)


def summary(report: StatsReport) -> str:
    """Streaks, queued-to-read time and replication, in words under the charts (the reading
    time has a line of its own, :func:`time_line`, so a long summary never hides it)."""
    s, q = report.streaks, report.queued_to_read
    parts = [
        f"Streak {plural(s.current_days, 'day')}, longest {s.longest_days}; "
        f"{plural(s.current_weeks, 'week')}, longest {s.longest_weeks}"
    ]
    if q.count:
        parts.append(f"queued→read median {days(q.median_days)} over {q.count}")
    if report.claims:
        parts.append(
            f"replication: {plural(report.attempts, 'attempt')}, "
            f"{report.claims_met}/{report.claims} "
            "claims met"
        )
    return " · ".join(parts)


def draw(report: StatsReport, w: int, h: int, *, times: bool = False) -> Drawn:
    """The charts for a chart area ``w`` columns wide and ``h`` rows high each, with each
    list's reading time beside them when ``times`` (imports plotext: call it in a worker)."""
    from paperdesk.cli import charts
    from paperdesk.services.reading_time import compact

    weeks = report.weeks[-max(4, min(MAX_WEEKS, w // 3)) :]
    labels = [x.start.strftime("%m-%d") for x in weeks]
    ticks = max(2, (w - 8) // 8)  # "11-02" and a gap each: labels that touch jitter
    weekly = charts.bars(
        labels, [x.read for x in weeks], title="papers read per week", w=w, h=h, most_ticks=ticks
    )
    rows = [
        [x.start.isoformat(), str(x.read), str(x.cumulative), compact(x.seconds)]
        for x in reversed(weeks)
    ]
    weekly_side = charts.table(["week of", "read", "total", "time"], rows[: max(1, h - 1)])

    curves = [c for c in report.lists if c.total]
    offset = len(report.weeks) - len(weeks)
    top = sorted(curves, key=lambda c: -c.read)[:MAX_CURVES]
    series = {c.name: c.cumulative[offset:] for c in curves if c in top and c.read}
    lists = (
        charts.lines(labels, series, title="read per list (cumulative)", w=w, h=h, most_ticks=ticks)
        if series
        else ["no list has a paper read with a date yet"]
    )
    ranked = sorted(curves, key=lambda c: -c.read)  # the lists being read first, then roadmap
    spent = {x.name: x.seconds for x in report.time.lists}
    rows = [
        [
            c.name if len(c.name) <= NAME_WIDTH else c.name[: NAME_WIDTH - 1] + "…",
            str(c.read),
            str(c.total),
            *([compact(spent.get(c.name, 0))] * times),
        ]
        for c in ranked
    ]
    if len(rows) > h - 1:
        rows = [*rows[: h - 2], [f"… {len(curves) - (h - 2)} more", "", "", *[""] * times]]
    lists_side = charts.table(["list", "read", "of", *["time"] * times], rows)
    return Drawn("\n".join(weekly), "\n".join(weekly_side), "\n".join(lists), "\n".join(lists_side))


class ProgressScreen(WorkerFailures, Screen[None]):
    """``ProgressScreen(list_name)``: the list shown (None: the whole library); ``today``
    fixes the day the weeks and streaks end on (tests, snapshots)."""

    DEFAULT_CSS = f"""
    ProgressScreen {{ layout: vertical; }}
    ProgressScreen #progress-title {{ height: 1; padding: 0 1; text-style: bold;
                                      background: $panel; }}
    ProgressScreen .progress-row {{ height: 1fr; }}
    ProgressScreen .progress-chart {{ width: 1fr; height: 1fr; }}
    ProgressScreen .progress-side {{ width: {SIDE_WIDTH}; height: 1fr; padding: 1 0 0 1; }}
    ProgressScreen.-medium .progress-side, ProgressScreen.-wide .progress-side {{
        width: {WIDE_SIDE};
    }}
    ProgressScreen #progress-summary, ProgressScreen #progress-time {{
        height: auto; max-height: 2; padding: 0 1; color: $text-muted; background: $panel;
    }}
    ProgressScreen #progress-time {{ max-height: 3; }}
    """
    KEYS: ClassVar[tuple[Key, ...]] = PROGRESS_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(PROGRESS_KEYS)

    app: PaperdeskApp

    report: reactive[StatsReport | None] = reactive(None, init=False)

    def __init__(self, list_name: str | None, *, today: date | None = None) -> None:
        super().__init__()
        self.list_name = list_name
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(self._title(None), id="progress-title", markup=False)
        with Horizontal(classes="progress-row"):
            yield Static("reading the history…", id="chart-weekly", classes="progress-chart")
            yield Static("", id="side-weekly", classes="progress-side", markup=False)
        with Horizontal(classes="progress-row"):
            yield Static("", id="chart-lists", classes="progress-chart")
            yield Static("", id="side-lists", classes="progress-side", markup=False)
        yield Static("", id="progress-summary", markup=False)
        yield Static("", id="progress-time", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.watch(self.app, "change", lambda _: self.load(), init=False)  # type: ignore[arg-type]

    @property
    def roomy(self) -> bool:
        """100 columns or more (the app's -medium and -wide breakpoints): a wider side."""
        return self.app.size.width >= 100

    def on_resize(self) -> None:
        if self.report is not None:
            self.watch_report(self.report)

    def _title(self, report: StatsReport | None) -> str:
        scope = self.list_name or "the library"
        if report is None:
            return f"Progress in {scope}"
        undated = f" ({report.read_undated} with no date)" if report.read_undated else ""
        papers = plural(report.papers, "paper")
        return f"Progress in {scope}: {report.read} of {papers} read{undated}"

    @work(exclusive=True, group="progress-load", exit_on_error=False, description="progress")
    async def load(self) -> None:
        name, today = self.list_name, self.today

        def read() -> StatsReport:
            from paperdesk.services.stats import progress

            reader = self.app.reader()
            try:
                return progress(reader, list_name=name, today=today)
            finally:
                reader.close()

        self.report = await asyncio.to_thread(read)

    def watch_report(self, report: StatsReport | None) -> None:
        if report is None:
            return
        self.query_one("#progress-title", Static).update(self._title(report))
        papers = 3 if self.roomy else 1
        self.query_one("#progress-summary", Static).update(summary(report))
        self.query_one("#progress-time", Static).update(time_line(report, papers))
        # after the layout has made room for the summary: the charts fit the height left
        self.call_after_refresh(self.redraw, report)

    @work(exclusive=True, group="progress-draw", exit_on_error=False, description="charts")
    async def redraw(self, report: StatsReport) -> None:
        chart = self.query_one("#chart-weekly", Static)
        w, h = chart.size.width, chart.size.height
        if w < 20 or h < 5:
            return
        if not any(x.read for x in report.weeks):
            where = " in this list" if self.list_name else ""
            chart.update(
                f"Nothing read yet with a date{where}: press r on a paper and choose 'read'."
            )
            return
        times = self.roomy
        drawn = await asyncio.to_thread(lambda: draw(report, w, h, times=times))
        chart.update(Text.from_ansi(drawn.weekly))
        self.query_one("#side-weekly", Static).update(drawn.weekly_side)
        self.query_one("#chart-lists", Static).update(Text.from_ansi(drawn.lists))
        self.query_one("#side-lists", Static).update(drawn.lists_side)

    def action_back(self) -> None:
        self.dismiss(None)
