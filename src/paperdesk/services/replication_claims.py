"""Claims, runs and results of replication records (``services.replication`` re-exports the
mutators; the CLI and the TUI import from there).

A claim is paper-level; a run belongs to an attempt and carries results for any of the claims.
What an attempt *obtained* for a claim is the latest result among its runs.
"""

from __future__ import annotations

import re
from typing import TypedDict, Unpack

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from paperdesk import replication as domain
from paperdesk.dates import iso_time as iso
from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.replication_views import ClaimChange, ClaimRemoved, ClaimView, RunView
from paperdesk.services.replication_hook import (
    Names,
    author,
    author_names,
    current_attempt,
    lock_record,
)
from paperdesk.storage import repository as repo
from paperdesk.storage.columns import CLAIM_INPUT
from paperdesk.storage.models import (
    Claim,
    Paper,
    ReproAttempt,
    Run,
    RunResult,
    utcnow_precise,
)

LABEL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


# ---------------------------------------------------------------- views


def claims_of(session: Session, paper: Paper) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim).where(Claim.paper_id == paper.id).order_by(Claim.created_at, Claim.id)
        )
    )


def runs_of(session: Session, attempt: ReproAttempt) -> list[Run]:
    return list(
        session.scalars(
            select(Run).where(Run.attempt_id == attempt.id).order_by(Run.ran_at, Run.id)
        )
    )


def results_of(session: Session, runs: list[Run]) -> dict[int, dict[int, float]]:
    """run id → {claim id: value}."""
    out: dict[int, dict[int, float]] = {r.id: {} for r in runs}
    if runs:
        rows = session.execute(
            select(RunResult.run_id, RunResult.claim_id, RunResult.value)
            .where(RunResult.run_id.in_(list(out)))
            .order_by(RunResult.id)
        )
        for run_id, claim_id, value in rows:
            out[run_id][claim_id] = value
    return out


def obtained(session: Session, attempt: ReproAttempt | None) -> dict[int, float]:
    """claim id → the latest result in ``attempt`` (runs ordered by date, then id)."""
    if attempt is None:
        return {}
    runs = runs_of(session, attempt)
    results = results_of(session, runs)
    latest: dict[int, float] = {}
    for run in runs:
        latest.update(results[run.id])
    return latest


def claim_view(claim: Claim, value: float | None, names: Names | None = None) -> ClaimView:
    """A claim against the value obtained for it (None: not measured yet); ``by`` is the
    member who entered it (None for a seeded claim, or one entered before members)."""
    g = domain.gap(claim.value, value, claim.higher_is_better) if value is not None else None
    return {
        "label": claim.label,
        "metric": claim.metric,
        "setting": claim.setting,
        "value": claim.value,
        "unit": claim.unit,
        "higher_is_better": claim.higher_is_better,
        "source": claim.source,
        "tolerance": claim.tolerance,
        "tolerance_used": domain.effective_tolerance(claim.value, claim.tolerance),
        "seeded": claim.seeded,
        "by": (names or {}).get(claim.created_by),
        "obtained": value,
        "gap_abs": g.absolute if g else None,
        "gap_rel": g.relative if g else None,
        "verdict": domain.verdict(claim.value, value, claim.higher_is_better, claim.tolerance),
    }


def claim_views(session: Session, paper: Paper, attempt: ReproAttempt | None) -> list[ClaimView]:
    got = obtained(session, attempt)
    names = author_names(session)
    return [claim_view(c, got.get(c.id), names) for c in claims_of(session, paper)]


def run_view(
    run: Run,
    results: dict[int, float],
    labels: dict[int, str],
    names: Names | None = None,
) -> RunView:
    return {
        "id": run.id,
        "by": (names or {}).get(run.created_by),
        "ran_at": iso(run.ran_at),
        "command": run.command,
        "commit": run.commit,
        "notes": run.notes,
        "results": {labels[cid]: v for cid, v in results.items() if cid in labels},
    }


# ---------------------------------------------------------------- claims


def _find_claim(session: Session, paper: Paper, label: str) -> Claim:
    claim = session.scalar(
        select(Claim).where(Claim.paper_id == paper.id, Claim.label == label.strip())
    )
    if claim is None:
        known = ", ".join(c.label for c in claims_of(session, paper)) or "(none yet)"
        raise NotFoundError(f"no claim {label!r} for {paper.key}; claims: {known}")
    return claim


def _check_label(session: Session, paper: Paper, label: str, *, current: Claim | None) -> str:
    label = label.strip()
    if not LABEL_RE.fullmatch(label):
        raise StateError(
            f"claim label {label!r} may use letters, digits, '.', '_' and '-' only "
            "and must start with a letter or digit"
        )
    clash = session.scalar(select(Claim).where(Claim.paper_id == paper.id, Claim.label == label))
    if clash is not None and clash is not current:
        raise StateError(f"{paper.key} already has a claim {label!r}; choose another label")
    return label


