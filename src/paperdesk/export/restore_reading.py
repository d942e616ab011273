"""Reading time in a backup (``papers[].reading_time``: the periods the TUI recorded, each
``{"view", "start", "end"}``): checked before a restore writes anything, then restored with
each paper (see :mod:`paperdesk.export.restore`).

A backup from before reading time has no ``reading_time``: nothing to do. Merging adds the
periods the library lacks (same view and start) and keeps the ones it has.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import ExportError
from paperdesk.services.reading_time import VIEWS
from paperdesk.storage.models import Paper, ReadingPeriod


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


def restore_reading_time(s: Session, paper: Paper, p: dict[str, Any], *, fresh: bool) -> None:
    """Add the paper's periods from the backup (already checked); ``fresh``: the paper was
    just created, so it has none yet."""
    periods = p.get("reading_time") or []
    if not periods:
        return
    have = (
        set()
        if fresh
        else {
            (t.view, t.started_at)
            for t in s.scalars(select(ReadingPeriod).where(ReadingPeriod.paper_id == paper.id))
        }
    )
    for t in periods:
        start, end = datetime.fromisoformat(t["start"]), datetime.fromisoformat(t["end"])
        if (t["view"], start) in have:
            continue
        have.add((t["view"], start))
        s.add(
            ReadingPeriod(
                paper_id=paper.id,
                view=t["view"],
                started_at=start,
                ended_at=end,
                seconds=round((end - start).total_seconds()),
            )
        )
