"""``paperdesk stats`` (and the TUI's Progress screen): progress over time, all from the
history the library already keeps (``state_changes``, replication attempts, runs and results),
and the time spent in the TUI's reading view and note editor (:mod:`.reading_time`).

A paper counts as read at the time it last entered the ``read`` state, so one read, unmarked
by mistake and read again counts once. Weeks start on Monday (UTC days, see
:mod:`paperdesk.dates`); every week from the first event (or ``since``) to ``today`` has a row,
empty weeks included, so charts have an even time axis.

``since`` filters every section: only what happened on or after that day is counted (reads,
streaks, queued-to-read times, attempts, claims met, reading time); the running totals
(``cumulative``) still start from what was read before it. A ``since`` after ``today`` leaves
no week and nothing counted.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from paperdesk.dates import iso_day, stored_time, week_start
from paperdesk.dates import today as utc_today
from paperdesk.replication import WITHIN, verdict
from paperdesk.services.reading_time import TimeSpent, time_spent
from paperdesk.services.roadmap import check_list, load_lists
from paperdesk.storage import progressql as sql
from paperdesk.storage.fastread import Reader


@dataclass(frozen=True)
class WeekRow:
    start: date  # the Monday
    read: int
    cumulative: int  # read by the end of the week (everything before included)
    attempts: int  # replication attempts started that week
    claims_met: int  # claims with a result within tolerance by the end of the week
    seconds: int = 0  # time spent in the reading view and note editor that week


@dataclass(frozen=True)
class ListCurve:
    name: str
    total: int
    read: int  # read now (dated or not)
    cumulative: list[int]  # read by the end of each week of the report (dated reads)


@dataclass(frozen=True)
class Streaks:
    """Consecutive days (weeks) with at least one paper read; current ones end today (this
    week) or, when nothing is read yet today (this week), yesterday (last week)."""

    current_days: int = 0
    longest_days: int = 0
    current_weeks: int = 0
    longest_weeks: int = 0


@dataclass(frozen=True)
class QueueTimes:
    """Days from queued to read, over the read papers that were queued first."""

    count: int = 0
    median_days: float | None = None
    mean_days: float | None = None
    longest_days: float | None = None


@dataclass(frozen=True)
class StatsReport:
    today: date
    list_name: str | None
    since: date | None
    weeks: list[WeekRow]
    lists: list[ListCurve]
    streaks: Streaks
    queued_to_read: QueueTimes
    read: int  # papers read now, in scope
    read_undated: int  # of those, read with no history row (e.g. an old backup)
    papers: int  # papers in scope
    attempts: int  # started on or after ``since``
    claims: int  # claims of the papers in scope with a replication attempt (at any time)
    claims_met: int  # first met on or after ``since``
    # claims of the papers in scope nobody has tried yet (most come with the seeded lists)
    claims_untried: int = 0
    read_days: list[date] = field(default_factory=list)  # on or after ``since``
    time: TimeSpent = field(default_factory=TimeSpent)

    @property
    def read_since(self) -> int:
        """Papers read (with a date) on or after ``since``, or in all without it."""
        return len(self.read_days)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": iso_day(self.today),
            "list": self.list_name,
            "since": iso_day(self.since),
            "papers": self.papers,
            "read": self.read,
            "read_undated": self.read_undated,
            "read_since": self.read_since,
            "weeks": [
                {
                    "week": iso_day(w.start),
                    "read": w.read,
                    "cumulative": w.cumulative,
                    "attempts": w.attempts,
                    "claims_met": w.claims_met,
                    "seconds": w.seconds,
                }
                for w in self.weeks
            ],
            "lists": [
                {"name": c.name, "total": c.total, "read": c.read, "cumulative": c.cumulative}
                for c in self.lists
            ],
            "streaks": {
                "current_days": self.streaks.current_days,
                "longest_days": self.streaks.longest_days,
                "current_weeks": self.streaks.current_weeks,
                "longest_weeks": self.streaks.longest_weeks,
            },
            "queued_to_read": {
                "count": self.queued_to_read.count,
                "median_days": self.queued_to_read.median_days,
                "mean_days": self.queued_to_read.mean_days,
                "longest_days": self.queued_to_read.longest_days,
            },
            "replication": {
                "attempts": self.attempts,
                "claims": self.claims,
                "claims_met": self.claims_met,
                "claims_untried": self.claims_untried,
            },
            "time": self.time.to_json(),
        }


def _runs(days: list[date], step: timedelta) -> tuple[int, int, date | None]:
    """(longest run, last run's length, last run's end) of consecutive ``days`` (sorted,
    distinct) spaced by ``step``."""
    longest = run = 0
    prev: date | None = None
    for d in days:
        run = run + 1 if prev is not None and d - prev == step else 1
        longest = max(longest, run)
        prev = d
    return longest, run, prev


def streaks(read_days: list[date], today: date) -> Streaks:
    days = sorted(set(read_days))
    weeks = sorted({week_start(d) for d in days})
    longest_d, last_d, end_d = _runs(days, timedelta(days=1))
    longest_w, last_w, end_w = _runs(weeks, timedelta(days=7))
    this_week = week_start(today)
    alive_d = end_d is not None and (today - end_d).days <= 1
    alive_w = end_w is not None and (this_week - end_w).days <= 7
    return Streaks(
        current_days=last_d if alive_d else 0,
        longest_days=longest_d,
        current_weeks=last_w if alive_w else 0,
        longest_weeks=longest_w,
    )


def _queue_times(durations: list[float]) -> QueueTimes:
    if not durations:
        return QueueTimes()
    return QueueTimes(
        count=len(durations),
        median_days=round(statistics.median(durations), 1),
        mean_days=round(statistics.fmean(durations), 1),
        longest_days=round(max(durations), 1),
    )


class _All:
    """Every paper (the scope of stats without --list)."""

    def __contains__(self, pid: object) -> bool:
        return True


def progress(
    reader: Reader,
    *,
    list_name: str | None = None,
    since: date | None = None,
    today: date | None = None,
    min_weeks: int = 8,
) -> StatsReport:
    """Progress over time for the whole library, or for the papers of ``list_name``. Without
    ``since`` the weeks reach back at least ``min_weeks`` (a first week is not a lone bar)."""
    day = today or utc_today()
    lists = load_lists(reader)
    check_list(lists, list_name)
    members: dict[str, set[int]] = {x.name: set() for x in lists}
    for name, pid in reader.rows(sql.LIST_MEMBERS):
        members[name].add(pid)
    mine = {"member": reader.member()}
    finished = reader.rows(sql.FINISHED_AT, mine)
    read_now = {pid for pid, state, _ in finished if state == "read"}
    if list_name:
        scope: set[int] | _All = members[list_name]
        n_papers = len(members[list_name])
    else:
        scope = _All()
        ((n_papers,),) = reader.rows(sql.PAPER_COUNT)

    def counted(d: date) -> bool:
        return since is None or d >= since

    read_at: dict[int, datetime] = {}
    for pid, state, at in finished:
        if state == "read" and at is not None and pid in scope:
            read_at[pid] = stored_time(at)
    n_read = len(read_now) if isinstance(scope, _All) else len(read_now & scope)

    waits: list[float] = []
    queued: dict[int, datetime] = {}
    for pid, at in reader.rows(sql.QUEUED, mine):
        if pid in read_at and counted(read_at[pid].date()):
            t = stored_time(at)
            if t <= read_at[pid] and (pid not in queued or t > queued[pid]):
                queued[pid] = t
    for pid, t in queued.items():
        waits.append((read_at[pid] - t).total_seconds() / 86400)

    attempted: set[int] = set()
    attempt_days = []
    for pid, at in reader.rows(sql.ATTEMPTS):
        if pid in scope:
            attempted.add(pid)
            if counted(d := stored_time(at).date()):
                attempt_days.append(d)
    # the claims being replicated: those of papers with an attempt, not every claim a seeded
    # list brought for papers nobody is reproducing
    in_scope = [(cid, pid) for cid, pid in reader.rows(sql.CLAIMS) if pid in scope]
    claims = {cid for cid, pid in in_scope if pid in attempted}
    met_at: dict[int, date] = {}
    for cid, _pid, claimed, higher, tol, obtained, ran_at in reader.rows(sql.RESULTS):
        new = cid in claims and cid not in met_at
        if new and verdict(claimed, obtained, bool(higher), tol) == WITHIN:
            met_at[cid] = stored_time(ran_at).date()

    all_read_days = sorted(t.date() for t in read_at.values())
    read_days = [d for d in all_read_days if counted(d)]
    met_days = sorted(d for d in met_at.values() if counted(d))
    if since is None:  # reach back far enough for a chart; --since is taken as given
        events = read_days + attempt_days + met_days
        first = min(min(events, default=day), day - timedelta(days=7 * (max(min_weeks, 1) - 1)))
    else:
        first = since
    origin = week_start(first)
    weeks_axis: list[date] = []
    w = origin
    while w <= week_start(day):
        weeks_axis.append(w)
        w += timedelta(days=7)

    def per_week(days: list[date]) -> tuple[list[int], int]:
        """Counts per week of the axis of the ``days`` counted, and how many fall before it
        (before ``since``, or before the first week)."""
        c = Counter(week_start(d) for d in days if counted(d))
        before = sum(1 for d in days if not counted(d)) + sum(
            n for wk, n in c.items() if wk < origin
        )
        return [c.get(wk, 0) for wk in weeks_axis], before

    reads, reads_before = per_week(all_read_days)
    cum_read = [reads_before + x for x in accumulate(reads)]
    tries, _ = per_week(attempt_days)
    met, met_before = per_week(sorted(met_at.values()))
    cum_met = [met_before + x for x in accumulate(met)]
    spent = time_spent(
        reader,
        list_name=list_name,
        scope=None if isinstance(scope, _All) else scope,
        members={n: pids for n, pids in members.items() if list_name in (None, n)},
        weeks=weeks_axis,
        since=since,
    )
    weeks = [
        WeekRow(start=wk, read=r, cumulative=c, attempts=a, claims_met=m, seconds=t)
        for wk, r, c, a, m, t in zip(
            weeks_axis, reads, cum_read, tries, cum_met, spent.weeks, strict=True
        )
    ]

    curves = []
    for x in lists:
        if list_name is not None and x.name != list_name:
            continue
        pids = members[x.name]
        counts, before = per_week(sorted(read_at[p].date() for p in pids if p in read_at))
        curves.append(
            ListCurve(
                name=x.name,
                total=len(pids),
                read=len(pids & read_now),
                cumulative=[before + v for v in accumulate(counts)],
            )
        )
    return StatsReport(
        today=day,
        list_name=list_name,
        since=since,
        weeks=weeks,
        lists=curves,
        streaks=streaks(read_days, day),
        queued_to_read=_queue_times(waits),
        read=n_read,
        read_undated=n_read - len(read_at),
        papers=int(n_papers or 0),
        attempts=len(attempt_days),
        claims=len(claims),
        claims_met=len(met_days),
        claims_untried=len(in_scope) - len(claims),
        read_days=read_days,
        time=spent,
    )
