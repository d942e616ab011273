"""services/replication_hook.py: attempts inside one unit of work, how a status reaches them,
and who made each row, on a real seeded SQLite library."""

from __future__ import annotations

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.services.replication_hook import (
    author,
    author_names,
    current_attempt,
    ensure_attempt,
    set_paper_status,
    start_attempt,
)
from paperdesk.storage import repository as repo
from paperdesk.storage.models import ReproAttempt, StateChange

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def _history(lib: Library) -> list[tuple[str | None, str, int | None]]:
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        rows = s.scalars(
            select(StateChange)
            .where(StateChange.paper_id == paper.id, StateChange.track == "replication")
            .order_by(StateChange.at, StateChange.id)
        )
        numbers = {a.id: a.number for a in s.scalars(select(ReproAttempt))}
        return [(h.old_state, h.new_state, numbers.get(h.attempt_id)) for h in rows]


def test_attempts_are_numbered_and_the_paper_follows_the_latest(lib: Library) -> None:
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        assert current_attempt(s, paper) is None
        first = start_attempt(s, paper, "running")
        second = start_attempt(s, paper)
        assert (first.number, second.number, second.status) == (1, 2, "planned")
        assert current_attempt(s, paper) is second
        assert paper.replication_state == "planned"
        assert first.created_by == second.created_by == author(s)
        assert author_names(s)[author(s)]  # my name, by my member id
        assert None not in author_names(s)  # rows from before members name nobody
    assert _history(lib) == [("none", "running", 1), ("running", "planned", 2)]


def test_ensure_attempt_inherits_a_state_set_before_attempts(lib: Library) -> None:
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        paper.replication_state = "failed"  # as a library from before attempts has it
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        attempt = ensure_attempt(s, paper)
        assert (attempt.number, attempt.status) == (1, "failed")
        assert ensure_attempt(s, paper) is attempt  # the current one, not a new one


def test_set_paper_status_none_without_attempts_creates_nothing(lib: Library) -> None:
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        assert set_paper_status(s, paper, "none") is None  # no change from none
        assert current_attempt(s, paper) is None
        change = set_paper_status(s, paper, "Running")
        assert change is not None and change.new_state == "running"
        attempt = current_attempt(s, paper)
        assert attempt is not None and attempt.status == "running"
        set_paper_status(s, paper, "partial")
        assert (attempt.status, paper.replication_state) == ("partial", "partial")
    assert _history(lib) == [("none", "running", 1), ("running", "partial", 1)]
