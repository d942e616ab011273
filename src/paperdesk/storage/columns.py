"""Column lists derived from the ORM (:mod:`paperdesk.storage.models`), the one home for them.

A list of a model's fields (what a backup carries, what a reading list may give a claim) is
the model's columns in declared order minus named exclusions, never a copy typed by hand: a
column added to a model shows up in every list, and its guard test (``tests/storage/
test_columns.py``) fails until someone decides whether it belongs there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.types import TypeEngine

from paperdesk.storage.models import Base, Claim


def columns(
    model: type[Base],
    *,
    exclude: Iterable[str] = (),
    of_type: type[TypeEngine[Any]] | None = None,
) -> tuple[str, ...]:
    """The column names of ``model``'s table in declared order, without ``exclude`` (and only
    those whose SQL type is ``of_type`` when given). Each excluded name must be a column, so
    that a renamed or removed column cannot linger in a list."""
    table = model.__table__.columns
    skip = set(exclude)
    if unknown := skip - set(table.keys()):
        raise ValueError(f"{model.__name__} has no column(s) {', '.join(sorted(unknown))}")
    return tuple(
        c.name
        for c in table
        if c.name not in skip and (of_type is None or isinstance(c.type, of_type))
    )


# What a user gives a claim (``repro claim add/edit``, the TUI's claim form, a reading list's
# ``claims:``): a claim's columns minus the ids, its paper, who entered it and when, and
# ``seeded`` (set by the seeding of reading lists, never by hand).
CLAIM_INPUT: tuple[str, ...] = columns(
    Claim, exclude=("id", "paper_id", "created_by", "created_at", "seeded")
)
