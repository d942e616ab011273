"""Reading and replication state machines: every change is appended to the history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from paperdesk.members import ensure_member, member_id_for_read
from paperdesk.states import check_state
from paperdesk.storage.db import insert_ignore, lock_row
from paperdesk.storage.models import Paper, Reading, StateChange, utcnow_precise


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
    keeps the path they took. The reading track is the current member's (table ``readings``,
    the change carries the member); the replication track is the paper's, the change says who
    made it. The changed row (my reading row, or the paper's) is locked first, so that two
    processes changing the same state at once leave an unbroken chain (each change's
    ``old_state`` is the previous change's ``new_state``); two members never wait on each other.
    """
    state = check_state(track, state)
    if member_id_for_read(session) < 0 and _unchanged(paper, track, state):
        return None  # a no-op makes nobody a member
    member = ensure_member(session)  # before any row lock (see members.ensure_member)
    if track == "reading":
        old = _lock_reading(session, member.id, paper.id, state)
        if old is None:
            return None
    else:
        lock_row(session, paper)
        old = paper.replication_state
        if old == state:
            return None
        paper.replication_state = state
    change = StateChange(
        paper_id=paper.id,
        track=track,
        old_state=old,
        new_state=state,
        at=at or utcnow_precise(),
        attempt_id=attempt_id,
        member_id=member.id,
    )
    session.add(change)
    return change


def _unchanged(paper: Paper, track: str, state: str) -> bool:
    """Whether ``state`` is already the state, read without a lock (I have no member row, so
    on the reading track my state is "unread")."""
    return state == ("unread" if track == "reading" else paper.replication_state)


def _lock_reading(session: Session, member_id: int, paper_id: int, state: str) -> str | None:
    """Set my reading row to ``state`` holding its lock; the state before, or None if it was
    already ``state``. A missing row is inserted (``ON CONFLICT DO NOTHING``: a process
    inserting it at the same time wins, and this one then locks and reads its row)."""
    key = (member_id, paper_id)
    row = session.get(Reading, key, with_for_update=True, populate_existing=True)
    if row is None:
        if state == "unread":
            return None
        session.flush()
        insert_ignore(
            session,
            Reading,
            member_id=member_id,
            paper_id=paper_id,
            state="unread",
            updated_at=utcnow_precise(),
        )
        row = session.get(Reading, key, with_for_update=True, populate_existing=True)
        assert row is not None
    old = row.state
    if old == state:
        return None
    row.state = state
    row.updated_at = utcnow_precise()
    return old


def history(session: Session, paper: Paper, track: str | None = None) -> list[StateChange]:
    """The paper's history: my reading changes and everyone's replication changes."""
    stmt = select(StateChange).where(StateChange.paper_id == paper.id)
    mine = or_(StateChange.track != "reading", StateChange.member_id == member_id_for_read(session))
    stmt = stmt.where(mine)
    if track:
        stmt = stmt.where(StateChange.track == track)
    return list(session.scalars(stmt.order_by(StateChange.at, StateChange.id)))
