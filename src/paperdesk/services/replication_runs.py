"""Runs and their results (``services.replication`` re-exports the mutators).

A run belongs to an attempt and carries results for any of the paper's claims. A result names
its claim by label or, when only one claim has it, by metric (:func:`paperdesk.replication.
claim_for`): ``--result perplexity=18.6`` for the only perplexity claim. A run is removed only
from the attempt it belongs to: one of an earlier attempt needs that attempt named.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from paperdesk import replication as domain
from paperdesk.dates import parse_time
from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.replication_views import RunChange, RunRemoved
from paperdesk.services.replication_claims import (
    _find_claim,
    _opt_text,
    claims_of,
    results_of,
    run_view,
    runs_of,
)
from paperdesk.services.replication_hook import (
    author,
    author_names,
    current_attempt,
    lock_record,
    start_attempt,
    touch,
)
from paperdesk.states import check_state
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Claim, Paper, ReproAttempt, Run, RunResult, utcnow_precise


def result_claim(session: Session, paper: Paper, name: str) -> Claim:
    """The claim a result's ``name`` means: its label, or a metric only one claim has."""
    claims = claims_of(session, paper)
    views = [{"label": c.label, "metric": c.metric} for c in claims]
    label = domain.claim_for(name.strip(), views)
    if label is None:
        return _find_claim(session, paper, name)  # not found: the error lists the claims
    return next(c for c in claims if c.label == label)


def _parse_results(
    session: Session, paper: Paper, results: dict[str, str | float]
) -> dict[int, float]:
    """{name: value} → {claim id: number}, every name a claim's and every value a number."""
    out: dict[int, float] = {}
    named: dict[int, str] = {}
    for name, raw in results.items():
        claim = result_claim(session, paper, name)
        if claim.id in named:
            raise StateError(f"results {named[claim.id]!r} and {name!r} are both for {claim.label}")
        named[claim.id] = name
        out[claim.id] = domain.parse_number(raw, f"result for {claim.label}")
    return out


def _parse_when(when: str | datetime | None) -> datetime:
    return utcnow_precise() if when is None else parse_time(when, "date")


def _run_attempt(session: Session, paper: Paper) -> ReproAttempt:
    """The attempt a new run goes to: a planned (or missing) attempt becomes ``running``."""
    from paperdesk import tracking

    lock_record(session, paper)
    attempt = current_attempt(session, paper)
    if attempt is None:
        return start_attempt(session, paper, "running")
    if attempt.status in ("planned", "none"):
        attempt.status = check_state("replication", "running")
        tracking.set_state(session, paper, "replication", "running", attempt_id=attempt.id)
    return attempt


def add_run(
    lib: Library,
    ref: str,
    results: dict[str, str | float] | None = None,
    *,
    command: str | None = None,
    commit: str | None = None,
    notes: str | None = None,
    ran_at: str | datetime | None = None,
) -> RunChange:
    """Record a run of the current attempt with results for any claims ({label: value})."""
    when = _parse_when(ran_at)

    def work(s: Session) -> RunChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        values = _parse_results(s, paper, results or {})
        attempt = _run_attempt(s, paper)
        run = Run(
            attempt_id=attempt.id,
            ran_at=when,
            command=_opt_text(command),
            commit=_opt_text(commit),
            notes=_opt_text(notes),
            created_by=author(s),
        )
        s.add(run)
        s.flush()
        for claim_id, value in values.items():
            s.add(RunResult(run_id=run.id, claim_id=claim_id, value=value))
        touch(attempt)
        s.flush()
        labels = {c.id: c.label for c in claims_of(s, paper)}
        view = run_view(run, values, labels, author_names(s))
        return {"paper": paper.key, "attempt": attempt.number, "run": view}

    return lib.db.run(work)


def _find_run(session: Session, paper: Paper, run_id: int | str) -> Run:
    try:
        rid = int(run_id)
    except (TypeError, ValueError):
        raise StateError(f"run id must be a whole number, not {run_id!r}") from None
    run = session.scalar(
        select(Run)
        .join(ReproAttempt, ReproAttempt.id == Run.attempt_id)
        .where(Run.id == rid, ReproAttempt.paper_id == paper.id)
    )
    if run is None:
        raise NotFoundError(
            f"no run {run_id!r} for {paper.key} (see 'paperdesk repro {paper.key}')"
        )
    return run


def update_result(
    lib: Library,
    ref: str,
    label: str,
    value: str | float | None,
    *,
    run_id: int | str | None = None,
) -> RunChange:
    """Set (or with ``value=None`` clear) one claim's result in a run: by default the latest
    run of the current attempt, created ("entered by hand") when there is none."""

    def work(s: Session) -> RunChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        claim = result_claim(s, paper, label)
        number = (
            domain.parse_number(value, f"result for {claim.label}") if value is not None else None
        )
        if run_id is not None:
            run = _find_run(s, paper, run_id)
        else:
            attempt = current_attempt(s, paper)
            runs = runs_of(s, attempt) if attempt else []
            if runs:
                run = runs[-1]
            else:
                if number is None:
                    raise NotFoundError(f"{paper.key} has no run with a result for {claim.label}")
                attempt = _run_attempt(s, paper)
                run = Run(
                    attempt_id=attempt.id,
                    ran_at=utcnow_precise(),
                    notes="entered by hand",
                    created_by=author(s),
                )
                s.add(run)
                s.flush()
        row = s.scalar(
            select(RunResult).where(RunResult.run_id == run.id, RunResult.claim_id == claim.id)
        )
        if number is None:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(RunResult(run_id=run.id, claim_id=claim.id, value=number))
        else:
            row.value = number
        attempt = s.get(ReproAttempt, run.attempt_id)
        if attempt is not None:
            touch(attempt)
        s.flush()
        labels = {c.id: c.label for c in claims_of(s, paper)}
        results = results_of(s, [run])[run.id]
        return {
            "paper": paper.key,
            "attempt": attempt.number if attempt else None,
            "run": run_view(run, results, labels, author_names(s)),
        }

    return lib.db.run(work)


def remove_run(
    lib: Library, ref: str, run_id: int | str, *, attempt: int | str | None = None
) -> RunRemoved:
    """Remove a run of the current attempt, or of attempt ``attempt`` when it is named: a run
    id of an earlier attempt (ids run across attempts) is refused unless its attempt is."""
    wanted = _attempt_number(attempt) if attempt is not None else None

    def work(s: Session) -> RunRemoved:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        run = _find_run(s, paper, run_id)
        owner = s.get(ReproAttempt, run.attempt_id)
        current = current_attempt(s, paper)
        number = owner.number if owner else None
        if wanted is not None:
            if wanted != number:
                raise StateError(
                    f"run {run.id} of {paper.key} belongs to attempt {number}, "
                    f"not attempt {wanted}; nothing removed"
                )
        elif current is not None and owner is not None and owner.id != current.id:
            raise StateError(
                f"run {run.id} belongs to attempt {number}, not the current attempt "
                f"{current.number}; nothing removed (to remove it: paperdesk repro {paper.key} "
                f"run rm {run.id} --attempt {number})"
            )
        s.execute(delete(RunResult).where(RunResult.run_id == run.id))
        s.delete(run)
        if owner is not None:
            touch(owner)
        return {"paper": paper.key, "removed_run": run.id, "attempt": number}

    return lib.db.run(work)


def _attempt_number(raw: int | str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise StateError(f"attempt must be a whole number, not {raw!r}") from None
