"""Dates and times as users type and read them: one home for parsing and formatting days, weeks,
weekdays and timestamps (study plans, progress stats, run times, the vault's progress page).

Timestamps in the database are naive UTC (see :func:`paperdesk.storage.models.utcnow`): a time
a user types is converted to UTC on the way in (:func:`parse_time`) and shown in the local time
zone on the way out (:func:`format_time`). A day here is the UTC calendar day of a stored
timestamp. Weeks start on Monday (ISO 8601).
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


def parse_time(text: str | datetime, what: str = "time") -> datetime:
    """ISO 8601 → naive UTC, as stored. An offset (``2024-05-01T14:30+02:00``, ``...Z``) is
    honoured; a time without one (``2024-05-01T14:30``) is this machine's local time, and a date
    alone its local midnight. A naive datetime object is taken as UTC already (the stored form).
    Anything else is a :class:`StateError` naming ``what``."""
    if isinstance(text, datetime):
        value = text if text.tzinfo is not None else text.replace(tzinfo=UTC)
    else:
        raw = text.strip()
        try:
            value = datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1:] in ("z", "Z") else raw)
        except ValueError:
            raise StateError(
                f"{what} {text!r} is not ISO 8601 (e.g. 2024-05-01, 2024-05-01T14:30 or "
                "2024-05-01T14:30+02:00)"
            ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # a naive time is local (Python's rule for astimezone)
    return value.astimezone(UTC).replace(tzinfo=None)


def local_time(value: datetime | date | str) -> datetime:
    """A stored (naive UTC) timestamp as an aware datetime in the local time zone."""
    return stored_time(value).replace(tzinfo=UTC).astimezone()


def format_time(value: datetime | date | str | None) -> str:
    """A stored timestamp as the user reads it: ``2024-05-01 14:30`` in local time; '' if None."""
    return local_time(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def iso_time(value: datetime | None) -> str | None:
    """A stored timestamp as ISO text (JSON output, backups), None kept."""
    return value.isoformat() if value is not None else None


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
