"""Replication records: what a paper claims, what was run, what came out, and the gap.

Claims belong to the paper; attempts, runs, results and the log belong to an attempt. Every
mutator works on the paper's current attempt (the latest) and creates the first one when
needed. Everything returned is JSON-ready: the CLI prints it, the TUI shows it, the Markdown
export renders it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk import replication as domain
from paperdesk.dates import iso_time as iso
from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.replication_views import (
    AttemptChange,
    AttemptView,
    HistoryEntry,
    LogAdded,
    Record,
    StatusChange,
)
from paperdesk.services.links import link_views
from paperdesk.services.replication_claims import (
    add_claim,
    claim_views,
    claims_of,
    remove_claim,
    results_of,
    run_view,
    runs_of,
    update_claim,
)
from paperdesk.services.replication_hook import (
    Names,
    author,
    author_names,
    current_attempt,
    ensure_attempt,
    set_paper_status,
    start_attempt,
    touch,
)
from paperdesk.services.replication_runs import add_run, remove_run, update_result
from paperdesk.services.replication_summary import summary
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    Paper,
    ReproAttempt,
    ReproLog,
    StateChange,
    utcnow_precise,
)

# ---------------------------------------------------------------- reading


def _attempt_view(
    session: Session,
    attempt: ReproAttempt,
    labels: dict[int, str],
    names: Names | None = None,
) -> AttemptView:
    """``by`` (on the attempt, each run and log entry) names the member who made it; None
    for rows from before members."""
    names = author_names(session) if names is None else names
    runs = runs_of(session, attempt)
    results = results_of(session, runs)
    log = session.scalars(
        select(ReproLog).where(ReproLog.attempt_id == attempt.id).order_by(ReproLog.at, ReproLog.id)
    )
    return {
        "number": attempt.number,
        "by": names.get(attempt.created_by),
        "status": attempt.status,
        "goal": attempt.goal,
        "scope": attempt.scope,
        "repo_url": attempt.repo_url,
        "repo_commit": attempt.repo_commit,
        "environment": attempt.environment,
        # a non-object stored before imports checked it reads as none
        "environment_kv": dict(kv) if isinstance(kv := attempt.environment_kv, dict) else {},
        "compute_budget": attempt.compute_budget,
        "compute_spent": attempt.compute_spent,
        "compute_unit": attempt.compute_unit,
        "created_at": iso(attempt.created_at),
        "updated_at": iso(attempt.updated_at),
        "runs": [run_view(r, results[r.id], labels, names) for r in runs],
        "log": [{"at": iso(e.at), "by": names.get(e.created_by), "text": e.text} for e in log],
    }


def _attempts(session: Session, paper: Paper) -> list[ReproAttempt]:
    return list(
        session.scalars(
            select(ReproAttempt)
            .where(ReproAttempt.paper_id == paper.id)
            .order_by(ReproAttempt.number)
        )
    )


def record(lib: Library, ref: str) -> Record:
    """The paper's whole replication record; ``claims`` are measured against the current
    attempt (the last one in ``attempts``), each attempt's ``claims`` against its own runs."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        return _record(s, paper)


def _record(session: Session, paper: Paper) -> Record:
    attempts = _attempts(session, paper)
    current = attempts[-1] if attempts else None
    claims = claim_views(session, paper, current)
    labels = {c.id: c.label for c in claims_of(session, paper)}
    history = session.scalars(
        select(StateChange)
        .where(StateChange.paper_id == paper.id, StateChange.track == "replication")
        .order_by(StateChange.at, StateChange.id)
    )
    numbers = {a.id: a.number for a in attempts}
    names = author_names(session)
    views = [_attempt_view(session, a, labels, names) for a in attempts]
    # the code the paper points to: a repository to try (JSON objects: repro --json prints them)
    links = [x.to_json() for x in link_views(session, paper)]
    for view in views:  # every attempt's claims vs its own latest results
        got = domain.latest_results(view["runs"])
        view["claims"] = [domain.measure(c, got.get(c["label"])) for c in claims]
    return {
        "paper": paper.key,
        "title": paper.title,
        "status": paper.replication_state,
        "suggested_status": domain.suggest_status(c["verdict"] for c in claims),
        "attempt": current.number if current else None,
        "attempts": views,
        "claims": claims,
        "links": links,
        "shared": len(names) > 1,  # more than one member: the views say who made each row
        "history": [
            HistoryEntry(
                {
                    "from": h.old_state,
                    "to": h.new_state,
                    "at": iso(h.at),
                    "attempt": numbers.get(h.attempt_id) if h.attempt_id else None,
                    "by": names.get(h.member_id),
                }
            )
            for h in history
        ],
    }


# ---------------------------------------------------------------- status and attempt fields


def set_status(lib: Library, ref: str, state: str) -> StatusChange:
    """Set the current attempt's status (the user decides; see ``suggested_status``)."""

    def work(s: Session) -> StatusChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        old = paper.replication_state
        set_paper_status(s, paper, state)
        attempt = current_attempt(s, paper)
        return {
            "paper": paper.key,
            "old": old,
            "new": paper.replication_state,
            "attempt": attempt.number if attempt else None,
        }

    return lib.db.run(work)


