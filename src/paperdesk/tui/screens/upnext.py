"""``u``: Up next, the papers to read next in roadmap order (issue 13), for the list shown on
the main screen or the whole roadmap, each with the one-line reason it comes where it does.

The plan of that list (due this week, ahead or behind, projected finish) is the line above when
one is set. Enter shows the paper in the main table (the screen dismisses with the key, as the
search screen does), ``v`` opens its reading view; the table re-reads on every library change,
so marking a paper read elsewhere moves the next one up.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import UPNEXT_KEYS, Key, bindings
from paperdesk.tui.screens.discovery import cut
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.plans import PlanStatus
    from paperdesk.services.roadmap import NextReport
    from paperdesk.tui.app import PaperdeskApp

SHOWN = 50  # papers listed; the status line says how many are left in all


class NextTable(DataTable[str | Text]):
    """The next papers, one per row; j/k move as in the other tables."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


@dataclass(frozen=True)
class UpNext:
    """What the screen shows: the next papers and the plan of the list, if it has one."""

    report: NextReport
    plan: PlanStatus | None


def plan_line(p: PlanStatus) -> str:
    """The plan in one line: pace, done, status, due this week, projected finish."""
    from paperdesk.dates import short_day

    due = len(p.due_this_week)
    finish = short_day(p.projected_finish) if p.projected_finish else "-"
    return (
        f"Plan {p.pace}/week · {p.done}/{p.total} read · {p.status} · "
        f"{due} due this week · projected finish {finish}"
    )


class UpNextScreen(WorkerFailures, Screen[tuple[str, None, None] | None]):
    """``UpNextScreen(list_name)``; ``today`` fixes the plan's day (tests, snapshots)."""

    DEFAULT_CSS = """
    UpNextScreen { layout: vertical; }
    UpNextScreen #upnext-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    UpNextScreen #upnext-plan { height: auto; padding: 0 1; color: $accent; }
    UpNextScreen #upnext-plan.-none { display: none; }
    UpNextScreen #upnext-table { height: 1fr; }
    UpNextScreen #upnext-status { height: 1; padding: 0 1; color: $text-muted;
                                  background: $panel; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = UPNEXT_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(UPNEXT_KEYS)

    app: PaperdeskApp

    shown: reactive[UpNext | None] = reactive(None, init=False)

    def __init__(self, list_name: str | None, *, today: date | None = None) -> None:
        super().__init__()
        self.list_name = list_name
        self.today = today

    def compose(self) -> ComposeResult:
        scope = self.list_name or "the roadmap"
        yield Static(f"Up next in {scope}", id="upnext-title", markup=False)
        yield Static("", id="upnext-plan", classes="-none", markup=False)
        yield NextTable(id="upnext-table", cursor_type="row", zebra_stripes=True)
        yield Static("reading the roadmap…", id="upnext-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._add_columns([])
        self.table.focus()
        self.load()
        self.watch(self.app, "change", lambda _: self.load(), init=False)  # type: ignore[arg-type]

    def _add_columns(self, labels: list[str]) -> None:
        for title, width in column_widths(self.app.size.width, labels):
            self.table.add_column(title, width=width)

    def on_screen_resume(self) -> None:
        self.table.focus()  # back from the reading view: keys go to the table again

    @property
    def table(self) -> NextTable:
        return self.query_one(NextTable)

    @work(exclusive=True, group="upnext-load", exit_on_error=False, description="up next")
    async def load(self) -> None:
        name, today = self.list_name, self.today

        def read() -> UpNext:
            from paperdesk.errors import NotFoundError
            from paperdesk.services.plans import plan_status
            from paperdesk.services.roadmap import next_papers

            reader = self.app.reader()
            try:
                report = next_papers(reader, list_name=name, n=SHOWN)
                plan = None
                if name is not None:
                    try:
                        plans = plan_status(reader, list_name=name, today=today).plans
                    except NotFoundError:  # no plan for this list: nothing to say
                        plans = []
                    plan = plans[0] if plans else None
                return UpNext(report, plan)
            finally:
                reader.close()

        self.shown = await asyncio.to_thread(read)

    def watch_shown(self, shown: UpNext | None) -> None:
        if shown is None:
            return
        table = self.table
        keep = self.current_key
        table.clear(columns=True)
        self._add_columns([p.paper.label for p in shown.report.papers])
        for p in shown.report.papers:
            c = p.paper
            table.add_row(
                str(p.rank), cut(c.label), c.state, cut(c.title), cut(p.reason), key=c.key
            )
        if keep is not None and keep in {p.paper.key for p in shown.report.papers}:
            table.move_cursor(row=table.get_row_index(keep))
        plan = self.query_one("#upnext-plan", Static)
        plan.set_class(shown.plan is None, "-none")
        plan.update(plan_line(shown.plan) if shown.plan else "")
        self.query_one("#upnext-status", Static).update(_status(shown.report))

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.dismiss((str(event.row_key.value), None, None))

    def action_read(self) -> None:
        from paperdesk.tui.screens.reader import ReaderScreen

        if (key := self.current_key) is None:
            self.notify("Nothing to read next here.", severity="warning")
            return
        self.app.push_screen(ReaderScreen(key))

    def action_back(self) -> None:
        self.dismiss(None)


def column_widths(width: int, labels: list[str]) -> list[tuple[str, int]]:
    """The columns for a terminal ``width``: the id column fits the longest id (so that
    radford2018improving and radford2019language stay apart) up to a quarter of the width, where
    a longer one ends in "…"; the title (at least 20) and the reason share the rest."""
    id_w = min(max([10, *map(len, labels)]), max(12, width // 4))
    fixed = id_w + 21  # rank 2, state 7, the padding of five columns and the scrollbar
    title_w = max(20, min(40, (width - fixed) * 2 // 5))
    reason_w = max(12, width - fixed - title_w)
    return [("#", 2), ("id", id_w), ("state", 7), ("title", title_w), ("why next", reason_w)]


def _status(report: NextReport) -> str:
    if not report.papers:
        where = report.list_name or "the roadmap"
        return f"Nothing left to read in {where}: {plural(report.finished, 'paper')} done."
    shown = len(report.papers)
    more = f" (first {shown})" if shown < report.left else ""
    return (
        f"{plural(report.left, 'paper')} to read{more} · {report.finished} done · "
        "enter: show in the table · v: read"
    )
