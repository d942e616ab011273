"""Members in the TUI (issue 17): B's detail pane shows A reading the selected paper (and
follows A's next mark live), B's own state stays B's; the Team screen (T and the palette)
shows both members' week and the attempts under way; alone, it says how a team shares one
library. SQLite, and PostgreSQL when PAPERDESK_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.services import papers, replication
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.team import TeamScreen
from tests.tui.conftest import key_of, make_app, screen_text, settle
from tests.tui.test_commands import run_from_palette

pytestmark = pytest.mark.anyio
ATTENTION, BERT = "1706.03762", "1810.04805"

As = Callable[[str], Library]


@pytest.fixture
def as_member(
    settings: Settings, any_lib: Library, monkeypatch: pytest.MonkeyPatch
) -> Iterator[As]:
    """``as_member("ana")``: the library as member ana opens it (PAPERDESK_USER); the app made
    after it acts as the last member named. (``settings`` first: the hash model for the app.)"""
    opened: list[Library] = []

    def open_as(name: str) -> Library:
        monkeypatch.setenv("PAPERDESK_USER", name)
        lib = Library.open(any_lib.settings)
        opened.append(lib)
        return lib

    yield open_as
    for lib in opened:
        lib.close()


async def seen(pilot: Any, ok: Callable[[], bool], what: str, seconds: float = 15.0) -> None:
    """Wait until ``ok()`` (the change poll and the detail's worker take their time)."""
    deadline = time.monotonic() + seconds
    while not ok():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not shown:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def my_state(app: Any) -> str:
    """The reading state the table shows for the paper under the cursor."""
    row = app.main.table.current
    assert row is not None
    return str(row.reading)


def detail_text(app: Any) -> str:
    return str(app.main.detail_pane.query_one("#detail-text").render())


async def test_b_sees_a_reading_the_paper(as_member: As) -> None:
    ana = as_member("ana")
    await asyncio.to_thread(papers.mark, ana, ATTENTION, "reading")
    bo = as_member("bo")  # the app below is bo's
    key = key_of(bo, ATTENTION)
    app = make_app(bo.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key)
        await seen(pilot, lambda: "also: ana reading" in detail_text(app), "ana reading")
        assert "also: ana reading" in screen_text(app)
        assert my_state(app) == "unread"  # ana's state is not bo's
        assert "reading: unread" in detail_text(app)

        await asyncio.to_thread(papers.mark, ana, ATTENTION, "read")  # live, from elsewhere
        await seen(pilot, lambda: "also: ana read " in detail_text(app), "ana read")
        assert my_state(app) == "unread"

        other = key_of(bo, BERT)  # nobody reads BERT: no line
        # the table's reload after ana's change may still be on its way: the cursor stays
        assert app.main.table.move_to(other)
        await settle(pilot)
        assert app.main.table.current_key == other
        await seen(pilot, lambda: "BERT" in detail_text(app), "BERT's detail")
        assert "also:" not in detail_text(app)


async def test_a_single_member_sees_no_also_line(as_member: As) -> None:
    me = as_member("ana")
    await asyncio.to_thread(papers.mark, me, ATTENTION, "reading")
    app = make_app(me.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(me, ATTENTION))
        await settle(pilot)
        await seen(pilot, lambda: "reading: reading" in detail_text(app), "my state")
        assert "also:" not in screen_text(app)


def team_of_two(as_member: As) -> Library:
    """ana read Attention this week and started a BERT attempt; bo (the app's member) is
    reading Attention and ran nothing."""
    ana = as_member("ana")
    papers.mark(ana, ATTENTION, "read")
    replication.set_status(ana, BERT, "running")
    bo = as_member("bo")
    papers.mark(bo, ATTENTION, "reading")
    return bo


async def test_team_screen_by_key_at_80_columns(as_member: As) -> None:
    bo = team_of_two(as_member)
    app = make_app(bo.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        text = screen_text(app)
        assert "Team this week (since " in text and "you and 1 other member" in text
        lines = [x.strip() for x in text.splitlines()]
        assert any(x.startswith("bo (you) · 0 papers finished · 1 being read") for x in lines)
        assert any(x.startswith("ana · 1 paper finished · 0 being read") for x in lines)
        assert any(x.split()[:1] == ["read"] and ATTENTION in x for x in lines)
        assert any(x.split()[:1] == ["reading"] and ATTENTION in x for x in lines)
        assert "Replication under way" in text
        row = next(x for x in lines if BERT in x and "running" in x)
        assert row.split()[:5] == [BERT, "1", "running", "ana", "no"]  # "no run yet"
        assert "Only you so far" not in text

        papers.mark(bo, ATTENTION, "skimmed")  # live: my finishing moves it to finished
        await seen(pilot, lambda: "bo (you) · 1 paper finished" in screen_text(app), "bo done")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_team_screen_from_the_palette(as_member: As) -> None:
    bo = team_of_two(as_member)
    app = make_app(bo.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "team")
        assert isinstance(app.screen, TeamScreen)
        text = screen_text(app)
        assert "bo (you)" in text and "ana · 1 paper finished" in text
        await pilot.pause(KEY_GUARD + 0.1)  # keys right behind the closing palette are dropped
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_alone_the_team_screen_says_how_to_share(as_member: As) -> None:
    me = as_member("ana")
    papers.mark(me, ATTENTION, "read")
    app = make_app(me.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        text = screen_text(app)
        assert "only you" in text and "Only you so far" in text and "PAPERDESK_USER" in text
        assert "ana (you) · 1 paper finished" in text
        assert "no attempt planned or running" in text


def test_also_line_dates_finished_states_and_counts_the_rest() -> None:
    from datetime import datetime

    from paperdesk.dates import today
    from paperdesk.members import Reader
    from paperdesk.tui.widgets.detail import also_line

    this_year = today().year
    readers = [
        Reader("ana", "reading", datetime(this_year, 1, 5, 9)),
        Reader("bo", "read", datetime(this_year, 12, 3, 9)),
        Reader("cy", "dropped", datetime(this_year - 1, 3, 1, 9)),
        Reader("di", "queued", None),
        Reader("ed", "skimmed", datetime(this_year, 2, 1)),
        Reader("fay", "read", datetime(this_year, 2, 2)),
    ]
    assert also_line([]) is None
    assert also_line(readers[:2]) == "also: ana reading · bo read 3 Dec"
    assert also_line(readers) == (
        f"also: ana reading · bo read 3 Dec · cy dropped 1 Mar {this_year - 1} · di queued · 2 more"
    )


def test_team_text_is_never_markup() -> None:
    """A title or member name with [brackets] shows as typed (rich would read it as markup)."""
    from datetime import date, datetime

    from rich.console import Console

    from paperdesk.services.team import ActiveAttempt, MemberWeek, TeamPaper, TeamWeek
    from paperdesk.tui.screens.team import render_team

    paper = TeamPaper("k", "2401.00001", "[CLS] tokens [/b] matter", "read", datetime(2026, 12, 1))
    team = TeamWeek(
        since=date(2026, 11, 30),
        today=date(2026, 12, 2),
        members=[MemberWeek("[red]me", True, None, [paper], [], 0)],
        attempts=[ActiveAttempt("k", "2401.00001", "[b]T", 2, "running", "[x]ana", None, None)],
    )
    console = Console(width=100, record=True, color_system=None)
    console.print(*render_team(team))
    text = console.export_text()
    assert "[red]me (you)" in text and "[CLS] tokens [/b] matter" in text
    assert "[x]ana" in text and "[b]T" in text


def test_a_busy_member_lists_the_first_papers_and_counts_the_rest() -> None:
    from datetime import datetime

    from rich.console import Console

    from paperdesk.services.team import MemberWeek, TeamPaper
    from paperdesk.tui.screens.team import FINISHED_SHOWN, READING_SHOWN, member_options

    def paper(n: int, state: str) -> TeamPaper:
        return TeamPaper(f"k{n}", f"2401.{n:05d}", f"Paper {n}", state, datetime(2026, 12, 1))

    finished = [paper(n, "read") for n in range(FINISHED_SHOWN + 2)]
    reading = [paper(100 + n, "reading") for n in range(READING_SHOWN + 3)]
    console = Console(width=100, record=True, color_system=None)
    week = MemberWeek("ana li", False, None, finished, reading, 0)
    console.print(*(o.prompt for o in member_options(week, [0, 7, 10, 10])))
    text = console.export_text()
    assert "ana li · 12 papers finished · 8 being read · no reading time" in text
    assert f"2401.{FINISHED_SHOWN - 1:05d}" in text and f"2401.{FINISHED_SHOWN:05d}" not in text
    assert "… 2 more finished, 3 more being read (paperdesk papers --reader 'ana li')" in text


async def test_enter_on_a_paper_shows_it_and_on_an_attempt_opens_it(as_member: As) -> None:
    from paperdesk.tui.screens.replication import ReplicationScreen

    bo = team_of_two(as_member)
    replication.new_attempt(bo, BERT)  # bo's attempt 2; ana's attempt 1 is still running
    replication.set_status(bo, BERT, "running")
    app = make_app(bo.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        team = app.screen
        assert isinstance(team, TeamScreen)
        rows = team.rows
        assert rows.highlighted_option is not None
        assert rows.highlighted_option.id == f"paper\tbo\t{key_of(bo, ATTENTION)}"  # mine first

        ids = [o.id for o in rows.options if not o.disabled]
        ana_first = f"attempt\t1\t{key_of(bo, BERT)}"
        assert f"paper\tana\t{key_of(bo, ATTENTION)}" in ids  # ana read it: a row of hers
        assert ana_first in ids and f"attempt\t2\t{key_of(bo, BERT)}" in ids
        await pilot.press(*["down"] * ids.index(ana_first), "enter")  # headings are skipped
        await settle(pilot)
        repro = app.screen
        assert isinstance(repro, ReplicationScreen) and repro.paper_key == key_of(bo, BERT)
        await seen(pilot, lambda: "attempt 1 of 2 by ana" in screen_text(app), "ana's attempt")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is team and rows.highlighted_option.id == ana_first
        await pilot.pause(KEY_GUARD + 0.1)  # keys right behind a closing screen are dropped

        await pilot.press("home", "enter")  # the first paper: the main table shows it
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        row = app.main.table.current
        assert row is not None and row.id == key_of(bo, ATTENTION)