def new_attempt(
    lib: Library, ref: str, *, goal: str | None = None, scope: str | None = None
) -> AttemptChange:
    """Start attempt N+1 (``planned``); earlier attempts keep their runs and log."""

    def work(s: Session) -> AttemptChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        attempt = start_attempt(s, paper, "planned")
        attempt.goal, attempt.scope = _text(goal), _text(scope)
        return _attempt_change(paper, _attempt_view(s, attempt, {}))

    return lib.db.run(work)


def _attempt_change(paper: Paper, view: AttemptView) -> AttemptChange:
    """``paper`` first, then the attempt's fields, as the JSON has always read."""
    return {"paper": paper.key, **view}


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _update_attempt(
    lib: Library, ref: str, change: Callable[[ReproAttempt], None] | None = None, **fields: Any
) -> AttemptChange:
    """Set ``fields`` on the current attempt (created if needed), then apply ``change``; an
    error from ``change`` rolls everything back, the new attempt included."""

    def work(s: Session) -> AttemptChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        attempt = ensure_attempt(s, paper)
        for name, value in fields.items():
            setattr(attempt, name, value)
        if change is not None:
            change(attempt)
        touch(attempt)
        s.flush()
        labels = {c.id: c.label for c in claims_of(s, paper)}
        return _attempt_change(paper, _attempt_view(s, attempt, labels))

    return lib.db.run(work)


def set_repo(lib: Library, ref: str, url: str, commit: str | None = None) -> AttemptChange:
    """Set the attempt's repository; a new URL without ``commit`` clears the old commit,
    which belonged to the previous repository."""
    url = url.strip()
    if not url:
        raise StateError("the repository URL is empty")

    def change(attempt: ReproAttempt) -> None:
        if commit is not None:
            attempt.repo_commit = _text(commit)
        elif attempt.repo_url != url:
            attempt.repo_commit = None
        attempt.repo_url = url

    return _update_attempt(lib, ref, change)


def set_goal(lib: Library, ref: str, text: str | None) -> AttemptChange:
    return _update_attempt(lib, ref, goal=_text(text))


def set_scope(lib: Library, ref: str, text: str | None) -> AttemptChange:
    return _update_attempt(lib, ref, scope=_text(text))


def set_environment(
    lib: Library,
    ref: str,
    text: str | None = None,
    *,
    set_kv: dict[str, str] | None = None,
    unset: list[str] | tuple[str, ...] = (),
) -> AttemptChange:
    """Free text (replaced when given) plus key/value pairs (merged; ``unset`` removes keys)."""
    for key, value in (set_kv or {}).items():
        if not key.strip():
            raise StateError(f"environment key in {key}={value!r} is empty")

    def change(attempt: ReproAttempt) -> None:
        kv = dict(attempt.environment_kv or {})
        for key in unset:
            if key not in kv:
                known = ", ".join(kv) or "(none)"
                raise NotFoundError(f"no environment key {key!r}; keys: {known}")
            del kv[key]
        kv.update({k.strip(): v.strip() for k, v in (set_kv or {}).items()})
        attempt.environment_kv = kv
        if text is not None:
            attempt.environment = _text(text)

    return _update_attempt(lib, ref, change)


def set_compute(
    lib: Library,
    ref: str,
    *,
    budget: str | float | None = None,
    spent: str | float | None = None,
    add: str | float | None = None,
    unit: str | None = None,
) -> AttemptChange:
    """Compute budget and spent (≥ 0) in any unit the user names; ``add`` adds to spent."""
    fields: dict[str, Any] = {}
    for name, raw in (("compute_budget", budget), ("compute_spent", spent)):
        if raw is not None:
            fields[name] = _non_negative(raw, name.replace("_", " "))
    if unit is not None:
        fields["compute_unit"] = _text(unit)
    extra = _non_negative(add, "compute to add") if add is not None else None

    def change(attempt: ReproAttempt) -> None:
        if extra is not None:
            spent = attempt.compute_spent or 0.0
            total = spent + extra
            if not math.isfinite(total):
                raise StateError(
                    f"compute spent {spent:g} + {extra:g} is too large to store; "
                    "set it with --spent instead"
                )
            attempt.compute_spent = total

    return _update_attempt(lib, ref, change, **fields)


def _non_negative(raw: str | float, what: str) -> float:
    value = domain.parse_number(raw, what)
    if value < 0:
        raise StateError(f"{what} must be 0 or more, not {raw!r}")
    return value


def add_log(lib: Library, ref: str, text: str) -> LogAdded:
    if not text.strip():
        raise StateError("the log entry is empty")

    def work(s: Session) -> LogAdded:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        attempt = ensure_attempt(s, paper)
        entry = ReproLog(
            attempt_id=attempt.id, at=utcnow_precise(), text=text.strip(), created_by=author(s)
        )
        s.add(entry)
        touch(attempt)
        s.flush()
        return {
            "paper": paper.key,
            "attempt": attempt.number,
            "at": iso(entry.at),
            "by": author_names(s).get(entry.created_by),
            "text": entry.text,
        }

    return lib.db.run(work)


__all__ = [
    "add_claim",
    "add_log",
    "add_run",
    "new_attempt",
    "record",
    "remove_claim",
    "remove_run",
    "set_compute",
    "set_environment",
    "set_goal",
    "set_repo",
    "set_scope",
    "set_status",
    "summary",
    "update_claim",
    "update_result",
]
