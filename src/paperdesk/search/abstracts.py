"""One ``kind='abstract'`` passage per paper: title + blank line + abstract, section "Abstract".

They make a paper searchable (by words and by meaning) as soon as its metadata is known, before
any PDF is parsed. They are derived data: refreshed whenever the papers table changed since the
last refresh (a cheap fingerprint in ``meta``), so keyword search stays current without running
``paperdesk index``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from paperdesk.search.store import FINGERPRINT_KEY, REVISION_KEY, papers_fingerprint
from paperdesk.storage.fastread import Reader
from paperdesk.storage.models import Meta, Paper, Passage

SECTION = "Abstract"


@dataclass
class AbstractChanges:
    added: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.added + self.updated + self.removed


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def abstract_text(title: str | None, abstract: str | None, arxiv_id: str | None) -> str | None:
    """What the abstract passage of a paper says, or None when there is nothing real yet
    (a paper added by id whose metadata has not been fetched has a placeholder title)."""
    title = " ".join((title or "").split())
    abstract = " ".join((abstract or "").split())
    if arxiv_id and title == f"arXiv:{arxiv_id}":
        title = ""
    if abstract:
        return f"{title}\n\n{abstract}" if title else abstract
    return title or None


class _InSession(Reader):
    """A reader on the session's own connection, so that the fingerprint sees its unflushed
    work (a SessionReader opens another connection)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.session.execute(text(sql), params or {})]


def bump_revision(session: Session) -> None:
    """Tell index readers that passages changed in a way counts and ids may not show."""
    row = session.get(Meta, REVISION_KEY)
    if row is None:
        session.add(Meta(key=REVISION_KEY, value="1"))
    else:
        row.value = str(int(row.value or 0) + 1)


def refresh_if_changed(session: Session, *, force: bool = False) -> AbstractChanges:
    """Refresh when the papers table changed since the last refresh (or ``force``)."""
    stamp = papers_fingerprint(_InSession(session))
    row = session.get(Meta, FINGERPRINT_KEY)
    if not force and row is not None and row.value == stamp:
        return AbstractChanges()
    changes = refresh(session)
    row = session.get(Meta, FINGERPRINT_KEY)
    if row is None:
        session.add(Meta(key=FINGERPRINT_KEY, value=stamp))
    else:
        row.value = stamp
    return changes


def refresh(session: Session) -> AbstractChanges:
    """Create, update or delete abstract passages so that each paper has exactly the one its
    current title and abstract call for."""
    changes = AbstractChanges()
    existing: dict[int, list[Passage]] = {}
    for passage in session.scalars(
        select(Passage).where(Passage.kind == "abstract").order_by(Passage.id)
    ):
        existing.setdefault(passage.paper_id, []).append(passage)
    rows = session.execute(select(Paper.id, Paper.title, Paper.abstract, Paper.arxiv_id))
    for paper_id, title, abstract, arxiv_id in rows:
        want = abstract_text(title, abstract, arxiv_id)
        have = existing.pop(paper_id, [])
        keep = have[0] if have else None
        for extra in have[1:]:
            session.delete(extra)
            changes.removed += 1
        if want is None:
            if keep is not None:
                session.delete(keep)
                changes.removed += 1
            continue
        digest = content_hash(want)
        if keep is None:
            session.add(
                Passage(
                    paper_id=paper_id,
                    kind="abstract",
                    position=0,
                    section=SECTION,
                    text=want,
                    content_hash=digest,
                )
            )
            changes.added += 1
        elif keep.content_hash != digest:
            keep.text, keep.content_hash, keep.section = want, digest, SECTION
            changes.updated += 1
    for orphans in existing.values():  # papers deleted without the cascade (should not happen)
        for passage in orphans:
            session.delete(passage)
            changes.removed += 1
    if changes.changed:
        bump_revision(session)
    session.flush()
    return changes
