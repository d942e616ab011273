"""Every paper with a replication record, for ``repro --summary`` and the TUI: a handful of
whole-table queries, so it stays fast with thousands of records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from paperdesk import replication as domain
from paperdesk.dates import iso_time as iso
from paperdesk.library import Library
from paperdesk.storage.models import Claim, Paper, ReproAttempt, ReproLog, Run, RunResult


def summary(lib: Library) -> list[dict[str, Any]]:
    """Every paper with a record (an attempt, or claims the user entered), latest activity
    first. A handful of whole-table queries, so it stays fast with thousands of records."""
    with lib.session() as s:
        has_record = or_(
            Paper.id.in_(select(ReproAttempt.paper_id)),
            Paper.id.in_(select(Claim.paper_id).where(Claim.seeded.is_(False))),
        )
        papers = s.execute(
            select(Paper.id, Paper.key, Paper.title, Paper.replication_state).where(has_record)
        ).all()
        if not papers:
            return []
        attempts = s.execute(
            select(
                ReproAttempt.id,
                ReproAttempt.paper_id,
                ReproAttempt.number,
                ReproAttempt.created_at,
                ReproAttempt.updated_at,
            )
        ).all()
        claims = s.execute(
            select(
                Claim.id,
                Claim.paper_id,
                Claim.value,
                Claim.higher_is_better,
                Claim.tolerance,
                Claim.seeded,
                Claim.created_at,
            )
        ).all()
        last_run = dict(
            s.execute(select(Run.attempt_id, func.max(Run.ran_at)).group_by(Run.attempt_id)).all()
        )
        last_log = dict(
            s.execute(
                select(ReproLog.attempt_id, func.max(ReproLog.at)).group_by(ReproLog.attempt_id)
            ).all()
        )
        newest = (
            select(ReproAttempt.paper_id, func.max(ReproAttempt.number).label("n"))
            .group_by(ReproAttempt.paper_id)
            .subquery()
        )
        current_ids = select(ReproAttempt.id).join(
            newest,
            and_(ReproAttempt.paper_id == newest.c.paper_id, ReproAttempt.number == newest.c.n),
        )
        results = s.execute(
            select(RunResult.claim_id, RunResult.value)
            .join(Run, Run.id == RunResult.run_id)
            .where(Run.attempt_id.in_(current_ids))
            .order_by(Run.ran_at, Run.id)
        ).all()
    obtained = dict(results)  # ordered by run: the latest result per claim wins
    n_attempts: dict[int, int] = {}
    stamps: dict[int, list[datetime]] = {}
    for a in attempts:
        n_attempts[a.paper_id] = n_attempts.get(a.paper_id, 0) + 1
        stamps.setdefault(a.paper_id, []).extend(
            t for t in (a.created_at, a.updated_at, last_run.get(a.id), last_log.get(a.id)) if t
        )
    verdicts: dict[int, list[str]] = {}
    for c in claims:
        got = obtained.get(c.id) if n_attempts.get(c.paper_id) else None
        verdicts.setdefault(c.paper_id, []).append(
            domain.verdict(c.value, got, c.higher_is_better, c.tolerance)
        )
        if not c.seeded and c.created_at:
            stamps.setdefault(c.paper_id, []).append(c.created_at)
    rows = []
    for pid, key, title, status in papers:
        vs = verdicts.get(pid, [])
        rows.append(
            {
                "key": key,
                "title": title,
                "status": status,
                "suggested_status": domain.suggest_status(vs),
                "attempts": n_attempts.get(pid, 0),
                "claims_met": sum(v == domain.WITHIN for v in vs),
                "claims_total": len(vs),
                "last_activity": iso(max(stamps.get(pid, []), default=None)),
            }
        )
    rows.sort(key=lambda r: str(r["key"]))
    rows.sort(key=lambda r: str(r["last_activity"] or ""), reverse=True)
    return rows
