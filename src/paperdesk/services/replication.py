"""Replication records: what a paper claims, what was run, what came out, and the gap.

Claims belong to the paper; attempts, runs, results and the log belong to an attempt. Every
mutator works on the paper's current attempt (the latest) and creates the first one when
needed. Everything returned is JSON-ready: the CLI prints it, the TUI shows it, the Markdown
export renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk import replication as domain
from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services.replication_claims import (
    add_claim,
    add_run,
    claim_views,
    claims_of,
    iso,
    remove_claim,
    remove_run,
    results_of,
    run_view,
    runs_of,
    update_claim,
    update_result,
)
from paperdesk.services.replication_hook import (
    current_attempt,
    ensure_attempt,
    set_paper_status,
    start_attempt,
    touch,
)
from paperdesk.storage import repository as repo
from paperdesk.storage.models import (
    Claim,
    Paper,
    ReproAttempt,
    ReproLog,
    StateChange,
    utcnow_precise,
)

# ---------------------------------------------------------------- reading


def _attempt_view(session: Session, attempt: ReproAttempt, labels: dict[int, str]) -> dict:
    runs = runs_of(session, attempt)
    results = results_of(session, runs)
    log = session.scalars(
        select(ReproLog).where(ReproLog.attempt_id == attempt.id).order_by(ReproLog.at, ReproLog.id)
    )
    return {
        "number": attempt.number,
        "status": attempt.status,
        "goal": attempt.goal,
        "scope": attempt.scope,
        "repo_url": attempt.repo_url,
        "repo_commit": attempt.repo_commit,
        "environment": attempt.environment,
        "environment_kv": dict(attempt.environment_kv or {}),
        "compute_budget": attempt.compute_budget,
        "compute_spent": attempt.compute_spent,
        "compute_unit": attempt.compute_unit,
        "created_at": iso(attempt.created_at),
        "updated_at": iso(attempt.updated_at),
        "runs": [run_view(r, results[r.id], labels) for r in runs],
        "log": [{"at": iso(e.at), "text": e.text} for e in log],
    }


def _attempts(session: Session, paper: Paper) -> list[ReproAttempt]:
    return list(session.scalars(
        select(ReproAttempt).where(ReproAttempt.paper_id == paper.id).order_by(ReproAttempt.number)
    ))


def record(lib: Library, ref: str) -> dict[str, Any]:
    """The paper's whole replication record; ``claims`` are measured against the current
    attempt (the last one in ``attempts``)."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        return _record(s, paper)


def _record(session: Session, paper: Paper) -> dict[str, Any]:
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
    return {
        "paper": paper.key,
        "title": paper.title,
        "status": paper.replication_state,
        "suggested_status": domain.suggest_status(c["verdict"] for c in claims),
        "attempt": current.number if current else None,
        "attempts": [_attempt_view(session, a, labels) for a in attempts],
        "claims": claims,
        "history": [
            {"from": h.old_state, "to": h.new_state, "at": iso(h.at),
             "attempt": numbers.get(h.attempt_id) if h.attempt_id else None}
            for h in history
        ],
    }


def summary(lib: Library) -> list[dict[str, Any]]:
    """Every paper with a record (an attempt, or claims the user entered), latest activity
    first."""
    with lib.session() as s:
        with_attempts = set(s.scalars(select(ReproAttempt.paper_id)))
        with_claims = set(s.scalars(select(Claim.paper_id).where(Claim.seeded.is_(False))))
        ids = with_attempts | with_claims
        if not ids:
            return []
        rows = []
        for paper in s.scalars(select(Paper).where(Paper.id.in_(ids))):
            rows.append(_summary_row(s, paper))
    rows.sort(key=lambda r: r["key"])
    rows.sort(key=lambda r: r["last_activity"] or "", reverse=True)
    return rows


