"""Checking values at the door: what an import may write, by the limits of both databases.

Every importer (reading-list YAML, BibTeX, CSL-JSON, JSON backups) checks each value here
before anything is written, so one bad record fails with a message naming it and the batch
goes on. The limits come from the ORM models themselves (``String(200)`` is 200 characters on
PostgreSQL and unenforced on SQLite, so SQLite would take what PostgreSQL refuses), plus what
neither database stores sanely: NUL characters (PostgreSQL refuses them in text), infinite or
NaN numbers, integers past 32 bits, and terminal control characters (an imported title must
not be able to recolour or clear the terminal it is printed on).

Functions raise :class:`InvalidValue` with a message that names the field; the caller adds the
file, line or entry. :func:`fit` is for derived data (a parsed PDF's headings): it never
raises, it cuts to the column.
"""

from __future__ import annotations

import math
import re
from typing import Any

from paperdesk.errors import PaperdeskError
from paperdesk.printable import for_terminal, strip_controls

__all__ = ["InvalidValue", "fit", "for_terminal", "integer", "number", "strip_controls", "text"]

TEXT_MAX = 1_000_000  # characters of one unbounded text value (a title, an abstract, a note)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # PostgreSQL INTEGER


class InvalidValue(PaperdeskError, ValueError):
    """A value an import may not write; the message names the field."""


def column(model: type, name: str) -> Any:
    return model.__table__.c[name]  # type: ignore[attr-defined]


def length(model: type, name: str) -> int | None:
    """The declared length of a ``String(n)`` column; None for unbounded text."""
    from sqlalchemy import String

    col_type = column(model, name).type
    return col_type.length if isinstance(col_type, String) else None


def text(
    value: Any,
    what: str,
    *,
    max_len: int | None = TEXT_MAX,
    lines: bool = True,
    required: bool = False,
) -> str | None:
    """A text value, stripped of surrounding space and control characters; None when empty."""
    if value is None:
        if required:
            raise InvalidValue(f"'{what}' is missing")
        return None
    if not isinstance(value, str):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValue(f"'{what}' must be text, not {_kind(value)}")
        value = str(value)
    if not lines:  # a line break or tab between words is a space, not nothing
        value = " ".join(value.split())
    cleaned = strip_controls(value, lines=lines).strip()
    if not lines:
        cleaned = " ".join(cleaned.split())
    if not cleaned:
        if required:
            raise InvalidValue(f"'{what}' is empty")
        return None
    limit = max_len or TEXT_MAX
    if len(cleaned) > limit:
        raise InvalidValue(f"'{what}' is {len(cleaned):,} characters long (at most {limit:,})")
    return cleaned


def field(model: type, name: str, value: Any, what: str | None = None, **kw: Any) -> Any:
    """``value`` checked for the column ``model.name``: its type and its length."""
    from sqlalchemy import Integer, String

    what = what or name
    col_type = column(model, name).type
    if isinstance(col_type, String):
        return text(value, what, max_len=col_type.length or TEXT_MAX, **kw)
    if isinstance(col_type, Integer):
        return integer(value, what)
    return value


def integer(value: Any, what: str, *, lo: int = INT_MIN, hi: int = INT_MAX) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"'{what}' must be a whole number, not {_kind(value)}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        raw = value.strip()
        if not re.fullmatch(r"[+-]?\d{1,12}", raw):
            raise InvalidValue(f"'{what}' must be a whole number, got {_show(value)}")
        value = int(raw)
    if not isinstance(value, int):
        raise InvalidValue(f"'{what}' must be a whole number, not {_kind(value)}")
    if not lo <= value <= hi:
        raise InvalidValue(f"'{what}' must be between {lo} and {hi}, got {value}")
    return value


def number(value: Any, what: str, *, required: bool = False) -> float | None:
    """A finite number: ``inf`` and ``nan`` are refused (a claim of ``inf`` would count as met
    and JSON cannot carry it)."""
    if value is None or value == "":
        if required:
            raise InvalidValue(f"'{what}' is missing")
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"'{what}' must be a number, not {_kind(value)}")
    given = value
    if isinstance(value, str):
        if value.strip().lower().lstrip("+-") in (".nan", ".inf"):  # YAML's spellings
            raise InvalidValue(f"'{what}' must be a finite number, got {_show(value)}")
        try:
            value = float(value.strip().replace("_", "x"))  # no '1_000': float() takes it
        except ValueError:
            raise InvalidValue(f"'{what}' must be a number, got {_show(value)}") from None
    if not isinstance(value, int | float):
        raise InvalidValue(f"'{what}' must be a number, not {_kind(value)}")
    try:
        out = float(value)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise InvalidValue(f"'{what}' must be a finite number, got {_show(given)}")
    return out


def text_list(value: Any, what: str, *, max_len: int = 1000, max_items: int = 10_000) -> list[str]:
    """A flat list of short texts (authors, categories): nested lists or mappings refused."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidValue(f"'{what}' must be a list, not {_kind(value)}")
    if len(value) > max_items:
        raise InvalidValue(f"'{what}' has {len(value):,} items (at most {max_items:,})")
    out = []
    for item in value:
        if not isinstance(item, str):
            raise InvalidValue(f"'{what}' must be a list of text, found {_kind(item)}")
        cleaned = text(item, what, max_len=max_len, lines=False)
        if cleaned:
            out.append(cleaned)
    return out


def mapping(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidValue(f"'{what}' must be an object, not {_kind(value)}")
    return value


def fit(model: type, name: str, value: str | None) -> str | None:
    """``value`` made storable in ``model.name`` without an error: NUL removed, cut to the
    column's length. For derived values, where refusing would lose the whole record."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    limit = length(model, name)
    return value[:limit] if limit else value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
