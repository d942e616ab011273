"""Reading time in a backup (``papers[].reading_time``: the periods the TUI recorded, each
``{"view", "start", "end"}``): checked before a restore writes anything, then restored with
each paper (see :mod:`paperdesk.export.restore`).

A backup from before reading time has no ``reading_time``: nothing to do. Each period is a
member's (see :mod:`.restore_members`); merging adds the periods the library lacks (same
member, view and start) and keeps the ones it has.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import ExportError
from paperdesk.services.reading_time import VIEWS
from paperdesk.storage.models import Paper, ReadingPeriod

if TYPE_CHECKING:
    from paperdesk.export.restore_members import Members


def check_reading_time(data: dict[str, Any], where: str) -> None:
    for i, p in enumerate(data.get("papers", [])):
        periods = p.get("reading_time", [])
        path = f"papers[{i}] ({p.get('key')}).reading_time"
        if not isinstance(periods, list) or not all(isinstance(x, dict) for x in periods):
            raise ExportError(f"{where}: {path}: expected a list of objects")
        for j, t in enumerate(periods):
            if t.get("view") not in VIEWS:
                raise ExportError(
                    f"{where}: {path}[{j}].view: expected one of {', '.join(VIEWS)}, "
                    f"not {t.get('view')!r}"
                )
            try:
                start, end = datetime.fromisoformat(t["start"]), datetime.fromisoformat(t["end"])
            except (KeyError, TypeError, ValueError):
                raise ExportError(
                    f'{where}: {path}[{j}]: needs "start" and "end" dates (ISO 8601)'
                ) from None
            if end < start:
                raise ExportError(f"{where}: {path}[{j}]: ends before it starts")


def restore_reading_time(
    s: Session, paper: Paper, p: dict[str, Any], members: Members, *, fresh: bool
) -> None:
    """Add the paper's periods from the backup (already checked); ``fresh``: the paper was
    just created, so it has none yet."""
    periods = p.get("reading_time") or []
    if not periods:
        return
    have = (
        set()
        if fresh
        else {
            (t.member_id, t.view, t.started_at)
            for t in s.scalars(select(ReadingPeriod).where(ReadingPeriod.paper_id == paper.id))
        }
    )
    for t in periods:
        start, end = datetime.fromisoformat(t["start"]), datetime.fromisoformat(t["end"])
        mid = members.id(t["member"])
        if mid is None or (mid, t["view"], start) in have:
            continue
        have.add((mid, t["view"], start))
        s.add(
            ReadingPeriod(
                paper_id=paper.id,
                member_id=mid,
                view=t["view"],
                started_at=start,
                ended_at=end,
                seconds=round((end - start).total_seconds()),
            )
        )
