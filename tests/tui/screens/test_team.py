"""The Team screen's own parts: the title, the lines of one member and of the attempts under
way, home and end landing on rows one can open (never a heading), and the row under the cursor
kept when the week is read again after another member's change.

The screen reached by ``T`` with two members of one library (SQLite, and PostgreSQL when
PAPERDESK_TEST_POSTGRES_URL is set) is in ``tests/tui/test_team.py``, with the members' lines
of the detail pane."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from rich.console import Console
from textual.app import App, ComposeResult

from paperdesk.services import papers
from paperdesk.services.team import ActiveAttempt, MemberWeek, TeamPaper, TeamWeek
from paperdesk.tui.screens.team import (
    ATTEMPT,
    PAPER,
    SOLO_HINT,
    TeamRows,
    TeamScreen,
    attempt_options,
    member_options,
    team_options,
    title,
)
from tests.tui.conftest import key_of, make_app, screen_text, settle
from tests.tui.test_team import ATTENTION, BERT, As, as_member, seen, team_of_two

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
