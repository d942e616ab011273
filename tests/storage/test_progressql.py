"""The roadmap, plan and stats SQL (storage/progressql.py) on SQLite and PostgreSQL: lists in
roadmap order, when each paper was finished (its latest change into the state, mine only),
when papers now read were queued, and reading time per day since a date."""

from __future__ import annotations

from datetime import datetime, timedelta

from paperdesk.library import Library
from paperdesk.storage import progressql as sql
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Member, Reading, ReadingPeriod, StateChange
from tests.services.progress_lib import add_list, mark, paper_id

T0 = datetime(2024, 3, 4, 9, 0)


def test_lists_in_roadmap_order(any_lib: Library) -> None:
    add_list(any_lib, "zz-unplaced", ["2101.00001"])
    r = SessionReader(any_lib)
    names = [name for _, name, _ in r.rows(sql.LISTS)]
    assert names[-1] == "zz-unplaced"  # a list without a roadmap position comes last
    from paperdesk.storage.models import ReadingList

    with any_lib.session() as s:
        placed = sorted(
            (x.position, x.id, x.name) for x in s.query(ReadingList) if x.position is not None
        )
    assert names[: len(placed)] == [n for _, _, n in placed]


def test_finished_at_is_the_latest_change_into_the_state(any_lib: Library) -> None:
    mark(any_lib, "1706.03762", "read", T0)
    mark(any_lib, "1706.03762", "unread", T0 + timedelta(days=1))  # unmarked by mistake
    mark(any_lib, "1706.03762", "read", T0 + timedelta(days=2))
    mark(any_lib, "1810.04805", "queued", T0)
    mark(any_lib, "1810.04805", "read", T0 + timedelta(days=5))
    mark(any_lib, "2106.09685", "skimmed", T0 + timedelta(days=3))
    mark(any_lib, "2005.14165", "queued", T0)  # queued, not read: not in QUEUED
    vaswani, devlin, hu = (paper_id(any_lib, a) for a in ("1706.03762", "1810.04805", "2106.09685"))
    # another member's history counts for nobody else
    with any_lib.session() as s:
        other = Member(name="zed-other", created_at=T0)
        s.add(other)
        s.flush()
        s.add(Reading(member_id=other.id, paper_id=hu, state="read"))
        s.add(
            StateChange(
                paper_id=vaswani,
                track="reading",
                old_state="read",
                new_state="read",
                at=T0 + timedelta(days=9),
                member_id=other.id,
            )
        )
    r = SessionReader(any_lib)
    me = {"member": r.member()}
    finished = {pid: (state, str(at)[:10]) for pid, state, at in r.rows(sql.FINISHED_AT, me)}
    assert finished == {
        vaswani: ("read", "2024-03-06"),
        devlin: ("read", "2024-03-09"),
        hu: ("skimmed", "2024-03-07"),
    }
    assert [(pid, str(at)[:10]) for pid, at in r.rows(sql.QUEUED, me)] == [(devlin, "2024-03-04")]
    assert r.rows(sql.FINISHED_AT, {"member": -1}) == []


def test_reading_time_per_day_and_in_a_list(any_lib: Library) -> None:
    add_list(any_lib, "mine", ["1706.03762"])
    mark(any_lib, "1810.04805", "reading", T0)  # makes me a member
    r = SessionReader(any_lib)
    me = r.member()
    vaswani, devlin = paper_id(any_lib, "1706.03762"), paper_id(any_lib, "1810.04805")
    with any_lib.session() as s:
        for pid, day, seconds in [(vaswani, 0, 600), (vaswani, 1, 300), (devlin, 1, 120)]:
            start = T0 + timedelta(days=day)
            s.add(
                ReadingPeriod(
                    paper_id=pid,
                    member_id=me,
                    view="reader",
                    started_at=start,
                    ended_at=start + timedelta(seconds=seconds),
                    seconds=seconds,
                )
            )
    everything = sql.READING_DAYS.format(scope="1 = 1")
    days = {str(d)[:10]: int(n) for d, n in r.rows(everything, {"member": me})}
    assert days == {"2024-03-04": 600, "2024-03-05": 420}
    in_list = sql.READING_DAYS.format(scope=sql.IN_LIST)
    days = {str(d)[:10]: int(n) for d, n in r.rows(in_list, {"member": me, "list": "mine"})}
    assert days == {"2024-03-04": 600, "2024-03-05": 300}
    since = sql.READING_DAYS.format(scope=sql.STARTED_SINCE)
    days = {str(d)[:10]: int(n) for d, n in r.rows(since, {"member": me, "since": "2024-03-05"})}
    assert days == {"2024-03-05": 420}
    periods = r.rows(sql.READING_TIME, {"member": me})
    assert sorted(x[2] for x in periods if x[0] == vaswani) == [300, 600]
    assert {x[1] for x in periods} == {"reader"}
    assert r.rows(sql.READING_TIME, {"member": -1}) == []
    names = r.rows(sql.PAPER_NAMES % f"{vaswani},{devlin}")
    assert sorted(k for _, k, _, _ in names) == ["devlin2018bert", "vaswani2017attention"]
