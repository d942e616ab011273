"""Reading and replication state machines: every change is appended to the history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.states import check_state
from paperdesk.storage.db import lock_row
from paperdesk.storage.models import Paper, StateChange, utcnow_precise


def set_state(
    session: Session,
    paper: Paper,
    track: str,
    state: str,
    *,
    attempt_id: int | None = None,
    at: datetime | None = None,
) -> StateChange | None:
    """Move ``paper`` to ``state`` on ``track``; return the history row, or None if unchanged.

    Any state may follow any other: people skim, then read properly, then drop. The history
    keeps the path they took. The paper's row is locked first, so that two processes changing
    the state at once leave an unbroken chain (each change's ``old_state`` is the previous
    change's ``new_state``).
    """
    state = check_state(track, state)
    column = "reading_state" if track == "reading" else "replication_state"
    lock_row(session, paper)
    old = getattr(paper, column)
    if old == state:
        return None
    setattr(paper, column, state)
    change = StateChange(
        paper_id=paper.id,
        track=track,
        old_state=old,
        new_state=state,
        at=at or utcnow_precise(),
        attempt_id=attempt_id,
    )
    session.add(change)
    return change


def history(session: Session, paper: Paper, track: str | None = None) -> list[StateChange]:
    stmt = select(StateChange).where(StateChange.paper_id == paper.id)
    if track:
        stmt = stmt.where(StateChange.track == track)
    return list(session.scalars(stmt.order_by(StateChange.at, StateChange.id)))