def _free_label(session: Session, paper: Paper, base: str) -> str:
    taken = {c.label for c in claims_of(session, paper)}
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base}-{n}"
    return label


def _opt_text(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def add_claim(
    lib: Library,
    ref: str,
    *,
    metric: str,
    value: str | float,
    setting: str | None = None,
    unit: str | None = None,
    higher_is_better: bool = True,
    tolerance: str | float | None = None,
    source: str | None = None,
    label: str | None = None,
) -> ClaimChange:
    """Add what the paper reports. Without ``label`` one is made from metric and setting."""
    if not metric.strip():
        raise StateError("a claim needs a metric (e.g. BLEU)")
    number = domain.parse_number(value, "claim value")
    tol = domain.parse_tolerance(tolerance)

    def work(s: Session) -> ClaimChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        lock_record(s, paper)  # the labels read next stay free until this claim is in
        if label:
            free = _check_label(s, paper, label, current=None)
        else:
            free = _free_label(s, paper, domain.claim_label(metric, setting))
        claim = Claim(
            paper_id=paper.id,
            label=free,
            metric=metric.strip(),
            setting=_opt_text(setting),
            value=number,
            unit=_opt_text(unit),
            higher_is_better=bool(higher_is_better),
            source=_opt_text(source),
            tolerance=tol,
            seeded=False,
            created_by=author(s),
            created_at=utcnow_precise(),
        )
        s.add(claim)
        s.flush()
        got = obtained(s, current_attempt(s, paper))
        view = claim_view(claim, got.get(claim.id), author_names(s))
        return {"paper": paper.key, "claim": view}

    return lib.db.run(work)


class ClaimEdit(TypedDict, total=False):
    """The fields :func:`update_claim` changes (those given; the keys are
    :data:`paperdesk.storage.columns.CLAIM_INPUT`, which a test keeps equal). None leaves a
    field as it is, except ``tolerance`` (the default tolerance) and the texts (cleared)."""

    label: str | None
    metric: str | None
    setting: str | None
    value: str | float | None
    unit: str | None
    higher_is_better: bool | None
    source: str | None
    tolerance: str | float | None


def update_claim(
    lib: Library, ref: str, label: str, /, **changes: Unpack[ClaimEdit]
) -> ClaimChange:
    """Change some of a claim's fields (``label`` renames; ``tolerance=None`` restores the
    default tolerance). Results already recorded keep pointing at the claim."""
    unknown = set(changes) - set(CLAIM_INPUT)  # callers passing a dict of strings: checked here
    if unknown:
        raise StateError(f"unknown claim field(s): {', '.join(sorted(unknown))}")

    def work(s: Session) -> ClaimChange:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        lock_record(s, paper)
        claim = _find_claim(s, paper, label)
        if (new_label := changes.get("label")) is not None:
            claim.label = _check_label(s, paper, new_label, current=claim)
        if (metric := changes.get("metric")) is not None:
            if not str(metric).strip():
                raise StateError("a claim needs a metric (e.g. BLEU)")
            claim.metric = str(metric).strip()
        if (value := changes.get("value")) is not None:
            claim.value = domain.parse_number(value, "claim value")
        if "tolerance" in changes:
            claim.tolerance = domain.parse_tolerance(changes["tolerance"])
        if (higher := changes.get("higher_is_better")) is not None:
            claim.higher_is_better = bool(higher)
        if "setting" in changes:
            claim.setting = _opt_text(changes["setting"])
        if "unit" in changes:
            claim.unit = _opt_text(changes["unit"])
        if "source" in changes:
            claim.source = _opt_text(changes["source"])
        s.flush()
        got = obtained(s, current_attempt(s, paper))
        view = claim_view(claim, got.get(claim.id), author_names(s))
        return {"paper": paper.key, "claim": view}

    return lib.db.run(work)


def remove_claim(lib: Library, ref: str, label: str) -> ClaimRemoved:
    """Delete a claim and its results in every run."""

    def work(s: Session) -> ClaimRemoved:  # re-run when it lost a race (Database.run)
        paper = repo.find_paper(s, ref)
        claim = _find_claim(s, paper, label)
        n = len(s.scalars(select(RunResult.id).where(RunResult.claim_id == claim.id)).all())
        s.execute(delete(RunResult).where(RunResult.claim_id == claim.id))
        s.delete(claim)
        return {"paper": paper.key, "removed": claim.label, "results_removed": n}

    return lib.db.run(work)
