"""Notes: Markdown text per paper, saved with a revision so that concurrent edits never lose text.

A writer passes the revision it started from and the text it had then. If the stored note
moved on meanwhile (another process or window saved), the two edits are merged three-way
(:mod:`merge3`, as ``git merge`` does): edits to different lines both apply, and text that both
sides inserted at the same place is kept, one after the other. Only when both changed the same
lines differently are both texts kept, the stored one first, then the new one under a marked
heading (a conflict copy), and the caller is told.

Notes are each member's own (one row per paper and member). Every write locks my note's row
first (``SELECT ... FOR UPDATE``), so two processes appending at once both land, and runs
through :meth:`Database.run`, which re-runs it after a lost race.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from paperdesk.library import Library
from paperdesk.members import ensure_member, member_id_for_read
from paperdesk.storage import repository as repo
from paperdesk.storage.db import insert_ignore
from paperdesk.storage.models import Note, Paper, utcnow_precise

CONFLICT_MARK = "<!-- paperdesk: the text below was saved from another editor at {at} -->"


@dataclass(frozen=True)
class NoteState:
    paper: str
    body: str
    revision: int
    updated_at: datetime | None
    conflict: bool = False  # both versions kept (the edits overlapped)
    merged: bool = False  # another edit was merged in: ``body`` is more than what was saved


def note_of(session: Session, paper_id: int, member_id: int | None = None) -> Note | None:
    """My note on a paper (or ``member_id``'s), None when there is none. Never writes."""
    from sqlalchemy import select

    mid = member_id_for_read(session) if member_id is None else member_id
    return session.scalar(select(Note).where(Note.paper_id == paper_id, Note.member_id == mid))


def lock_note(session: Session, paper: Paper) -> Note:
    """My note row on the paper as committed now, holding its row lock (created empty if I
    have none yet: ``ON CONFLICT DO NOTHING``, so a process creating it at the same time wins
    and this one then waits for it). Another member's note is another row: no waiting."""
    from sqlalchemy import select

    member = ensure_member(session)
    session.flush()
    insert_ignore(
        session,
        Note,
        paper_id=paper.id,
        member_id=member.id,
        body="",
        revision=0,
        updated_at=utcnow_precise(),
    )
    stmt = select(Note).where(Note.paper_id == paper.id, Note.member_id == member.id)
    note = session.scalar(stmt.with_for_update().execution_options(populate_existing=True))
    assert note is not None
    return note


def get_note(lib: Library, ref: str) -> NoteState:
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        n = note_of(s, paper.id)
        if n is None:
            return NoteState(paper.key, "", 0, None)
        return NoteState(paper.key, n.body, n.revision, n.updated_at)


def merge_texts(base: str, stored: str, new: str) -> str | None:
    """``new``'s edits of ``base`` applied to ``stored`` (three-way), or None when both changed
    the same lines differently. Text both sides inserted at one place is kept, stored first."""
    from merge3 import Merge3

    # compared with a final "\n" everywhere; the result ends as ``new`` does (what is on screen)
    z, a, b = (
        (t if t.endswith("\n") else t + "\n").splitlines(keepends=True) if t else []
        for t in (base, stored, new)
    )
    out: list[str] = []
    # a region is ("unchanged" | "a" | "same" | "b", start, end) or, for a conflict,
    # ("conflict", zstart, zend, astart, aend, bstart, bend)
    regions: Iterable[tuple[Any, ...]] = Merge3(z, a, b).merge_regions()
    for region in regions:
        kind = region[0]
        if kind == "unchanged":
            out.extend(z[region[1] : region[2]])
        elif kind in ("a", "same"):
            out.extend(a[region[1] : region[2]])
        elif kind == "b":
            out.extend(b[region[1] : region[2]])
        elif region[1] == region[2]:  # both inserted here: keep both (a "union" merge)
            out.extend(a[region[3] : region[4]])
            out.extend(b[region[5] : region[6]])
        else:
            return None
    text = "".join(out)
    return text if new.endswith("\n") or not text else text[:-1]


def save_note(
    lib: Library,
    ref: str,
    body: str,
    base_revision: int | None = None,
    base_body: str | None = None,
) -> NoteState:
    """Store ``body``. With ``base_revision`` given and stale, ``body`` is merged with the
    stored note (three-way from ``base_body``, the text the edit started from); without
    ``base_body`` or when the edits overlap, both texts are kept (``conflict=True``)."""

    def work(s: Session) -> NoteState:
        paper = repo.find_paper(s, ref)
        n = lock_note(s, paper)
        text, conflict, merged = body, False, False
        if base_revision is not None and n.revision != base_revision and n.body != body:
            combined = None if base_body is None else merge_texts(base_body, n.body, body)
            if combined is not None:
                text, merged = combined, combined != body
            else:
                text, conflict = _conflict_copy(n.body, body), True
        if text == n.body and not conflict:
            return NoteState(paper.key, n.body, n.revision, n.updated_at, merged=merged)
        n.body = text
        n.revision += 1
        n.updated_at = utcnow_precise()
        s.flush()
        return NoteState(paper.key, n.body, n.revision, n.updated_at, conflict, merged)

    return lib.db.run(work)


def _conflict_copy(stored: str, body: str) -> str:
    """The stored note, then ``body`` under a marked heading (unless already contained)."""
    if not body.strip() or stored.endswith(body):
        return stored
    mark = CONFLICT_MARK.format(at=utcnow_precise().isoformat())
    return stored.rstrip("\n") + "\n\n" + mark + "\n" + body


def append_note(lib: Library, ref: str, text: str) -> NoteState:
    def work(s: Session) -> NoteState:
        paper = repo.find_paper(s, ref)
        n = lock_note(s, paper)
        sep = "" if not n.body else ("\n" if n.body.endswith("\n") else "\n\n")
        n.body = n.body + sep + text.rstrip("\n") + "\n"
        n.revision += 1
        n.updated_at = utcnow_precise()
        s.flush()
        return NoteState(paper.key, n.body, n.revision, n.updated_at)

    return lib.db.run(work)
