"""Study plans on a real library, with a reading history at fixed times and a fixed today."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services import plans
from paperdesk.storage.fastread import SessionReader
from tests.services.progress_lib import add_list, mark

TODAY = date(2026, 12, 2)
START = TODAY - timedelta(weeks=4)
IDS = [f"2102.{n:05d}" for n in range(1, 18)]  # 17 papers


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


@pytest.fixture
def planned(empty_lib: Library) -> Library:
    """A 3/week plan started four weeks ago: 9 read since, 1 read before it, 1 dropped."""
    add_list(empty_lib, "course", IDS)
    mark(empty_lib, IDS[0], "read", at(START - timedelta(days=3)))  # before the plan
    mark(empty_lib, IDS[1], "dropped", at(START + timedelta(days=1)))
    for i, aid in enumerate(IDS[2:11]):
        mark(empty_lib, aid, "read", at(START + timedelta(days=2 * i + 1)))
    plans.set_plan(empty_lib, "course", "3/week", start=START.isoformat(), today=TODAY)
    return empty_lib


def status(lib: Library, today: date = TODAY) -> plans.PlanStatus:
    (only,) = plans.plan_status(SessionReader(lib), today=today).plans
    return only


def test_three_a_week_four_weeks_in_with_nine_read_is_behind_by_three(planned: Library) -> None:
    s = status(planned)
    assert (s.total, s.done, s.expected) == (15, 9, 12)
    assert s.behind == 3 and s.status == "behind by 3 papers"
    # six left at 3 a week from today (Wed): today, Fri, Sun, Wed, Fri, Sun
    assert [p.due for p in s.left] == [TODAY + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11)]
    assert s.projected_finish == date(2026, 12, 13)
    assert s.planned_finish == TODAY + timedelta(days=4)  # paper 15 of the plan as set
    assert [p.label for p in s.left] == IDS[11:]
    # this week ends on Sunday 6 December: today's, Friday's and Sunday's papers are due
    assert [p.label for p in s.due_this_week] == IDS[11:14]
    data = s.to_json()
    assert data["status"] == "behind by 3 papers" and data["projected_finish"] == "2026-12-13"


def test_reading_and_dropping_re_plan(planned: Library) -> None:
    mark(planned, IDS[11], "read", at(TODAY, 9))
    s = status(planned)
    assert (s.done, s.behind, s.projected_finish) == (10, 2, TODAY + timedelta(days=9))
    mark(planned, IDS[12], "dropped", at(TODAY, 10))
    s = status(planned)
    assert (s.total, s.behind, s.projected_finish) == (14, 2, TODAY + timedelta(days=7))


def test_ahead_on_track_finished_and_not_started(planned: Library) -> None:
    assert status(planned, START + timedelta(days=7)).status == "ahead by 6 papers"
    assert status(planned, START - timedelta(days=1)).status == "not started"
    for aid in IDS[11:]:
        mark(planned, aid, "read", at(TODAY))
    s = status(planned)
    assert s.status == "finished" and s.left == [] and s.projected_finish == TODAY


def test_changing_a_plan_keeps_what_is_not_given(planned: Library) -> None:
    plans.set_plan(planned, "course", None, days="mon,wed,fri")
    s = status(planned)
    assert (s.pace, s.start, s.days) == (3, START, (0, 2, 4))
    assert all(p.due.weekday() in (0, 2, 4) for p in s.left)
    assert plans.clear_plan(planned, "course") is True
    assert plans.plan_status(SessionReader(planned), today=TODAY).plans == []
    assert plans.clear_plan(planned, "course") is False


def test_bad_plans_say_what_is_wrong(empty_lib: Library) -> None:
    add_list(empty_lib, "course", IDS[:3])
    with pytest.raises(StateError, match="has no plan yet: give a pace"):
        plans.set_plan(empty_lib, "course", None, days="mon")
    with pytest.raises(NotFoundError, match="no reading list 'nope'"):
        plans.set_plan(empty_lib, "nope", "3/week")
    with pytest.raises(StateError, match="--start 'soon' is not a date"):
        plans.set_plan(empty_lib, "course", "3/week", start="soon")
    with pytest.raises(StateError, match="not a weekday"):
        plans.set_plan(empty_lib, "course", "3/week", days="mon,xyz")
    with pytest.raises(NotFoundError, match="course has no plan"):
        plans.plan_status(SessionReader(empty_lib), list_name="course")


def test_a_plan_set_today_leaves_out_what_was_read_this_morning(any_lib: Library) -> None:
    """The default start is today: a paper read before the plan was set, even earlier the
    same day, was not left to read when it started; one read after it is done."""
    from paperdesk.dates import today
    from paperdesk.storage.models import utcnow_precise

    add_list(any_lib, "course", IDS[:8])
    mark(any_lib, IDS[0], "read", utcnow_precise())  # most likely the same second
    plans.set_plan(any_lib, "course", "3/week")
    s = status(any_lib, today())
    assert (s.done, s.total, s.behind) == (0, 7, 0) and s.status == "on track"
    assert IDS[0] not in [p.label for p in s.left]
    mark(any_lib, IDS[1], "read", utcnow_precise())
    s = status(any_lib, today())
    assert (s.done, s.total, s.status) == (1, 7, "ahead by 1 paper")
