"""The Team screen's SQL (storage/teamql.py) on SQLite and PostgreSQL: each member's reading
time since a day, the papers being read and those finished since, and the replication attempts
under way with who made them and their last run."""

from __future__ import annotations

from datetime import datetime, timedelta

from paperdesk.library import Library
from paperdesk.storage import teamql as sql
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Member, Reading, ReadingPeriod, ReproAttempt, Run, StateChange
from tests.services.progress_lib import paper_id

T0 = datetime(2024, 3, 4, 9, 0)


def _members(lib: Library) -> tuple[int, int, int]:
    with lib.session() as s:
        made = [Member(name=n, created_at=T0) for n in ("bea", "al", "cy")]
        s.add_all(made)
        s.flush()
        return made[0].id, made[1].id, made[2].id


def test_members_week(any_lib: Library) -> None:
    bea, al, _cy = _members(any_lib)
    pid = paper_id(any_lib, "1706.03762")
    with any_lib.session() as s:
        for member, day, seconds in [(bea, 0, 100), (bea, 3, 200), (al, 3, 50), (al, 4, 25)]:
            start = T0 + timedelta(days=day)
            s.add(
                ReadingPeriod(
                    paper_id=pid,
                    member_id=member,
                    view="note",
                    started_at=start,
                    ended_at=start + timedelta(seconds=seconds),
                    seconds=seconds,
                )
            )
    rows = SessionReader(any_lib).rows(sql.MEMBERS_WEEK, {"since": "2024-03-07"})
    assert [(name, int(secs)) for _, name, _, secs in rows] == [("al", 75), ("bea", 200), ("cy", 0)]


def test_member_papers(any_lib: Library) -> None:
    bea, al, _cy = _members(any_lib)
    vaswani, devlin, hu = (paper_id(any_lib, a) for a in ("1706.03762", "1810.04805", "2106.09685"))
    with any_lib.session() as s:
        s.add(Reading(member_id=bea, paper_id=vaswani, state="reading", updated_at=T0))
        s.add(Reading(member_id=al, paper_id=devlin, state="read", updated_at=T0))
        s.add(Reading(member_id=al, paper_id=hu, state="read", updated_at=T0 - timedelta(days=30)))
        s.add(Reading(member_id=bea, paper_id=hu, state="queued", updated_at=T0))
        for at in (T0 - timedelta(days=2), T0 - timedelta(hours=1)):  # read twice: the later
            s.add(
                StateChange(paper_id=devlin, track="reading", new_state="read", at=at, member_id=al)
            )
    rows = SessionReader(any_lib).rows(sql.MEMBER_PAPERS, {"since": "2024-03-01"})
    got = sorted(
        (name, key, state, str(at)[:13] if at else None) for name, key, _, _, state, at, _ in rows
    )
    assert got == [
        ("al", "devlin2018bert", "read", "2024-03-04 08"),
        ("bea", "vaswani2017attention", "reading", None),
    ]


def test_attempts_under_way(any_lib: Library) -> None:
    bea, _al, _cy = _members(any_lib)
    vaswani, devlin = paper_id(any_lib, "1706.03762"), paper_id(any_lib, "1810.04805")
    with any_lib.session() as s:
        a = ReproAttempt(paper_id=vaswani, status="running", created_by=bea, updated_at=T0)
        b = ReproAttempt(paper_id=devlin, status="planned", updated_at=T0 + timedelta(days=1))
        done = ReproAttempt(paper_id=devlin, number=2, status="reproduced", updated_at=T0)
        s.add_all([a, b, done])
        s.flush()
        for day in (1, 2):
            s.add(Run(attempt_id=a.id, ran_at=T0 + timedelta(days=day)))
    rows = SessionReader(any_lib).rows(sql.ATTEMPTS_ACTIVE)
    got = [
        (key, status, who, str(last)[:10] if last else None)
        for key, _, _, _, status, who, _, last in rows
    ]
    assert got == [
        ("devlin2018bert", "planned", None, None),  # the latest updated first
        ("vaswani2017attention", "running", "bea", "2024-03-06"),
    ]
