"""What the members of a shared library are doing (issue 17): the TUI's Team screen (this
week: papers finished, papers being read, reading time, replication attempts under way) and
the detail pane's line of who else reads the selected paper.

The Team view reads through a :class:`~paperdesk.storage.fastread.Reader` (the stdlib
sqlite3 fast path or SQLAlchemy), one query per part (:mod:`paperdesk.storage.teamql`), so it
needs no ORM import and costs the same with 3 members or 30.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from paperdesk.dates import stored_day, stored_time, week_start
from paperdesk.dates import today as utc_today
from paperdesk.storage import teamql as sql
from paperdesk.storage.fastread import Reader

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.members import Reader as PaperReader

FINISHED = ("read", "skimmed")


@dataclass(frozen=True)
class TeamPaper:
    key: str
    label: str  # the arXiv id, else the key: what a narrow column shows
    title: str
    state: str  # "reading", "read" or "skimmed"
    at: datetime | None  # when it entered that state (None: no history row)


@dataclass(frozen=True)
class MemberWeek:
    name: str
    me: bool
    joined: datetime | None
    finished: list[TeamPaper] = field(default_factory=list)  # newest first
    reading: list[TeamPaper] = field(default_factory=list)  # latest started first
    seconds: int = 0  # reading time this week


@dataclass(frozen=True)
class ActiveAttempt:
    key: str
    label: str
    title: str
    number: int
    status: str  # "planned" or "running"
    by: str | None  # who started it (None: made before members, or that member is gone)
    updated_at: datetime | None
    last_run: datetime | None


@dataclass(frozen=True)
class TeamWeek:
    since: date  # the Monday the week started on
    today: date
    members: list[MemberWeek]
    attempts: list[ActiveAttempt]

    @property
    def solo(self) -> bool:
        """Nobody but (at most) me has done anything in this library yet."""
        return sum(not m.me for m in self.members) == 0

    def counts(self) -> dict[str, int]:
        return {
            "members": len(self.members),
            "finished": sum(len(m.finished) for m in self.members),
            "reading": sum(len(m.reading) for m in self.members),
            "attempts": len(self.attempts),
        }


def _time(value: Any) -> datetime | None:
    return stored_time(value) if value is not None else None


def _newest_first(paper: TeamPaper) -> tuple[bool, datetime]:
    return (paper.at is not None, paper.at or datetime.min)


def team_week(reader: Reader, name: str, source: str, *, today: date | None = None) -> TeamWeek:
    """This week (Monday to ``today``, UTC days) for every member. ``name`` and ``source``
    say who I am (:func:`paperdesk.members.configured_name`; a lone member is me when the
    name came from the OS, as everywhere)."""
    from paperdesk.members import member_id_from_rows
    from paperdesk.storage.queries import MEMBER_LOOKUP

    day = today or utc_today()
    since = week_start(day)
    params = {"since": since.isoformat()}
    me = member_id_from_rows(reader.rows(MEMBER_LOOKUP, {"name": name}), name, source)
    rows = reader.rows(sql.MEMBERS_WEEK, params)
    finished: dict[str, list[TeamPaper]] = defaultdict(list)
    reading: dict[str, list[TeamPaper]] = defaultdict(list)
    for who, key, arxiv, title, state, changed, updated in reader.rows(sql.MEMBER_PAPERS, params):
        at = _time(changed) or _time(updated)
        paper = TeamPaper(str(key), str(arxiv or key), str(title or key), str(state), at)
        if state == "reading":
            reading[who].append(paper)
        elif at is not None and stored_day(at) >= since:
            finished[who].append(paper)
    members = [
        MemberWeek(
            name=str(who),
            me=mid == me,
            joined=_time(joined),
            finished=sorted(finished[who], key=_newest_first, reverse=True),
            reading=sorted(reading[who], key=_newest_first, reverse=True),
            seconds=int(seconds or 0),
        )
        for mid, who, joined, seconds in rows
    ]
    if me is None:  # I have done nothing in this library yet
        members.append(MemberWeek(name=name, me=True, joined=None))
    members.sort(key=lambda m: not m.me)  # me first, then by name (the query's order)
    attempts = [
        ActiveAttempt(
            key=str(key),
            label=str(arxiv or key),
            title=str(title or key),
            number=int(number or 1),
            status=str(status),
            by=str(by) if by is not None else None,
            updated_at=_time(updated),
            last_run=_time(last_run),
        )
        for key, arxiv, title, number, status, by, updated, last_run in reader.rows(
            sql.ATTEMPTS_ACTIVE
        )
    ]
    attempts.sort(key=_latest_activity, reverse=True)
    return TeamWeek(since=since, today=day, members=members, attempts=attempts)


def _latest_activity(a: ActiveAttempt) -> datetime:
    return max(a.updated_at or datetime.min, a.last_run or datetime.min)


def others_reading(lib: Library, key: str) -> list[PaperReader]:
    """Who else has paper ``key`` in a reading state other than unread (me left out), by
    name; [] when the paper is gone or nobody else has touched it."""
    from paperdesk import members
    from paperdesk.errors import NotFoundError
    from paperdesk.storage import repository as repo

    with lib.session() as s:
        try:
            paper = repo.find_paper(s, key)
        except NotFoundError:
            return []
        return members.readers(s, paper.id)
