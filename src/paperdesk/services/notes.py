"""Notes: Markdown text per paper, saved with a revision so that concurrent edits never lose text.

A writer passes the revision it started from. If the stored note moved on meanwhile (another
process or window saved), both texts are kept: the stored one first, then the new one under a
marked heading, and the caller is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from paperdesk.library import Library
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Note, Paper, utcnow_precise

CONFLICT_MARK = "<!-- paperdesk: the text below was saved from another editor at {at} -->"


@dataclass(frozen=True)
class NoteState:
    paper: str
    body: str
    revision: int
    updated_at: datetime | None
    conflict: bool = False


def _note_of(session: Session, paper: Paper) -> Note:
    """The paper's note row, created empty if it has none yet."""
    if paper.note is None:
        paper.note = Note(paper_id=paper.id, body="", revision=0)
        session.add(paper.note)
    return paper.note


def get_note(lib: Library, ref: str) -> NoteState:
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        n = paper.note
        if n is None:
            return NoteState(paper.key, "", 0, None)
        return NoteState(paper.key, n.body, n.revision, n.updated_at)


def save_note(lib: Library, ref: str, body: str, base_revision: int | None = None) -> NoteState:
    """Store ``body``. With ``base_revision`` given and stale, keep both texts (conflict=True)."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        n = _note_of(s, paper)
        conflict = False
        if base_revision is not None and n.revision != base_revision and n.body != body:
            now = utcnow_precise()
            if body.strip() and not n.body.endswith(body):
                body = (
                    n.body.rstrip("\n")
                    + "\n\n"
                    + CONFLICT_MARK.format(at=now.isoformat())
                    + "\n"
                    + body
                )
            else:
                body = n.body
            conflict = True
        if body == n.body and not conflict:
            return NoteState(paper.key, n.body, n.revision, n.updated_at)
        n.body = body
        n.revision += 1
        n.updated_at = utcnow_precise()
        s.flush()
        return NoteState(paper.key, n.body, n.revision, n.updated_at, conflict)


def append_note(lib: Library, ref: str, text: str) -> NoteState:
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        n = _note_of(s, paper)
        sep = "" if not n.body else ("\n" if n.body.endswith("\n") else "\n\n")
        n.body = n.body + sep + text.rstrip("\n") + "\n"
        n.revision += 1
        n.updated_at = utcnow_precise()
        s.flush()
        return NoteState(paper.key, n.body, n.revision, n.updated_at)
