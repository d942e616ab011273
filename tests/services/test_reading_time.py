"""Reading time: the periods :class:`ActiveTime` makes of what a view sees (on a clock driven by
hand), and what the stats make of recorded periods (real library, fixed times)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from paperdesk.library import Library
from paperdesk.services import papers
from paperdesk.services.reading_time import ActiveTime, Period, duration, record
from paperdesk.services.stats import progress
from paperdesk.storage.fastread import SessionReader
from tests.services.progress_lib import add_list
from tests.tui.test_reading_timer import Clock

T0 = datetime(2026, 12, 2, 10)
TODAY = date(2026, 12, 2)
A = [f"2103.{n:05d}" for n in range(1, 4)]
B = [f"2104.{n:05d}" for n in range(1, 3)]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_idle_pause_ends_the_period_at_the_last_event() -> None:
    clock = Clock()
    t = ActiveTime("k", "reader", idle=timedelta(minutes=5), clock=clock)
    assert t.begin() is None
    clock.advance(3)
    assert t.activity() is None
    clock.advance(4.9)
    assert t.tick() is None  # 4.9 minutes since the last event
    clock.advance(0.2)
    assert t.tick() == Period("k", "reader", at(0), at(3))
    assert t.tick() is None and not t.open
    clock.advance(10)
    assert t.activity() is None and t.open  # a key after the pause starts a new period
    clock.advance(1)
    assert t.end() == Period("k", "reader", at(18.1), at(19.1))


def test_an_event_after_an_unnoticed_pause_splits_the_period() -> None:
    clock = Clock()
    t = ActiveTime("k", "note", idle=timedelta(minutes=5), clock=clock)
    t.begin()
    clock.advance(2)
    t.activity()
    clock.advance(30)  # no tick came (the machine slept): the key itself splits the period
    assert t.activity() == Period("k", "note", at(0), at(2))
    clock.advance(1)
    assert t.end() == Period("k", "note", at(32), at(33))


def test_ending_after_a_pause_ends_at_the_last_event_and_tiny_periods_are_dropped() -> None:
    clock = Clock()
    t = ActiveTime("k", "reader", idle=timedelta(minutes=5), clock=clock)
    t.begin()
    clock.advance(1)
    t.activity()
    clock.advance(9)
    assert t.end() == Period("k", "reader", at(0), at(1))
    t.begin()
    assert t.end() is None  # opened and closed in the same instant
    with pytest.raises(ValueError):
        ActiveTime("k", "pdf")


def test_duration_is_short() -> None:
    assert [duration(n) for n in (40, 720, 3900, 7200)] == ["40 s", "12 min", "1 h 05", "2 h 00"]


@pytest.fixture
def timed(empty_lib: Library) -> Library:
    add_list(empty_lib, "alpha", A)
    add_list(empty_lib, "beta", B)
    key = {aid: papers.paper_detail(empty_lib, aid).id for aid in A + B}

    def spent(aid: str, view: str, start: datetime, minutes: float) -> None:
        record(empty_lib, Period(key[aid], view, start, start + timedelta(minutes=minutes)))

    spent(A[0], "reader", datetime(2026, 11, 23, 9), 30)  # week of 23 November
    spent(A[0], "note", datetime(2026, 11, 24, 9), 10)
    spent(A[1], "reader", datetime(2026, 11, 30, 20), 45)  # week of 30 November
    spent(B[0], "reader", datetime(2026, 12, 1, 8), 5)
    return empty_lib


def test_stats_sum_time_per_paper_list_and_week(timed: Library) -> None:
    report = progress(SessionReader(timed), today=TODAY)
    t = report.time
    assert t.seconds == 90 * 60 and t.by_view == {"note": 600, "reader": 80 * 60}
    assert [(p.label, p.seconds) for p in t.papers] == [
        (A[1], 2700),
        (A[0], 2400),
        (B[0], 300),
    ]
    assert [(x.name, x.seconds, x.papers) for x in t.lists] == [
        ("alpha", 5100, 2),
        ("beta", 300, 1),
    ]
    by_week = {w.start: w.seconds for w in report.weeks}
    assert by_week[date(2026, 11, 23)] == 2400 and by_week[date(2026, 11, 30)] == 3000
    assert sum(by_week.values()) == 5400
    data = report.to_json()
    assert data["time"]["lists"][0] == {"name": "alpha", "seconds": 5100, "papers": 2}
    assert data["weeks"][-1]["seconds"] == 3000

    only = progress(SessionReader(timed), list_name="beta", today=TODAY).time
    assert only.seconds == 300 and [x.name for x in only.lists] == ["beta"]


def test_marking_read_works_as_before_with_time_recorded(timed: Library) -> None:
    papers.mark(timed, A[0], "read")
    report = progress(SessionReader(timed), list_name="alpha")
    assert report.read == 1 and report.time.seconds == 85 * 60


def test_periods_are_summed_on_either_database(any_lib: Library) -> None:
    start = datetime(2026, 11, 30, 9)
    record(any_lib, Period("vaswani2017attention", "reader", start, start + timedelta(hours=1)))
    record(any_lib, Period("vaswani2017attention", "note", start, start + timedelta(minutes=6)))
    t = progress(SessionReader(any_lib), list_name="transformers-core", today=TODAY).time
    assert t.seconds == 66 * 60 and t.weeks[-1] == 66 * 60
    assert [(p.label, p.seconds) for p in t.papers] == [("1706.03762", 3960)]
