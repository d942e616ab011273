"""Study plans: a pace for a list (``paperdesk plan LIST --pace 3/week``) and how each plan is
going (``paperdesk plan``).

A plan covers the papers of its list that were not finished when it started: at midnight (UTC)
of its start day, or, for a plan set on its start day (the default, today), at the moment it was
set, so a paper read that morning is not part of it. Done = read or skimmed since then (the time
it entered that state, from the history); a dropped paper
leaves the plan. The papers left are due in the order of ``paperdesk next`` over the plan's
calendar (:mod:`paperdesk.pacing`), re-planned from today, so reading or dropping a paper moves
every later date. Nothing about progress is stored: it is computed from the reading history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from paperdesk.dates import (
    format_weekdays,
    iso_day,
    parse_date,
    parse_weekdays,
    short_day,
    stored_day,
    stored_time,
    week_start,
)
from paperdesk.dates import (
    today as utc_today,
)
from paperdesk.errors import NotFoundError, StateError
from paperdesk.pacing import Pace, parse_pace
from paperdesk.roadmap import order_next
from paperdesk.services.roadmap import RoadmapRows, load_roadmap, read_rows
from paperdesk.storage import progressql as sql
from paperdesk.storage.fastread import Reader

if TYPE_CHECKING:
    from paperdesk.library import Library

FINISHED = ("read", "skimmed")


@dataclass(frozen=True)
class PlannedPaper:
    id: str
    label: str
    title: str
    due: date


@dataclass(frozen=True)
class PlanStatus:
    list_name: str
    title: str
    pace: int
    start: date
    days: tuple[int, ...]
    total: int  # papers the plan covers
    done: int  # of those, read or skimmed since the start
    expected: int  # papers due before today
    left: list[PlannedPaper]  # still to read, in order, with their re-planned due days
    due_this_week: list[PlannedPaper]
    planned_finish: date | None  # when the plan, as set, ends
    projected_finish: date | None  # at the pace from today on (or the day the last was read)
    today: date

    @property
    def behind(self) -> int:
        """Papers behind the plan (negative: ahead of it)."""
        return min(self.expected, self.total) - self.done

    @property
    def finished(self) -> bool:
        return bool(self.total) and self.done >= self.total

    @property
    def status(self) -> str:
        if self.finished:
            return "finished"
        if self.today < self.start:
            return "not started"
        if self.behind > 0:
            return f"behind by {self.behind} paper{'s' if self.behind != 1 else ''}"
        if self.behind < 0:
            return f"ahead by {-self.behind} paper{'s' if self.behind != -1 else ''}"
        return "on track"

    @property
    def short(self) -> str:
        """The status in a few characters, for narrow places (the TUI's lists panel):
        ``behind 2``, ``ahead 1``, ``on track``, ``finished``, ``starts Mon 7 Dec``."""
        if self.finished:
            return "finished"
        if self.today < self.start:
            return f"starts {short_day(self.start, ref=self.today)}"
        if self.behind:
            return f"behind {self.behind}" if self.behind > 0 else f"ahead {-self.behind}"
        return "on track"

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "title": self.title,
            "pace": self.pace,
            "start": iso_day(self.start),
            "days": format_weekdays(self.days),
            "total": self.total,
            "done": self.done,
            "expected": min(self.expected, self.total),
            "behind": self.behind,
            "status": self.status,
            "planned_finish": iso_day(self.planned_finish),
            "projected_finish": iso_day(self.projected_finish),
            "due_this_week": [_paper_json(p) for p in self.due_this_week],
            "left": [_paper_json(p) for p in self.left],
        }


def _paper_json(p: PlannedPaper) -> dict[str, Any]:
    return {"id": p.id, "label": p.label, "title": p.title, "due": iso_day(p.due)}


@dataclass(frozen=True)
class PlanReport:
    plans: list[PlanStatus] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"plans": [p.to_json() for p in self.plans]}


@dataclass(frozen=True)
class PlanDue:
    """When a paper still to read is due in a plan."""

    list_name: str
    due: date


@dataclass(frozen=True)
class PlanMarks:
    """What the TUI shows of the plans beside the lists and papers: each planned list's
    status, and for every paper still to read in a plan, when it is due (earliest first)."""

    plans: dict[str, PlanStatus] = field(default_factory=dict)  # list name → status
    due: dict[str, list[PlanDue]] = field(default_factory=dict)  # paper key → its due days

    @classmethod
    def of(cls, report: PlanReport) -> PlanMarks:
        due: dict[str, list[PlanDue]] = {}
        for p in report.plans:
            for x in p.left:
                due.setdefault(x.id, []).append(PlanDue(p.list_name, x.due))
        for marks in due.values():
            marks.sort(key=lambda m: (m.due, m.list_name))
        return cls({p.list_name: p for p in report.plans}, due)


def set_plan(
    lib: Library,
    list_name: str,
    pace: str | int | None,
    *,
    start: str | date | None = None,
    days: str | None = None,
    today: date | None = None,
) -> None:
    """Create or change the plan of ``list_name``. A new plan needs a pace and starts today
    unless told; changing one keeps what is not given."""
    from sqlalchemy import select

    from paperdesk.members import ensure_member
    from paperdesk.storage.db import lock_row
    from paperdesk.storage.models import ReadingList, StudyPlan, utcnow_precise

    n = parse_pace(pace) if pace is not None else None
    begin = parse_date(start, "--start", now=today) if start is not None else None
    weekdays = parse_weekdays(days) if days is not None else None
    with lib.session() as s:
        rl = s.scalar(select(ReadingList).where(ReadingList.name == list_name))
        if rl is None:
            from paperdesk.closest import unknown_list

            raise unknown_list(list_name, sorted(s.scalars(select(ReadingList.name))))
        member = ensure_member(s)  # before any row lock: see replication_hook.lock_record
        lock_row(s, rl)  # two processes setting the plan at once: one creates, one changes
        plan = s.scalar(
            select(StudyPlan).where(StudyPlan.list_id == rl.id, StudyPlan.member_id == member.id)
        )
        if plan is None:
            if n is None:
                raise StateError(f"{list_name} has no plan yet: give a pace, e.g. --pace 3/week")
            # to the microsecond, as the reading history is: a paper marked read the same second
            # before the plan was set is not part of it
            plan = StudyPlan(
                list_id=rl.id,
                member_id=member.id,
                pace=n,
                start=begin or today or utc_today(),
                created_at=utcnow_precise(),
            )
            s.add(plan)
        if n is not None:
            plan.pace = n
        if begin is not None:
            plan.start = begin
        if weekdays is not None:
            plan.days = None if weekdays == tuple(range(7)) else format_weekdays(weekdays)


def clear_plan(lib: Library, list_name: str) -> bool:
    """Remove my plan of ``list_name``; False if I had none."""
    from sqlalchemy import delete, select

    from paperdesk.members import member_id_for_read
    from paperdesk.storage.db import changed
    from paperdesk.storage.models import ReadingList, StudyPlan

    with lib.session() as s:
        list_id = s.scalar(select(ReadingList.id).where(ReadingList.name == list_name))
        if list_id is None:
            raise NotFoundError(f"no reading list {list_name!r}")
        mine = delete(StudyPlan).where(
            StudyPlan.list_id == list_id, StudyPlan.member_id == member_id_for_read(s)
        )
        return bool(changed(s, mine))


def _finished_at(reader: Reader) -> dict[int, datetime]:
    """paper id → when it entered its current state, for read and skimmed papers."""
    return {
        pid: stored_time(at)
        for pid, state, at in reader.rows(sql.FINISHED_AT, {"member": reader.member()})
        if state in FINISHED and at is not None
    }


def plan_status(
    reader: Reader, *, list_name: str | None = None, today: date | None = None
) -> PlanReport:
    """Every plan (or the plan of ``list_name``), as of ``today`` (default: today, UTC)."""
    day = today or utc_today()
    rows = reader.rows(sql.PLANS, {"member": reader.member()})
    if list_name is not None:
        rows = [r for r in rows if r[0] == list_name]
        if not rows:
            load_roadmap(reader, list_name)  # raises when there is no such list
            raise NotFoundError(
                f"{list_name} has no plan: set one with 'paperdesk plan {list_name} --pace 3/week'"
            )
    finished = _finished_at(reader) if rows else {}
    data = read_rows(reader) if rows else None
    out = []
    for name, title, pace_n, start_raw, days_raw, created_raw in rows:
        start = stored_day(start_raw)
        pace = Pace(int(pace_n), start, parse_weekdays(days_raw))
        begin = _began(start, stored_time(created_raw) if created_raw is not None else None)
        road = load_roadmap(reader, name, data=data)
        ordered = order_next(road.candidates, road.cites)
        list_id = next(x.id for x in road.lists if x.name == name)
        list_ids = {pid for lid, pid, *_ in _entries_of(data, list_id)}
        # finished since the start; a paper finished earlier (or at an unknown time) is not
        # part of the plan
        done_at = [finished[pid] for pid in list_ids if pid in finished and finished[pid] >= begin]
        done = len(done_at)
        dues = pace.replan(len(ordered), day)
        left = [
            PlannedPaper(id=p.paper.key, label=p.paper.label, title=p.paper.title, due=due)
            for p, due in zip(ordered, dues, strict=True)
        ]
        total = done + len(left)
        week_end = week_start(day) + timedelta(days=6)
        out.append(
            PlanStatus(
                list_name=name,
                title=title,
                pace=pace.pace,
                start=start,
                days=pace.days,
                total=total,
                done=done,
                expected=pace.due_before(day),
                left=left,
                due_this_week=[p for p in left if p.due <= week_end],
                planned_finish=pace.due(total - 1) if total else None,
                projected_finish=left[-1].due if left else _last_day(done_at),
                today=day,
            )
        )
    return PlanReport(out)


def _began(start: date, created: datetime | None) -> datetime:
    """When a plan began: midnight of its start day, or the moment it was set if that was on
    its start day (a paper finished earlier that day was not left to read when it started)."""
    midnight = datetime(start.year, start.month, start.day)
    if created is not None and created.date() == start:
        return max(midnight, created)
    return midnight


def _last_day(times: list[datetime]) -> date | None:
    return stored_day(max(times)) if times else None


def _entries_of(data: RoadmapRows | None, list_id: int) -> list[tuple[Any, ...]]:
    return [row for row in (data.entries if data else []) if row[0] == list_id]
