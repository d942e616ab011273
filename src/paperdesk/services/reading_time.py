"""Reading time (issue 13): when a paper's reading view or note editor is open and in use.

:class:`ActiveTime` turns what a view sees (opened, a key or mouse event, a blur, closed) into
periods with a start and an end, idle time excluded: when nothing happens for ``idle`` (default
five minutes, ``reading_idle_minutes``), the period ends at the last event, and the next event
starts a new one. It takes the clock it is given (tests drive it by hand) and does no I/O;
:func:`record` writes one closed period in its own short transaction, so a killed TUI loses at
most the period still open. :func:`time_spent` sums the periods for ``paperdesk stats``.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from paperdesk.dates import week_start
from paperdesk.storage import progressql as sql
from paperdesk.storage.fastread import Reader

if TYPE_CHECKING:
    from paperdesk.library import Library

VIEWS = ("reader", "note")
DEFAULT_IDLE = timedelta(minutes=5)
MIN_SECONDS = 1  # shorter periods (a view opened and closed at once) are not recorded
TOP_PAPERS = 10


def utc_now() -> datetime:
    """Naive UTC, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Period:
    key: str  # the paper's key
    view: str  # "reader" or "note"
    start: datetime
    end: datetime

    @property
    def seconds(self) -> int:
        return round((self.end - self.start).total_seconds())


class ActiveTime:
    """The periods one view of one paper is in use. Each method returns the period it
    closed, if any (the caller records it)."""

    def __init__(
        self,
        key: str,
        view: str,
        *,
        idle: timedelta = DEFAULT_IDLE,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
        self.key, self.view, self.idle, self.clock = key, view, idle, clock
        self.start: datetime | None = None  # of the open period
        self.last: datetime | None = None  # the last sign of use in it

    @property
    def open(self) -> bool:
        return self.start is not None

    def begin(self) -> Period | None:
        """The view is shown (opened, or back on top, or the terminal has focus again)."""
        now = self.clock()
        closed = self._close(now) if self.open else None
        self.start = self.last = now
        return closed

    def activity(self) -> Period | None:
        """A key or mouse event: the period goes on, or (after an idle pause) a new one
        starts now and the old one is returned, ended at its last event."""
        now = self.clock()
        closed = None
        if self.open and self.last is not None and now - self.last >= self.idle:
            closed = self._close(now)
        if not self.open:
            self.start = now
        self.last = now
        return closed

    def tick(self) -> Period | None:
        """Called now and then: ends the period at its last event once idle for ``idle``."""
        now = self.clock()
        if self.open and self.last is not None and now - self.last >= self.idle:
            return self._close(now)
        return None

    def end(self) -> Period | None:
        """The view is hidden (closed, covered by another screen, blurred, suspended)."""
        return self._close(self.clock()) if self.open else None

    def _close(self, now: datetime) -> Period | None:
        start, last = self.start, self.last
        self.start = self.last = None
        if start is None or last is None:
            return None
        stop = last if now - last >= self.idle else now
        period = Period(self.key, self.view, start, max(start, stop))
        return period if period.seconds >= MIN_SECONDS else None


def record(lib: Library, period: Period) -> None:
    """Store one closed period of mine (its own short transaction). A paper removed
    meanwhile is skipped: its time goes with it."""
    from paperdesk.errors import NotFoundError
    from paperdesk.members import ensure_member
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import ReadingPeriod

    with lib.session() as s:
        try:
            paper = repo.find_paper(s, period.key)
        except NotFoundError:
            return
        s.add(
            ReadingPeriod(
                paper_id=paper.id,
                member_id=ensure_member(s).id,
                view=period.view,
                started_at=period.start.replace(microsecond=0),
                ended_at=period.end.replace(microsecond=0),
                seconds=period.seconds,
            )
        )


# -- what the stats show ---------------------------------------------------------------------


@dataclass(frozen=True)
class PaperTime:
    key: str
    label: str  # arXiv id or key
    title: str
    seconds: int


@dataclass(frozen=True)
class ListTime:
    name: str
    seconds: int
    papers: int  # papers of the list with any time


@dataclass(frozen=True)
class TimeSpent:
    """Time spent reading and writing notes, in scope: in all, per week of the report's axis
    (by the day a period started), the papers with the most, and per list."""

    seconds: int = 0
    weeks: list[int] = field(default_factory=list)  # seconds per week of the axis
    papers: list[PaperTime] = field(default_factory=list)  # most time first
    lists: list[ListTime] = field(default_factory=list)  # roadmap order
    by_view: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "seconds": self.seconds,
            "by_view": dict(self.by_view),
            "top_papers": [
                {"id": p.key, "label": p.label, "title": p.title, "seconds": p.seconds}
                for p in self.papers
            ],
            "lists": [
                {"name": x.name, "seconds": x.seconds, "papers": x.papers} for x in self.lists
            ],
        }


