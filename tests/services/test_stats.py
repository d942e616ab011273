"""Progress over time from a recorded history (fixed timestamps, fixed today)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.members import ensure_member
from paperdesk.services.stats import progress, streaks
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Claim, ReadingPeriod, ReproAttempt, Run, RunResult
from tests.services.progress_lib import add_list, mark, paper_id

TODAY = date(2026, 12, 2)  # Wednesday of the week of Monday 30 November
A = [f"2103.{n:05d}" for n in range(1, 9)]
B = [f"2104.{n:05d}" for n in range(1, 4)]


@pytest.fixture
def history(empty_lib: Library) -> Library:
    add_list(empty_lib, "alpha", A)
    add_list(empty_lib, "beta", B)
    mark(empty_lib, A[0], "queued", datetime(2026, 10, 30, 12))
    mark(empty_lib, A[0], "read", datetime(2026, 11, 2, 12))  # queued 3 days before
    mark(empty_lib, A[1], "read", datetime(2026, 11, 2, 15))
    mark(empty_lib, A[2], "read", datetime(2026, 11, 3, 9))
    mark(empty_lib, A[3], "read", datetime(2026, 11, 16, 9))
    mark(empty_lib, B[0], "read", datetime(2026, 11, 23, 9))
    mark(empty_lib, B[1], "queued", datetime(2026, 11, 20, 0))
    mark(empty_lib, B[1], "read", datetime(2026, 12, 1, 0))  # queued 11 days before
    # read by mistake and unmarked: not counted
    mark(empty_lib, A[4], "read", datetime(2026, 11, 9, 9))
    mark(empty_lib, A[4], "unread", datetime(2026, 11, 9, 10))
    # read, re-read, read again: counted once, at the last time
    mark(empty_lib, A[5], "read", datetime(2026, 10, 1, 9))
    mark(empty_lib, A[5], "reading", datetime(2026, 11, 17, 9))
    mark(empty_lib, A[5], "read", datetime(2026, 11, 18, 9))
    with empty_lib.session() as s:
        pid = paper_id(empty_lib, A[0])
        s.add(ReproAttempt(paper_id=pid, number=1, created_at=datetime(2026, 11, 10, 8)))
        claim = Claim(paper_id=pid, label="bleu", metric="BLEU", value=28.4)
        s.add(claim)
        s.flush()
        attempt = s.query(ReproAttempt).one()
        early = Run(attempt_id=attempt.id, ran_at=datetime(2026, 11, 12, 8))
        late = Run(attempt_id=attempt.id, ran_at=datetime(2026, 11, 25, 8))
        s.add_all([early, late])
        s.flush()
        s.add(RunResult(run_id=early.id, claim_id=claim.id, value=20.0))  # far off
        s.add(RunResult(run_id=late.id, claim_id=claim.id, value=28.3))  # within 1%
    return empty_lib


def test_weekly_counts_cumulative_and_per_list(history: Library) -> None:
    r = progress(SessionReader(history), today=TODAY, min_weeks=1)
    assert [(w.start.isoformat(), w.read) for w in r.weeks] == [
        ("2026-11-02", 3),
        ("2026-11-09", 0),
        ("2026-11-16", 2),
        ("2026-11-23", 1),
        ("2026-11-30", 1),
    ]
    assert [w.cumulative for w in r.weeks] == [3, 3, 5, 6, 7]
    assert (r.read, r.read_undated, r.papers) == (7, 0, 11)
    curves = {c.name: c for c in r.lists}
    assert curves["alpha"].cumulative == [3, 3, 5, 5, 5] and curves["alpha"].read == 5
    assert curves["beta"].cumulative == [0, 0, 0, 1, 2] and curves["beta"].total == 3


def test_streaks_and_queued_to_read(history: Library) -> None:
    r = progress(SessionReader(history), today=TODAY, min_weeks=1)
    # days 2-3 Nov are the longest run; 1 Dec was yesterday, so one day is current; weeks of
    # 16, 23 and 30 Nov are three in a row up to this one
    assert (r.streaks.longest_days, r.streaks.current_days) == (2, 1)
    assert (r.streaks.longest_weeks, r.streaks.current_weeks) == (3, 3)
    q = r.queued_to_read
    assert (q.count, q.median_days, q.mean_days, q.longest_days) == (2, 7.0, 7.0, 11.0)


def test_replication_over_time(history: Library) -> None:
    r = progress(SessionReader(history), today=TODAY, min_weeks=1)
    assert [w.attempts for w in r.weeks] == [0, 1, 0, 0, 0]
    assert [w.claims_met for w in r.weeks] == [0, 0, 0, 1, 1]  # met on 25 Nov, not on 12 Nov
    assert (r.attempts, r.claims, r.claims_met) == (1, 1, 1)


def test_one_list_and_since(history: Library) -> None:
    r = progress(SessionReader(history), list_name="beta", today=TODAY, min_weeks=1)
    assert [w.read for w in r.weeks] == [1, 1] and r.papers == 3
    assert [c.name for c in r.lists] == ["beta"]
    r = progress(SessionReader(history), since=date(2026, 11, 16), today=TODAY)
    assert r.weeks[0].start == date(2026, 11, 16)
    assert r.weeks[0].cumulative == 5  # what was read before counts in the running total
    with pytest.raises(NotFoundError):
        progress(SessionReader(history), list_name="gamma")


def test_min_weeks_pads_an_empty_history(empty_lib: Library) -> None:
    r = progress(SessionReader(empty_lib), today=TODAY)
    assert len(r.weeks) == 8 and all(w.read == 0 for w in r.weeks)
    assert r.weeks[-1].start == date(2026, 11, 30)
    assert r.to_json()["streaks"]["longest_days"] == 0


def test_streak_edges() -> None:
    s = streaks([date(2026, 11, 20), date(2026, 11, 21)], TODAY)
    assert (s.current_days, s.longest_days) == (0, 2)  # ended more than a day ago
    assert (s.current_weeks, s.longest_weeks) == (0, 1)  # last week was 16 Nov, not 23 Nov


def _since_history(lib: Library) -> None:
    add_list(lib, "alpha", A[:4])
    mark(lib, A[0], "queued", datetime(2026, 10, 30, 12))
    mark(lib, A[0], "read", datetime(2026, 11, 2, 12))
    mark(lib, A[1], "queued", datetime(2026, 11, 17, 12))
    mark(lib, A[1], "read", datetime(2026, 11, 18, 12))
    mark(lib, A[2], "read", datetime(2026, 11, 19, 9))
    with lib.session() as s:
        pid = paper_id(lib, A[0])
        s.add(ReproAttempt(paper_id=pid, number=1, created_at=datetime(2026, 11, 4, 8)))
        s.add(ReproAttempt(paper_id=pid, number=2, created_at=datetime(2026, 11, 20, 8)))
        s.add(
            ReadingPeriod(
                paper_id=pid,
                member_id=ensure_member(s).id,
                view="reader",
                started_at=datetime(2026, 11, 3, 9),
                ended_at=datetime(2026, 11, 3, 10),
                seconds=3600,
            )
        )
        s.add(
            ReadingPeriod(
                paper_id=pid,
                member_id=ensure_member(s).id,
                view="note",
                started_at=datetime(2026, 11, 19, 9),
                ended_at=datetime(2026, 11, 19, 9, 10),
                seconds=600,
            )
        )


def test_since_filters_every_section(any_lib: Library) -> None:
    _since_history(any_lib)
    r = progress(SessionReader(any_lib), since=date(2026, 11, 18), today=TODAY)
    assert [(w.start, w.read, w.cumulative) for w in r.weeks] == [
        (date(2026, 11, 16), 2, 3),  # 2 on or after the 18th; the running total counts the 2nd
        (date(2026, 11, 23), 0, 3),
        (date(2026, 11, 30), 0, 3),
    ]
    assert r.read_since == 2 and r.read == 3
    assert (r.attempts, [w.attempts for w in r.weeks]) == (1, [1, 0, 0])
    assert r.queued_to_read.count == 1 and r.queued_to_read.median_days == 1.0
    assert (r.streaks.longest_days, r.streaks.longest_weeks) == (2, 1)
    assert r.time.seconds == 600 and r.time.by_view == {"note": 600}
    assert [w.seconds for w in r.weeks] == [600, 0, 0]


def test_since_after_today_counts_nothing(any_lib: Library) -> None:
    _since_history(any_lib)
    r = progress(SessionReader(any_lib), since=date(2030, 1, 1), today=TODAY)
    assert r.weeks == [] and r.read_since == 0 and r.read == 3
    assert (r.attempts, r.claims_met, r.queued_to_read.count, r.time.seconds) == (0, 0, 0, 0)
    assert r.streaks == streaks([], TODAY)
    data = r.to_json()
    assert data["weeks"] == [] and data["since"] == "2030-01-01" and data["read_since"] == 0


def test_claims_count_only_papers_with_an_attempt(any_lib: Library) -> None:
    """The seeded lists bring claims for papers nobody replicates: those are "untried", not
    part of the claims being reproduced."""
    from sqlalchemy import func, select

    from paperdesk.services.replication import new_attempt
    from paperdesk.storage.repository import find_paper

    with any_lib.session() as s:
        seeded = s.scalar(select(func.count()).select_from(Claim)) or 0
        attention = find_paper(s, "1706.03762").id
        own = s.scalar(select(func.count()).where(Claim.paper_id == attention)) or 0
    assert seeded > own > 0
    r = progress(SessionReader(any_lib), today=TODAY)
    assert (r.attempts, r.claims, r.claims_untried) == (0, 0, seeded)
    new_attempt(any_lib, "1706.03762")
    r = progress(SessionReader(any_lib), today=date.today())
    assert (r.attempts, r.claims, r.claims_met, r.claims_untried) == (1, own, 0, seeded - own)
    assert r.to_json()["replication"] == {
        "attempts": 1,
        "claims": own,
        "claims_met": 0,
        "claims_untried": seeded - own,
    }
    r = progress(SessionReader(any_lib), list_name="pretrained-lms", today=date.today())
    assert r.claims == 0 and r.attempts == 0  # the attempt is on another list's paper
