"""Study-plan calendars and the date helpers they use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from paperdesk.dates import format_weekdays, parse_date, parse_weekdays, week_start
from paperdesk.errors import StateError
from paperdesk.pacing import Pace, parse_pace

TODAY = date(2026, 12, 2)  # a Wednesday


def test_three_a_week_over_the_whole_week() -> None:
    p = Pace(3, date(2026, 11, 2))  # a Monday
    assert [p.due(i) for i in range(4)] == [
        date(2026, 11, 2),
        date(2026, 11, 4),
        date(2026, 11, 6),
        date(2026, 11, 9),
    ]


def test_chosen_days() -> None:
    p = Pace(2, date(2026, 11, 4), parse_weekdays("mon,wed,fri"))  # starts on a Wednesday
    # the first week is Wed 4 .. Tue 10: Wed, Fri, Mon; two papers go on Wed and Fri
    assert [p.due(i) for i in range(4)] == [
        date(2026, 11, 4),
        date(2026, 11, 6),
        date(2026, 11, 11),
        date(2026, 11, 13),
    ]
    more = Pace(5, date(2026, 11, 2), parse_weekdays("mon,thu"))  # more papers than days
    assert [more.due(i).weekday() for i in range(5)] == [0, 0, 0, 3, 3]


def test_four_weeks_in_at_three_a_week_twelve_are_due() -> None:
    p = Pace(3, TODAY - timedelta(weeks=4))
    assert p.due_before(TODAY) == 12  # the paper due today is not late yet
    assert p.due_before(TODAY + timedelta(days=1)) == 13
    assert p.due_before(p.start) == 0
    assert p.due_before(p.start - timedelta(days=30)) == 0


def test_replan_spreads_what_is_left_from_today() -> None:
    p = Pace(3, TODAY - timedelta(weeks=4))
    assert p.replan(4, TODAY) == [
        TODAY,
        TODAY + timedelta(days=2),
        TODAY + timedelta(days=4),
        TODAY + timedelta(days=7),
    ]
    later = Pace(1, TODAY + timedelta(days=10))  # not started: from its start
    assert later.replan(2, TODAY) == [later.start, later.start + timedelta(days=7)]


@pytest.mark.parametrize("text", ["3/week", "3", "3/wk", " 3 per week ", 3])
def test_pace_forms(text: str) -> None:
    assert parse_pace(text) == 3


@pytest.mark.parametrize("text", ["fast", "0/week", "-1", "1000/week", "2.5/week"])
def test_bad_paces_name_the_value(text: str) -> None:
    with pytest.raises(StateError, match="pace"):
        parse_pace(text)


def test_dates_and_weekdays() -> None:
    assert parse_date("2026-11-30") == date(2026, 11, 30)
    assert parse_date("today", now=TODAY) == TODAY
    assert parse_date("yesterday", now=TODAY) == TODAY - timedelta(days=1)
    with pytest.raises(StateError, match="--start '30/11/2026' is not a date"):
        parse_date("30/11/2026", "--start")
    assert parse_weekdays("Monday, wed,fri,wed") == (0, 2, 4)
    assert parse_weekdays(None) == tuple(range(7))
    assert format_weekdays((0, 2, 4)) == "mon,wed,fri"
    assert format_weekdays(tuple(range(7))) == "every day"
    with pytest.raises(StateError, match="'funday' is not a weekday"):
        parse_weekdays("mon,funday")
    assert week_start(TODAY) == date(2026, 11, 30)
