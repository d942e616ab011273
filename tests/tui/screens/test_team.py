"""The Team screen (T and the palette): both members' week and the attempts under way, at 80
columns too; alone, how a team shares one library; Enter shows a paper or opens an attempt;
the title, a member's lines and the attempts table; home and end landing on rows one can open
(never a heading); the row under the cursor kept when the week is read again after another
member's change. Two members of one library: SQLite, and PostgreSQL when
PAPERDESK_TEST_POSTGRES_URL is set (``as_member`` is tests/tui/test_team.py's)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from rich.console import Console
from textual.app import App, ComposeResult

from paperdesk.library import Library
from paperdesk.services import papers, replication
from paperdesk.services.team import ActiveAttempt, MemberWeek, TeamPaper, TeamWeek
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.replication import ReplicationScreen
from paperdesk.tui.screens.team import (
    ATTEMPT,
    FINISHED_SHOWN,
    PAPER,
    READING_SHOWN,
    SOLO_HINT,
    TeamRows,
    TeamScreen,
    attempt_options,
    member_options,
    render_team,
    team_options,
    title,
)
from tests.tui.conftest import key_of, make_app, screen_text, settle
from tests.tui.test_commands import run_from_palette
from tests.tui.test_team import ATTENTION, BERT, As, as_member, seen

pytestmark = pytest.mark.anyio
__all__ = ["as_member"]  # a fixture: imported to be used by name

MONDAY, WEDNESDAY = date(2026, 11, 30), date(2026, 12, 2)


def _paper(n: int, state: str = "read") -> TeamPaper:
    return TeamPaper(f"k{n}", f"2401.{n:05d}", f"Paper {n}", state, datetime(2026, 12, 1, 9))


def _attempt(n: int, by: str | None, last_run: datetime | None = None) -> ActiveAttempt:
    return ActiveAttempt(f"k{n}", f"2401.{n:05d}", f"Paper {n}", 1, "running", by, None, last_run)


def _week(*members: MemberWeek, attempts: list[ActiveAttempt] | None = None) -> TeamWeek:
    return TeamWeek(since=MONDAY, today=WEDNESDAY, members=list(members), attempts=attempts or [])


def _lines(options: list[object]) -> list[str]:
    console = Console(width=100, record=True, color_system=None)
    for option in options:
        console.print(option.prompt)  # type: ignore[attr-defined]
    return [x.rstrip() for x in console.export_text().splitlines()]


def test_the_title_says_since_when_and_who() -> None:
    assert title(None) == "Team this week"
    me = MemberWeek("ana", True, None)
    assert title(_week(me)) == "Team this week (since Mon 30 Nov) · only you"
    two = _week(me, MemberWeek("bo", False, None), MemberWeek("cy", False, None))
    assert title(two).endswith("· you and 2 other members")


def test_a_member_with_nothing_this_week_says_so() -> None:
    options = member_options(MemberWeek("bo", False, None, seconds=5400), [0, 7, 10, 10])
    assert all(o.disabled for o in options)  # nothing to open
    head, note = _lines(options)
    assert head == "bo · 0 papers finished · 0 being read · 1 h 30 reading time"
    assert note.strip() == "nothing finished or being read this week"


def test_attempts_line_up_under_a_header_and_cut_a_long_name() -> None:
    assert _lines(attempt_options([]))[1].strip() == "no attempt planned or running"
    long_name = "maximiliana-von-und-zu-lange"
    options = attempt_options([_attempt(1, long_name), _attempt(2, None, datetime(2026, 12, 1))])
    assert [o.id for o in options if not o.disabled] == [f"{ATTEMPT}\t1\tk1", f"{ATTEMPT}\t1\tk2"]
    head, header, first, second = _lines(options)
    assert head == "Replication under way"
    assert header.split() == ["paper", "#", "status", "who", "last", "run", "title"]
    assert first.split()[:3] == ["2401.00001", "1", "running"] and long_name not in first
    assert "maximiliana-von…" in first and "no run yet" in first
    assert second.split()[3] == "-"  # made before members
    assert header.index("title") == first.index("Paper 1") == second.index("Paper 2")


def test_alone_the_hint_says_how_a_team_shares_a_library() -> None:
    week = _week(MemberWeek("ana", True, None, [_paper(1)]))
    assert week.solo
    lines = "\n".join(_lines(team_options(week)))
    assert "Only you so far" in lines and "PAPERDESK_USER" in lines
    assert SOLO_HINT.split(".")[0] in " ".join(lines.split())
    with_bo = _week(MemberWeek("ana", True, None, [_paper(1)]), MemberWeek("bo", False, None))
    assert "Only you so far" not in "\n".join(_lines(team_options(with_bo)))


class Rows(App[None]):
    def compose(self) -> ComposeResult:
        week = _week(
            MemberWeek("ana", True, None, [_paper(1)], [_paper(2, "reading")]),
            MemberWeek("bo", False, None),
            attempts=[_attempt(3, "bo")],
        )
        yield TeamRows(*team_options(week))


async def test_home_and_end_land_on_rows_one_can_open() -> None:
    app = Rows()
    async with app.run_test(size=(100, 20)) as pilot:
        rows = app.query_one(TeamRows)
        rows.focus()
        await pilot.press("end")
        assert rows.highlighted_option is not None
        assert rows.highlighted_option.id == f"{ATTEMPT}\t1\tk3"
        await pilot.press("home")
        assert rows.highlighted_option.id == f"{PAPER}\tana\tk1"
        await pilot.press("down", "down")  # bo's heading and the blank lines are skipped
        assert rows.highlighted_option.id == f"{ATTEMPT}\t1\tk3"


async def test_the_row_under_the_cursor_stays_when_the_week_is_read_again(as_member: As) -> None:
    ana = as_member("ana")
    bo = team_of_two(as_member)  # the app is bo's
    app = make_app(bo.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        team = app.screen
        assert isinstance(team, TeamScreen)
        ids = [o.id for o in team.rows.options if not o.disabled]
        ana_read = f"{PAPER}\tana\t{key_of(bo, ATTENTION)}"
        await pilot.press(*["down"] * ids.index(ana_read))
        assert team.rows.highlighted_option is not None
        assert team.rows.highlighted_option.id == ana_read

        await asyncio.to_thread(papers.mark, ana, BERT, "read")  # ana, from elsewhere
        await seen(pilot, lambda: "ana · 2 papers finished" in screen_text(app), "ana's BERT")
        assert team.rows.highlighted_option.id == ana_read


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


def test_team_text_is_never_markup() -> None:
    """A title or member name with [brackets] shows as typed (rich would read it as markup)."""
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
