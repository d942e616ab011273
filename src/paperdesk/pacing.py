"""The calendar of a study plan: ``pace`` papers a week from ``start``, on chosen weekdays.

Pure date arithmetic, no I/O. Week ``k`` of a plan is the seven days from ``start + 7k``; its
``pace`` papers are spread evenly over the chosen weekdays that fall in it (3 a week over every
day: days 0, 2 and 4 of the week; 2 a week on mon,wed,fri: Monday and Wednesday). Paper ``i``
of the plan (0-based) is due on :meth:`Pace.due`.

A paper due today is not late: :meth:`Pace.due_before` counts the papers due before a day, and
a plan is behind by ``due_before(today) - done`` papers. Re-planning spreads what is left over
the plan's days from today on, at the same pace (:meth:`Pace.replan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from paperdesk.errors import StateError

MAX_PACE = 100


def parse_pace(text: str | int) -> int:
    """``3/week``, ``3/wk``, ``3 per week`` or ``3`` → 3 (papers a week, 1 to 100)."""
    raw = str(text).strip().lower().replace(" ", "")
    for suffix in ("/week", "/wk", "/w", "perweek", "aweek"):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)]
            break
    try:
        pace = int(raw)
    except ValueError:
        raise StateError(f"pace {text!r} is not a number of papers a week (e.g. 3/week)") from None
    if not 1 <= pace <= MAX_PACE:
        raise StateError(f"pace must be 1 to {MAX_PACE} papers a week, not {pace}")
    return pace


@dataclass(frozen=True)
class Pace:
    pace: int
    start: date
    days: tuple[int, ...] = tuple(range(7))  # weekdays, Monday = 0; never empty

    def __post_init__(self) -> None:
        if not self.days or self.pace < 1:
            raise StateError("a plan needs a pace of 1 or more and at least one day")

    def _week_days(self, week: int) -> list[date]:
        first = self.start + timedelta(days=7 * week)
        return [
            first + timedelta(days=k)
            for k in range(7)
            if (first + timedelta(days=k)).weekday() in self.days
        ]

    def due(self, index: int) -> date:
        """The day paper ``index`` (0-based) of the plan is due."""
        week, i = divmod(index, self.pace)
        days = self._week_days(week)
        return days[i * len(days) // self.pace]

    def due_before(self, day: date) -> int:
        """How many papers of the plan are due before ``day`` (with no end: any total)."""
        if day <= self.start:
            return 0
        weeks = (day - self.start).days // 7
        n = weeks * self.pace
        while self.due(n) < day:
            n += 1
        return n

    def replan(self, left: int, today: date) -> list[date]:
        """Due days for the ``left`` papers still to read, from ``today`` (or the start, if
        later) on, at the plan's pace."""
        first = self.due_before(max(today, self.start))
        return [self.due(first + j) for j in range(left)]
