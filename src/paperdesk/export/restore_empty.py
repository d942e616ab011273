"""What counts as an empty library for a restore (:mod:`paperdesk.export.restore`), and
clearing the seed of one.

A library counts as empty when it holds nothing a user made — at most the seeded reading lists
with their papers and seeded claims, every paper unread and without a replication, and no
notes, tags, history, attempts, user lists, papers of their own, nor any suggestion or feed entry
dismissed. A fresh install (which seeds
the lists) is therefore empty, and an exact restore may replace it.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from paperdesk.export.backup_format import SEED_META_PREFIX
from paperdesk.storage.models import (
    Cite,
    Claim,
    FeedEntry,
    ListEntry,
    Meta,
    Note,
    Paper,
    PaperTag,
    Reading,
    ReadingList,
    ReadingPeriod,
    ReproAttempt,
    StateChange,
    StudyPlan,
    SuggestionDismissal,
)


def user_data(s: Session) -> list[str]:
    """What makes the library non-empty (see the module docstring); [] when it is empty."""
    seeded_papers = (
        select(ListEntry.paper_id)
        .join(ReadingList, ReadingList.id == ListEntry.list_id)
        .where(ReadingList.source == "seed")
    )
    checks = [
        (
            "papers of your own",
            select(func.count()).select_from(Paper).where(Paper.id.not_in(seeded_papers)),
        ),
        (
            "lists of your own",
            select(func.count()).select_from(ReadingList).where(ReadingList.source != "seed"),
        ),
        ("notes", select(func.count()).select_from(Note)),
        ("tagged papers", select(func.count(func.distinct(PaperTag.paper_id)))),
        ("state changes", select(func.count()).select_from(StateChange)),
        (
            "reading states",
            select(func.count()).select_from(Reading).where(Reading.state != "unread"),
        ),
        (
            "papers with a replication state",
            select(func.count()).select_from(Paper).where(Paper.replication_state != "none"),
        ),
        ("replication attempts", select(func.count()).select_from(ReproAttempt)),
        ("study plans", select(func.count()).select_from(StudyPlan)),
        ("reading time periods", select(func.count()).select_from(ReadingPeriod)),
        (
            "claims of your own",
            select(func.count()).select_from(Claim).where(Claim.seeded.is_(False)),
        ),
        ("dismissed suggestions", select(func.count()).select_from(SuggestionDismissal)),
        (
            "dismissed feed entries",
            select(func.count()).select_from(FeedEntry).where(FeedEntry.dismissed_at.is_not(None)),
        ),
    ]
    out = []
    for label, stmt in checks:
        if n := s.scalar(stmt):
            out.append(f"{label}: {n}")
    return out


def clear_seeded(s: Session) -> None:
    """Remove the seeded lists and papers of an empty library (and their seed markers)."""
    s.execute(delete(ListEntry))
    s.execute(delete(ReadingList))
    s.execute(delete(Cite))
    s.execute(delete(Claim))
    s.execute(delete(Paper))
    s.execute(delete(Meta).where(Meta.key.startswith(SEED_META_PREFIX)))
    s.flush()
    s.expunge_all()
