"""Calendar dates as users type and read them: one home for parsing and formatting days, weeks
and weekdays (study plans, progress stats, the vault's progress page).

Timestamps in the database are naive UTC (see :func:`paperdesk.storage.models.utcnow`); a day
here is the UTC calendar day of such a timestamp. Weeks start on Monday (ISO 8601).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from paperdesk.errors import StateError

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def today() -> date:
    """Today's UTC date: the same day the stored timestamps use."""
    return datetime.now(UTC).date()


def parse_date(text: str | date, what: str = "date", *, now: date | None = None) -> date:
    """``2026-11-30``, ``today`` or ``yesterday`` → a date; anything else is a
    :class:`StateError` naming ``what``."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    raw = text.strip().lower()
    base = now or today()
    if raw == "today":
        return base
    if raw == "yesterday":
        return base - timedelta(days=1)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise StateError(
            f"{what} {text!r} is not a date: use YYYY-MM-DD (e.g. 2026-11-30), today or yesterday"
        ) from None


def parse_weekdays(text: str | None) -> tuple[int, ...]:
    """``mon,wed,fri`` → (0, 2, 4) (Monday is 0); None or empty → every day of the week.
    Full names (``monday``) and any case work; repeats are ignored."""
    if text is None or not text.strip():
        return tuple(range(7))
    out: set[int] = set()
    for part in text.split(","):
        name = part.strip().lower()[:3]
        if name not in WEEKDAYS:
            raise StateError(
                f"day {part.strip()!r} is not a weekday: use {','.join(WEEKDAYS)} "
                "(e.g. --days mon,wed,fri)"
            )
        out.add(WEEKDAYS.index(name))
    return tuple(sorted(out))


def format_weekdays(days: tuple[int, ...]) -> str:
    """(0, 2, 4) → ``mon,wed,fri``; every day → ``every day``."""
    if tuple(days) == tuple(range(7)):
        return "every day"
    return ",".join(WEEKDAYS[d] for d in days)


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def iso_day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def short_day(day: date, *, ref: date | None = None) -> str:
    """``Mon 30 Nov`` (with the year when it is not ``ref``'s year, default today's)."""
    ref = ref or today()
    text = f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {day.strftime('%b')}"
    return text if day.year == ref.year else f"{text} {day.year}"


def stored_time(value: datetime | date | str) -> datetime:
    """A timestamp as a database returns it (a datetime, or ISO text from SQLite) → datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(value)


def stored_day(value: datetime | date | str) -> date:
    """The UTC day of a stored timestamp or date (see :func:`stored_time`)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return stored_time(value).date()
