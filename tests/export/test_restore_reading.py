"""Reading time in a restore (:mod:`paperdesk.export.restore_reading`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.restore_members import Members
from paperdesk.export.restore_reading import check_reading_time, restore_reading_time
from paperdesk.library import Library
from paperdesk.storage.models import Member, Paper, ReadingPeriod


def _period(**kw: Any) -> dict[str, Any]:
    return {
        "member": "ana",
        "view": "reader",
        "start": "2024-05-01T10:00:00",
        "end": "2024-05-01T10:30:15",
        **kw,
    }


def test_sound_periods_pass() -> None:
    check_reading_time({"papers": [{"key": "k", "reading_time": [_period()]}, {"key": "j"}]}, "f")
    check_reading_time({"papers": [{"key": "k", "reading_time": [_period(view="note")]}]}, "f")
    check_reading_time({}, "f")


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ({"a": 1}, r"^f: papers\[0\] \(k\)\.reading_time: expected a list of objects"),
        ([1], r"expected a list of objects"),
        (
            [_period(view="tui")],
            r"reading_time\[0\]\.view: expected one of reader, note, not 'tui'",
        ),
        ([_period(), {"view": "note"}], r'reading_time\[1\]: needs "start" and "end" dates'),
        ([_period(start="soon")], r'needs "start" and "end" dates \(ISO 8601\)'),
        ([_period(start=5)], r"needs \"start\" and \"end\""),
        ([_period(end="2024-05-01T09:00:00")], r"reading_time\[0\]: ends before it starts"),
    ],
)
def test_bad_periods_are_named(periods: Any, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        check_reading_time({"papers": [{"key": "k", "reading_time": periods}]}, "f")


def _setup(lib: Library) -> int:
    with lib.session() as s:
        paper = Paper(title="T")
        s.add(paper)
        s.flush()
        return paper.id


def _rows(lib: Library) -> list[tuple[str, str, datetime, int]]:
    with lib.session() as s:
        rows = s.execute(
            select(Member.name, ReadingPeriod.view, ReadingPeriod.started_at, ReadingPeriod.seconds)
            .join(Member, Member.id == ReadingPeriod.member_id)
            .order_by(ReadingPeriod.started_at, Member.name)
        )
        return [tuple(r) for r in rows]


def test_restore_adds_the_periods_with_their_seconds(empty_lib: Library) -> None:
    pid = _setup(empty_lib)
    data = {"members": [{"name": "ana"}, {"name": "bob"}]}
    p = {"reading_time": [_period(), _period(member="bob", view="note")]}
    with empty_lib.session() as s:
        restore_reading_time(s, s.get(Paper, pid), p, Members(s, data), fresh=True)
    start = datetime(2024, 5, 1, 10)
    assert _rows(empty_lib) == [("ana", "reader", start, 1815), ("bob", "note", start, 1815)]


def test_merge_adds_only_the_periods_the_library_lacks(empty_lib: Library) -> None:
    pid = _setup(empty_lib)
    data = {"members": [{"name": "ana"}]}
    first = {"reading_time": [_period()]}
    with empty_lib.session() as s:
        restore_reading_time(s, s.get(Paper, pid), first, Members(s, data), fresh=True)
    later = _period(start="2024-05-02T10:00:00", end="2024-05-02T10:00:40")
    again = {"reading_time": [_period(end="2024-05-01T11:00:00"), later, later]}
    with empty_lib.session() as s:
        restore_reading_time(s, s.get(Paper, pid), again, Members(s, data), fresh=False)
    assert [(r[2].day, r[3]) for r in _rows(empty_lib)] == [(1, 1815), (2, 40)]


def test_periods_of_members_not_restored_are_left_out(empty_lib: Library) -> None:
    pid = _setup(empty_lib)
    with empty_lib.session() as s:
        members = Members(s, {"members": []})
        restore_reading_time(
            s, s.get(Paper, pid), {"reading_time": [_period()]}, members, fresh=True
        )
        restore_reading_time(s, s.get(Paper, pid), {}, members, fresh=True)
        assert members.unknown == {"ana"}
    assert _rows(empty_lib) == []