def time_spent(
    reader: Reader,
    *,
    list_name: str | None,
    scope: set[int] | None,
    members: dict[str, set[int]],
    weeks: list[date],
    top: int = TOP_PAPERS,
    since: date | None = None,
) -> TimeSpent:
    """The periods of the papers in ``scope`` (None: all; the papers of ``list_name``, which
    the week counts are read for), summed; ``members`` are the lists (name → paper ids, in
    roadmap order), ``weeks`` the Mondays of the report's axis; with ``since``, only the
    periods started on or after that day."""
    per_paper: dict[int, int] = defaultdict(int)
    by_view: dict[str, int] = defaultdict(int)
    after: dict[str, Any] = {"since": since.isoformat()} if since else {}
    after["member"] = reader.member()
    query = sql.READING_TIME + (f" AND {sql.STARTED_SINCE}" if since else "")
    for pid, view, seconds in reader.rows(query, after):
        if scope is not None and pid not in scope:
            continue
        per_paper[pid] += int(seconds or 0)
        by_view[view] += int(seconds or 0)
    per_week: dict[date, int] = defaultdict(int)
    if per_paper:
        where = sql.IN_LIST if list_name is not None else "1 = 1"
        if since:
            where = f"{where} AND {sql.STARTED_SINCE}"
        days = reader.rows(sql.READING_DAYS.format(scope=where), {"list": list_name, **after})
        for day, seconds in days:
            per_week[week_start(_day(day))] += int(seconds or 0)
    ranked = heapq.nsmallest(top, per_paper.items(), key=lambda x: (-x[1], x[0]))
    lists = []
    for name, pids in members.items():
        if timed := pids & per_paper.keys():
            lists.append(ListTime(name, sum(per_paper[p] for p in timed), len(timed)))
    return TimeSpent(
        seconds=sum(per_paper.values()),
        weeks=[per_week.get(w, 0) for w in weeks],
        papers=_named(reader, ranked),
        lists=lists,
        by_view=dict(sorted(by_view.items())),
    )


def _day(value: Any) -> date:
    if isinstance(value, str):  # SQLite: ISO text
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value  # PostgreSQL: a date


def _named(reader: Reader, ranked: Iterable[tuple[int, int]]) -> list[PaperTime]:
    ranked = list(ranked)
    if not ranked:
        return []
    ids = ",".join(str(int(pid)) for pid, _ in ranked)
    names = {pid: (key, aid, title) for pid, key, aid, title in reader.rows(sql.PAPER_NAMES % ids)}
    return [
        PaperTime(names[pid][0], names[pid][1] or names[pid][0], names[pid][2], n)
        for pid, n in ranked
        if pid in names
    ]


def compact(seconds: int) -> str:
    """``1h05``, ``12m``, ``40s``, ``-`` for none: a time spent in a narrow column."""
    if not seconds:
        return "-"
    if seconds < 60:
        return f"{seconds}s"
    minutes = round(seconds / 60)
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}"


def duration(seconds: int) -> str:
    """``1 h 05``, ``12 min``, ``40 s``: a time spent, short."""
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"
