"""The Team view's data (services/team.py): what each member finished this week and is
reading, their reading time this week, the replication attempts under way with who started
them; me first, the single-user rule, and a library nobody but me uses. SQLite and PostgreSQL
(``any_lib``), several members acting on one library through their own Library objects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from paperdesk import tracking
from paperdesk.library import Library
from paperdesk.services import replication
from paperdesk.services.reading_time import Period, record
from paperdesk.services.replication_runs import add_run
from paperdesk.services.team import TeamWeek, others_reading, team_week
from paperdesk.storage.fastread import SessionReader, open_fast
from paperdesk.storage.models import Paper

TODAY = date(2026, 12, 2)  # a Wednesday: the week of Monday 30 November
ATTENTION, BERT, GPT3, T5 = "1706.03762", "1810.04805", "2005.14165", "1910.10683"

As = Callable[[str], Library]


@pytest.fixture
def as_member(any_lib: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[As]:
    """``as_member("ana")``: the same library opened by member ana (PAPERDESK_USER)."""
    opened: list[Library] = []

    def open_as(name: str) -> Library:
        monkeypatch.setenv("PAPERDESK_USER", name)
        lib = Library.open(any_lib.settings)
        opened.append(lib)
        return lib

    yield open_as
    for lib in opened:
        lib.close()


def mark_at(lib: Library, arxiv: str, state: str, at: datetime) -> None:
    with lib.session() as s:
        paper = s.scalars(select(Paper).where(Paper.arxiv_id == arxiv)).one()
        tracking.set_state(s, paper, "reading", state, at=at)


def key_of(lib: Library, arxiv: str) -> str:
    with lib.session() as s:
        return str(s.scalar(select(Paper.key).where(Paper.arxiv_id == arxiv)))


def week(lib: Library, name: str, source: str = "PAPERDESK_USER") -> TeamWeek:
    reader = open_fast(lib.settings) or SessionReader(lib)
    try:
        return team_week(reader, name, source, today=TODAY)
    finally:
        reader.close()


def test_each_members_week(as_member: As) -> None:
    ana, bo = as_member("ana"), as_member("bo")
    mark_at(ana, ATTENTION, "read", datetime(2026, 12, 1, 9, 30))
    mark_at(ana, BERT, "skimmed", datetime(2026, 11, 30, 8))
    mark_at(ana, T5, "read", datetime(2026, 11, 27, 10))  # last week: not this week's
    mark_at(ana, GPT3, "reading", datetime(2026, 11, 20, 10))  # reading: shown whenever begun
    mark_at(bo, ATTENTION, "reading", datetime(2026, 12, 2, 7))
    key = key_of(bo, ATTENTION)
    start = datetime(2026, 12, 1, 20)
    record(ana, Period(key, "reader", start, start + timedelta(minutes=65)))
    last_week = datetime(2026, 11, 29, 20)
    record(ana, Period(key, "note", last_week, last_week + timedelta(minutes=30)))
    record(bo, Period(key, "reader", start, start + timedelta(minutes=10)))

    team = week(bo, "bo")
    assert [m.name for m in team.members] == ["bo", "ana"]  # me first
    assert team.since == date(2026, 11, 30) and not team.solo
    me, other = team.members
    assert me.me and not other.me
    assert [(p.label, p.state, p.at) for p in other.finished] == [
        (ATTENTION, "read", datetime(2026, 12, 1, 9, 30)),
        (BERT, "skimmed", datetime(2026, 11, 30, 8)),
    ]
    assert [p.label for p in other.reading] == [GPT3]
    assert other.seconds == 65 * 60  # last week's half hour is not this week's
    assert [p.label for p in me.reading] == [ATTENTION] and me.finished == []
    assert me.seconds == 10 * 60
    assert team.counts() == {"members": 2, "finished": 2, "reading": 2, "attempts": 0}


def test_attempts_under_way_say_who_and_the_last_run(as_member: As) -> None:
    ana, bo = as_member("ana"), as_member("bo")
    replication.set_status(bo, ATTENTION, "running")
    add_run(bo, ATTENTION, command="make train", ran_at="2026-12-01T14:30:00+00:00")
    replication.set_status(ana, BERT, "planned")
    replication.set_status(ana, T5, "reproduced")  # done: not under way

    team = week(ana, "ana")
    got = [(a.label, a.number, a.status, a.by, a.last_run) for a in team.attempts]
    assert sorted(got) == [
        (ATTENTION, 1, "running", "bo", datetime(2026, 12, 1, 14, 30)),
        (BERT, 1, "planned", "ana", None),
    ]


def test_others_reading_leaves_me_out(as_member: As) -> None:
    ana, bo = as_member("ana"), as_member("bo")
    mark_at(ana, ATTENTION, "read", datetime(2026, 12, 1, 9, 30))
    mark_at(bo, ATTENTION, "reading", datetime(2026, 12, 2, 7))
    key = key_of(bo, ATTENTION)
    assert [(r.name, r.state) for r in others_reading(bo, key)] == [("ana", "read")]
    assert [(r.name, r.state) for r in others_reading(ana, key)] == [("bo", "reading")]
    assert others_reading(bo, "no-such-paper-key") == []


def test_alone_and_not_yet_a_member(as_member: As) -> None:
    ana = as_member("ana")
    team = week(ana, "cy")  # cy has written nothing yet: shown, first, with nothing done
    assert [(m.name, m.me, m.joined) for m in team.members] == [("cy", True, None)]
    assert team.solo
    mark_at(ana, ATTENTION, "read", datetime(2026, 12, 1, 9, 30))
    team = week(ana, "cy")
    assert [(m.name, m.me) for m in team.members] == [("cy", True), ("ana", False)]
    assert not team.solo
    # the single-user rule: my name from the OS and one member in the library: that is me
    team = week(ana, "someone-else", source="os")
    assert [(m.name, m.me) for m in team.members] == [("ana", True)] and team.solo
