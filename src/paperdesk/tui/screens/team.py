"""``T``: Team, what the members of a shared library did this week (issue 17): per member the
papers finished (read or skimmed) with their day, the papers being read and the reading time;
then the replication attempts under way, whoever started them, with their last run.

The data is :func:`paperdesk.services.team.team_week` (one query per part, through the fast
reader where it can); the screen re-reads on every library change, so another member marking
a paper read shows up within the app's change poll. With nobody else in the library it says
how a team shares one.

Every paper and attempt is a row of one list: Enter on a paper shows it in the main table (the
screen dismisses with its key, as Up next does), Enter on an attempt opens that attempt on the
replication screen; the headings between them are not selectable.
"""

from __future__ import annotations

import asyncio
import shlex
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import TEAM_KEYS, Key, bindings
from paperdesk.wording import plural

if TYPE_CHECKING:
    from textual.visual import VisualType

    from paperdesk.services.team import ActiveAttempt, MemberWeek, TeamWeek
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


PAPER, ATTEMPT = "paper", "attempt"
"""Option ids: ``paper<TAB>MEMBER<TAB>KEY`` (two members may list one paper) and
``attempt<TAB>N<TAB>KEY``; member names hold no control characters."""


def _row(widths: list[int], cells: list[str], styles: list[str]) -> Table:
    """One row as a table of fixed column widths (so rows line up) and the title's ellipsis."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    for width, style in zip(widths, styles, strict=False):
        table.add_column(no_wrap=True, width=width, style=style, overflow="ellipsis")
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis", style=styles[-1])
    table.add_row(*map(Text, cells))  # a title or name with [brackets] is not markup
    return table


def _note(text: str, style: str = "dim italic") -> Option:
    return Option(Text(text, style=style), disabled=True)


def member_options(m: MemberWeek, widths: list[int]) -> list[Option]:
    """One member: name, reading time, then the papers finished and being read (selectable)."""
    from paperdesk.services.reading_time import duration

    head = Text()
    head.append(m.name, style="bold")
    if m.me:
        head.append(" (you)", style="dim")
    done = plural(len(m.finished), "paper") + " finished"
    spent = f"{duration(m.seconds)} reading time" if m.seconds else "no reading time"
    head.append(f" · {done} · {len(m.reading)} being read · {spent}", style="dim")
    out = [Option(head, disabled=True)]
    if not m.finished and not m.reading:
        return [*out, _note("  nothing finished or being read this week")]
    for p in [*m.finished[:FINISHED_SHOWN], *m.reading[:READING_SHOWN]]:
        cells = ["", p.state, _day(p.at), p.label, p.title]
        row = _row(widths, cells, ["", "bold", "dim", "", ""])
        out.append(Option(row, id=f"{PAPER}\t{m.name}\t{p.key}"))
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
        out.append(_note(f"  … {', '.join(more)} ({where})", "dim"))
    return out


def _when(at: datetime) -> str:
    """A stored time as ``Tue 1 Dec 14:30`` in local time."""
    from paperdesk.dates import local_time, short_day

    local = local_time(at)
    return f"{short_day(local.date())} {local:%H:%M}"


def attempt_options(attempts: list[ActiveAttempt]) -> list[Option]:
    """The attempts under way, one selectable row each, under a header row."""
    head = Option(Text("Replication under way", style="bold"), disabled=True)
    if not attempts:
        return [head, _note("  no attempt planned or running")]
    rows = [
        [
            "",
            a.label,
            str(a.number),
            a.status,
            a.by or "-",
            _when(a.last_run) if a.last_run else "no run yet",
            a.title,
        ]
        for a in attempts
    ]
    header = ["", "paper", "#", "status", "who", "last run", "title"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    widths[4] = min(widths[4], 16)  # a long member name is cut
    out = [head, Option(_row(widths, header, ["dim"] * len(header)), disabled=True)]
    for a, cells in zip(attempts, rows, strict=True):
        row = _row(widths, cells, ["", "", "", "bold", "", "", ""])
        out.append(Option(row, id=f"{ATTEMPT}\t{a.number}\t{a.key}"))
    return out


def team_options(team: TeamWeek) -> list[Option]:
    """Every line of the screen: the members' weeks, the hint when alone, the attempts."""
    shown = [
        p for m in team.members for p in [*m.finished[:FINISHED_SHOWN], *m.reading[:READING_SHOWN]]
    ]
    widths = [  # the indent, then state, day, arXiv id or key: ids line up across members
        0,
        max([7, *(len(p.state) for p in shown)]),
        max([10, *(len(_day(p.at)) for p in shown)]),
        max([10, *(len(p.label) for p in shown)]),
    ]
    out: list[Option] = []
    for m in team.members:
        out += [*member_options(m, widths), _note("")]
    if team.solo:
        out += [_note(SOLO_HINT, "italic"), _note("")]
    return out + attempt_options(team.attempts)


def render_team(team: TeamWeek) -> list[VisualType]:
    """What the screen lists, as Rich renderables (for a console or a test)."""
    return [o.prompt for o in team_options(team)]


def title(team: TeamWeek | None) -> str:
    if team is None:
        return "Team this week"
    from paperdesk.dates import short_day

    others = sum(not m.me for m in team.members)
    who = "only you" if not others else f"you and {plural(others, 'other member')}"
    return f"Team this week (since {short_day(team.since)}) · {who}"


class TeamRows(OptionList):
    """The screen's one list; home and end go to the first and last row one can open."""

    def _enabled(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if not o.disabled]

    def action_first(self) -> None:
        if rows := self._enabled():
            self.highlighted = rows[0]

    def action_last(self) -> None:
        if rows := self._enabled():
            self.highlighted = rows[-1]


class TeamScreen(WorkerFailures, Screen[str | None]):
    """``TeamScreen()``; ``today`` fixes the day the week ends on (tests). Dismissed with the
    key of the paper chosen (the main table shows it), else None."""

    DEFAULT_CSS = """
    TeamScreen { layout: vertical; }
    TeamScreen #team-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    TeamScreen #team-body { height: 1fr; padding: 0 1; border: none; }
    TeamScreen #team-body:focus { border: none; }
    TeamScreen #team-body > .option-list--option-disabled { color: $foreground; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = TEAM_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(TEAM_KEYS)

    app: PaperdeskApp

    team: reactive[TeamWeek | None] = reactive(None, init=False)

    def __init__(self, *, today: date | None = None) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(title(None), id="team-title", markup=False)
        yield TeamRows(_note("reading what the team did…"), id="team-body")
        yield Footer()

    @property
    def rows(self) -> TeamRows:
        return self.query_one("#team-body", TeamRows)

    def on_mount(self) -> None:
        self.rows.focus()
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
        rows = self.rows
        here = rows.highlighted_option.id if rows.highlighted_option is not None else None
        rows.set_options(team_options(team))
        ids = [o.id for o in rows.options]
        if (
            here is not None and here in ids
        ):  # the row under the cursor stays selected when the week is re-read
            rows.highlighted = ids.index(here)
        else:  # else the first paper or attempt (a heading is never under the cursor)
            rows.action_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, *rest = (event.option.id or "").split("\t")
        if kind == PAPER:
            self.dismiss(rest[-1])
        elif kind == ATTEMPT:
            from paperdesk.tui.screens.replication import ReplicationScreen

            self.app.push_screen(ReplicationScreen(rest[1], attempt=int(rest[0])))

    def action_back(self) -> None:
        self.dismiss(None)
