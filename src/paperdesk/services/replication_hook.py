"""Attempts inside one unit of work, and how ``mark ID <replication state>`` reaches them.

``papers.replication_state`` mirrors the status of the paper's current attempt (the one with the
highest number). Every status change goes through :func:`paperdesk.tracking.set_state` so that
the history keeps it, tagged with the attempt it belongs to.

Attempts, claims, runs and log entries are shared by the library's members; each row carries
who made it (``created_by``, the member running paperdesk: :func:`author`), and the views name
that member (:func:`author_names`).

Every write to a paper's record first takes the paper's row lock (:func:`lock_record`): on
PostgreSQL two members starting the same paper's first attempt at once would otherwise both
number it 1, or deadlock on the row their new attempts both reference.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from paperdesk import tracking
from paperdesk.states import check_state
from paperdesk.storage.db import lock_row
from paperdesk.storage.models import Paper, ReproAttempt, StateChange, utcnow_precise


def author(session: Session) -> int:
    """The member making this change (the row is created on a member's first write)."""
    from paperdesk.members import ensure_member

    return ensure_member(session).id


Names = dict[int | None, str]
"""Member id → name; a row from before members (``created_by`` None) maps to nothing."""


def author_names(session: Session) -> Names:
    """Who made each attempt, claim, run and log entry, by member id (a library has a handful
    of members: one small query per view)."""
    from paperdesk.storage.models import Member

    return {mid: name for mid, name in session.execute(select(Member.id, Member.name))}


def lock_record(session: Session, paper: Paper) -> None:
    """Hold the paper's row lock until the unit of work ends, so that what is read of its
    record next (attempts, claim labels) is the latest and nobody else writes it meanwhile
    (a no-op on SQLite, whose writers already queue). I am made a member first: creating my
    row while holding the paper's lock would wait on another process of mine that made the row
    and now waits for this lock (a new member's first writes deadlocked)."""
    author(session)
    lock_row(session, paper)


def current_attempt(session: Session, paper: Paper) -> ReproAttempt | None:
    """The latest attempt, or None when the paper has never had one."""
    return session.scalar(
        select(ReproAttempt)
        .where(ReproAttempt.paper_id == paper.id)
        .order_by(ReproAttempt.number.desc())
        .limit(1)
    )


def start_attempt(session: Session, paper: Paper, status: str = "planned") -> ReproAttempt:
    """A new attempt numbered after the last one; the paper's state follows its status."""
    return _start(session, paper, status)[0]


def _start(session: Session, paper: Paper, status: str) -> tuple[ReproAttempt, StateChange | None]:
    status = check_state("replication", status)
    lock_record(session, paper)
    last = session.scalar(
        select(func.max(ReproAttempt.number)).where(ReproAttempt.paper_id == paper.id)
    )
    now = utcnow_precise()
    attempt = ReproAttempt(
        paper_id=paper.id,
        number=(last or 0) + 1,
        status=status,
        environment_kv={},
        created_by=author(session),
        created_at=now,
        updated_at=now,
    )
    session.add(attempt)
    session.flush()
    change = tracking.set_state(session, paper, "replication", status, attempt_id=attempt.id)
    return attempt, change


def ensure_attempt(session: Session, paper: Paper) -> ReproAttempt:
    """The current attempt, created when the paper has none.

    A first attempt inherits the paper's state when one was set before attempts existed, and is
    ``planned`` otherwise: recording anything about a replication means one is planned.
    """
    lock_record(session, paper)
    attempt = current_attempt(session, paper)
    if attempt is not None:
        return attempt
    inherited = paper.replication_state if paper.replication_state != "none" else "planned"
    return start_attempt(session, paper, inherited)


def touch(attempt: ReproAttempt) -> None:
    attempt.updated_at = utcnow_precise()


def set_paper_status(session: Session, paper: Paper, state: str) -> StateChange | None:
    """Set the replication status of the current attempt (creating one when needed) and mirror
    it on the paper. Setting ``none`` on a paper without attempts creates nothing."""
    state = check_state("replication", state)
    lock_record(session, paper)
    attempt = current_attempt(session, paper)
    if attempt is None:
        if state == "none":
            return tracking.set_state(session, paper, "replication", state)
        return _start(session, paper, state)[1]
    if attempt.status != state:
        attempt.status = state
        touch(attempt)
    return tracking.set_state(session, paper, "replication", state, attempt_id=attempt.id)
