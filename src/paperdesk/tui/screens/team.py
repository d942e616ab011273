"""``T``: Team, what the members of a shared library did this week (issue 17): per member the
papers finished (read or skimmed) with their day, the papers being read and the reading time;
then the replication attempts under way, whoever started them, with their last run.

The data is :func:`paperdesk.services.team.team_week` (one query per part, through the fast
reader where it can); the screen re-reads on every library change, so another member marking
a paper read shows up within the app's change poll. With nobody else in the library it says
how a team shares one.
"""

from __future__ import annotations

import asyncio
import shlex
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import TEAM_KEYS, Key, bindings
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.team import ActiveAttempt, MemberWeek, TeamPaper, TeamWeek
    from paperdesk.tui.app import PaperdeskApp

FINISHED_SHOWN = 10  # papers listed per member (the heading counts them all)
READING_SHOWN = 5
SOLO_HINT = (
    "Only you so far. A team shares one library on a PostgreSQL server: each member sets "
    "PAPERDESK_DATABASE_URL (or database_url in the config file) to it and PAPERDESK_USER to "
    "their own name (README: Configuration); what the others read and replicate shows here."
)


def _day(at: datetime | None) -> str:
    from paperdesk.dates import short_day

    return short_day(at.date()) if at is not None else "-"


def _papers_table(papers: list[TeamPaper]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(no_wrap=True, style="bold", min_width=7)  # the state
    table.add_column(no_wrap=True, style="dim", min_width=10)  # the day
    table.add_column(no_wrap=True, min_width=10)  # the arXiv id or key (ids line up)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")  # the title
    for p in papers:
        table.add_row(*map(Text, (p.state, _day(p.at), p.label, p.title)))  # never markup
    return table


def member_block(m: MemberWeek) -> RenderableType:
    """One member: name, reading time, then the papers finished and being read."""
    from paperdesk.services.reading_time import duration

    head = Text()
    head.append(m.name, style="bold")
    if m.me:
        head.append(" (you)", style="dim")
    done = plural(len(m.finished), "paper") + " finished"
    spent = f"{duration(m.seconds)} reading time" if m.seconds else "no reading time"
    head.append(f" · {done} · {len(m.reading)} being read · {spent}", style="dim")
    if not m.finished and not m.reading:
        return Group(head, Text("  nothing finished or being read this week", style="dim italic"))
    shown = [*m.finished[:FINISHED_SHOWN], *m.reading[:READING_SHOWN]]
    parts: list[RenderableType] = [head, Padding(_papers_table(shown), (0, 0, 0, 2))]
    more = [
        f"{n} more {what}"
        for n, what in (
            (len(m.finished) - FINISHED_SHOWN, "finished"),
            (len(m.reading) - READING_SHOWN, "being read"),
        )
        if n > 0
    ]
    if more:
        where = f"paperdesk papers --reader {shlex.quote(m.name)}"
        parts.append(Text(f"  … {', '.join(more)} ({where})", "dim"))
    return Group(*parts)


def _when(at: datetime) -> str:
    """A stored time as ``Tue 1 Dec 14:30`` in local time."""
    from paperdesk.dates import local_time, short_day

    local = local_time(at)
    return f"{short_day(local.date())} {local:%H:%M}"


def attempts_block(attempts: list[ActiveAttempt]) -> RenderableType:
    head = Text("Replication under way", style="bold")
    if not attempts:
        return Group(head, Text("  no attempt planned or running", style="dim italic"))
    table = Table(box=None, padding=(0, 2, 0, 0), expand=True, header_style="dim")
    table.add_column("paper", no_wrap=True)
    table.add_column("#", no_wrap=True, justify="right")
    table.add_column("status", no_wrap=True, style="bold")
    table.add_column("who", no_wrap=True, max_width=16, overflow="ellipsis")
    table.add_column("last run", no_wrap=True)
    table.add_column("title", ratio=1, no_wrap=True, overflow="ellipsis")
    for a in attempts:
        cells = (
            a.label,
            str(a.number),
            a.status,
            a.by or "-",
            _when(a.last_run) if a.last_run else "no run yet",
            a.title,
        )
        table.add_row(*map(Text, cells))  # a title or name with [brackets] is not markup
    return Group(head, Padding(table, (0, 0, 0, 2)))


def render_team(team: TeamWeek) -> RenderableType:
    parts: list[RenderableType] = []
    for m in team.members:
        parts += [member_block(m), Text("")]
    if team.solo:
        parts += [Text(SOLO_HINT, style="italic"), Text("")]
    parts.append(attempts_block(team.attempts))
    return Group(*parts)


def title(team: TeamWeek | None) -> str:
    if team is None:
        return "Team this week"
    from paperdesk.dates import short_day

    others = sum(not m.me for m in team.members)
    who = "only you" if not others else f"you and {plural(others, 'other member')}"
    return f"Team this week (since {short_day(team.since)}) · {who}"


class TeamScreen(WorkerFailures, Screen[None]):
    """``TeamScreen()``; ``today`` fixes the day the week ends on (tests)."""

    DEFAULT_CSS = """
    TeamScreen { layout: vertical; }
    TeamScreen #team-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    TeamScreen #team-body { height: 1fr; padding: 0 1; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = TEAM_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(TEAM_KEYS)

    app: PaperdeskApp  # type: ignore[assignment]

    team: reactive[TeamWeek | None] = reactive(None, init=False)

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(title(None), id="team-title", markup=False)
        with VerticalScroll(id="team-body"):
            yield Static("reading what the team did…", id="team-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#team-body").focus()
        self.load()
        self.watch(self.app, "change", lambda _: self.load(), init=False)  # type: ignore[arg-type]

    @work(exclusive=True, group="team-load", exit_on_error=False, description="team")
    async def load(self) -> None:
        today, settings = self.today, self.app.settings

        def read() -> TeamWeek:
            from paperdesk.members import configured_name
            from paperdesk.services.team import team_week

            name, source = configured_name(settings)
            reader = self.app.reader()
            try:
                return team_week(reader, name, source, today=today)
            finally:
                reader.close()

        self.team = await asyncio.to_thread(read)

    def watch_team(self, team: TeamWeek | None) -> None:
        if team is None:
            return
        self.query_one("#team-title", Static).update(title(team))
        self.query_one("#team-text", Static).update(render_team(team))

    def action_back(self) -> None:
        self.dismiss(None)