def _summary_row(session: Session, paper: Paper) -> dict[str, Any]:
    attempts = _attempts(session, paper)
    current = attempts[-1] if attempts else None
    claims = claim_views(session, paper, current)
    stamps: list[datetime] = [
        c.created_at for c in claims_of(session, paper) if not c.seeded and c.created_at
    ]
    for a in attempts:
        stamps += [a.created_at, a.updated_at]
        stamps += [r.ran_at for r in runs_of(session, a)]
        stamps += list(session.scalars(select(ReproLog.at).where(ReproLog.attempt_id == a.id)))
    last = max((t for t in stamps if t is not None), default=None)
    return {
        "key": paper.key,
        "title": paper.title,
        "status": paper.replication_state,
        "suggested_status": domain.suggest_status(c["verdict"] for c in claims),
        "attempts": len(attempts),
        "claims_met": sum(c["verdict"] == domain.WITHIN for c in claims),
        "claims_total": len(claims),
        "last_activity": iso(last),
    }


# ---------------------------------------------------------------- status and attempt fields


def set_status(lib: Library, ref: str, state: str) -> dict[str, Any]:
    """Set the current attempt's status (the user decides; see ``suggested_status``)."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        old = paper.replication_state
        set_paper_status(s, paper, state)
        attempt = current_attempt(s, paper)
        return {"paper": paper.key, "old": old, "new": paper.replication_state,
                "attempt": attempt.number if attempt else None}


def new_attempt(lib: Library, ref: str, *, goal: str | None = None,
                scope: str | None = None) -> dict[str, Any]:
    """Start attempt N+1 (``planned``); earlier attempts keep their runs and log."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        attempt = start_attempt(s, paper, "planned")
        attempt.goal, attempt.scope = _text(goal), _text(scope)
        return {"paper": paper.key, **_attempt_view(s, attempt, {})}


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _update_attempt(lib: Library, ref: str, change: Callable[[ReproAttempt], None] | None = None,
                    **fields: Any) -> dict[str, Any]:
    """Set ``fields`` on the current attempt (created if needed), then apply ``change``; an
    error from ``change`` rolls everything back, the new attempt included."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        attempt = ensure_attempt(s, paper)
        for name, value in fields.items():
            setattr(attempt, name, value)
        if change is not None:
            change(attempt)
        touch(attempt)
        s.flush()
        labels = {c.id: c.label for c in claims_of(s, paper)}
        return {"paper": paper.key, **_attempt_view(s, attempt, labels)}


def set_repo(lib: Library, ref: str, url: str, commit: str | None = None) -> dict[str, Any]:
    url = url.strip()
    if not url:
        raise StateError("the repository URL is empty")
    fields: dict[str, Any] = {"repo_url": url}
    if commit is not None:
        fields["repo_commit"] = _text(commit)
    return _update_attempt(lib, ref, **fields)


def set_goal(lib: Library, ref: str, text: str | None) -> dict[str, Any]:
    return _update_attempt(lib, ref, goal=_text(text))


def set_scope(lib: Library, ref: str, text: str | None) -> dict[str, Any]:
    return _update_attempt(lib, ref, scope=_text(text))


def set_environment(lib: Library, ref: str, text: str | None = None, *,
                    set_kv: dict[str, str] | None = None,
                    unset: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
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


def set_compute(lib: Library, ref: str, *, budget: str | float | None = None,
                spent: str | float | None = None, add: str | float | None = None,
                unit: str | None = None) -> dict[str, Any]:
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
            attempt.compute_spent = (attempt.compute_spent or 0.0) + extra

    return _update_attempt(lib, ref, change, **fields)


def _non_negative(raw: str | float, what: str) -> float:
    value = domain.parse_number(raw, what)
    if value < 0:
        raise StateError(f"{what} must be 0 or more, not {raw!r}")
    return value


def add_log(lib: Library, ref: str, text: str) -> dict[str, Any]:
    if not text.strip():
        raise StateError("the log entry is empty")
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        attempt = ensure_attempt(s, paper)
        entry = ReproLog(attempt_id=attempt.id, at=utcnow_precise(), text=text.strip())
        s.add(entry)
        touch(attempt)
        return {"paper": paper.key, "attempt": attempt.number, "at": iso(entry.at),
                "text": entry.text}


__all__ = [
    "add_claim", "add_log", "add_run", "new_attempt", "record", "remove_claim", "remove_run",
    "set_compute", "set_environment", "set_goal", "set_repo", "set_scope", "set_status",
    "summary", "update_claim", "update_result",
]
