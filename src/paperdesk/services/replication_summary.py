"""Every paper with a replication record, for ``repro --summary`` and the TUI: a handful of
whole-table queries, so it stays fast with thousands of records. ``by`` keeps the papers where
one member made an attempt, a claim, a run or a log entry, and counts them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from paperdesk import replication as domain
from paperdesk.dates import iso_time as iso
from paperdesk.library import Library
from paperdesk.replication_views import SummaryRow
from paperdesk.storage.models import Claim, Paper, ReproAttempt, ReproLog, Run, RunResult


def summary(lib: Library, by: str | None = None) -> list[SummaryRow]:
    """Every paper with a record (an attempt, or claims the user entered), latest activity
    first.

    With ``by`` (a member's name; unknown: NotFoundError with the closest names) only the
    papers where that member made something, each with ``by``: the member and how many
    attempts, claims, runs and log entries they made."""
    with lib.session() as s:
        made = _made_by(s, by) if by is not None else None
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
    rows: list[SummaryRow] = []
    for pid, key, title, status in papers:
        if made is not None and pid not in made.counts:
            continue
        vs = verdicts.get(pid, [])
        row: SummaryRow = {
            "key": key,
            "title": title,
            "status": status,
            "suggested_status": domain.suggest_status(vs),
            "attempts": n_attempts.get(pid, 0),
            "claims_met": sum(v == domain.WITHIN for v in vs),
            "claims_total": len(vs),
            "last_activity": iso(max(stamps.get(pid, []), default=None)),
        }
        if made is not None:
            n = made.counts[pid]
            row["by"] = {
                "member": made.name,
                "attempts": n["attempts"],
                "claims": n["claims"],
                "runs": n["runs"],
                "log": n["log"],
            }
        rows.append(row)
    rows.sort(key=lambda r: str(r["key"]))
    rows.sort(key=lambda r: str(r["last_activity"] or ""), reverse=True)
    return rows


MADE = ("attempts", "claims", "runs", "log")


@dataclass
class _Made:
    """What one member made, per paper id: {"attempts", "claims", "runs", "log": count}."""

    name: str
    counts: dict[int, dict[str, int]] = field(default_factory=dict)


def _made_by(session: Session, name: str) -> _Made:
    from paperdesk.members import find_member

    member = find_member(session, name)
    made = _Made(member.name)
    queries = [
        select(ReproAttempt.paper_id, func.count())
        .where(ReproAttempt.created_by == member.id)
        .group_by(ReproAttempt.paper_id),
        select(Claim.paper_id, func.count())
        .where(Claim.created_by == member.id)
        .group_by(Claim.paper_id),
        *(
            select(ReproAttempt.paper_id, func.count())
            .select_from(table)
            .join(ReproAttempt, ReproAttempt.id == table.attempt_id)
            .where(table.created_by == member.id)
            .group_by(ReproAttempt.paper_id)
            for table in (Run, ReproLog)
        ),
    ]
    for kind, query in zip(MADE, queries, strict=True):
        for pid, n in session.execute(query):
            made.counts.setdefault(pid, dict.fromkeys(MADE, 0))[kind] = n
    return made


def attempts_per_member(lib: Library) -> dict[str, int]:
    """Member name → the replication attempts they started (``paperdesk members``)."""
    from paperdesk.storage.models import Member

    with lib.session() as s:
        rows = s.execute(
            select(Member.name, func.count(ReproAttempt.id))
            .join(ReproAttempt, ReproAttempt.created_by == Member.id)
            .group_by(Member.name)
        )
        return {name: n for name, n in rows}
