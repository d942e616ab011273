"""One ``kind='abstract'`` passage per paper: title + blank line + abstract, section "Abstract".

A paper whose abstract is not known yet (a seeded paper before any fetch) gets what its reading
lists say about it instead: the entry's ``summary`` and its ``why`` lines, section "Summary",
until a real abstract arrives and replaces them. The summaries are read from the lists' files
(the seeded ones ship with the package), the ``why`` lines from the database.

They make a paper searchable (by words and by meaning) as soon as its metadata is known, before
any PDF is parsed. They are derived data: refreshed whenever the papers table changed since the
last refresh (a cheap fingerprint in ``meta``), so keyword search stays current without running
``paperdesk index``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from paperdesk.search.store import FINGERPRINT_KEY, REVISION_KEY, papers_fingerprint
from paperdesk.storage.fastread import Reader
from paperdesk.storage.models import ListEntry, Meta, Paper, Passage, ReadingList

SECTION = "Abstract"
SUMMARY_SECTION = "Summary"


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


def abstract_text(
    title: str | None,
    abstract: str | None,
    arxiv_id: str | None,
    *,
    summary: str | None = None,
    why: Sequence[str] = (),
) -> str | None:
    """What the abstract passage of a paper says, or None when there is nothing real yet
    (a paper added by id whose metadata has not been fetched has a placeholder title).
    Without an abstract, the reading lists' ``summary`` and ``why`` lines stand in for it."""
    title = " ".join((title or "").split())
    abstract = " ".join((abstract or "").split())
    if arxiv_id and title == f"arXiv:{arxiv_id}":
        title = ""
    if not abstract:
        said = [" ".join(t.split()) for t in (summary or "", *why)]
        abstract = " ".join(dict.fromkeys(t for t in said if t))
    if abstract:
        return f"{title}\n\n{abstract}" if title else abstract
    return title or None


@dataclass(frozen=True)
class ListNotes:
    """What a paper's reading lists say about it."""

    summary: str | None = None
    why: tuple[str, ...] = ()


_Summaries = tuple[dict[str, str], dict[str, str]]  # by arXiv id, by lower-cased title
_file_cache: dict[tuple[str, int, int], _Summaries] = {}


def _summaries(path: Path) -> _Summaries:
    """The summaries of one list file by arXiv id and by title (empty when it is gone or
    broken: a file edited since it was loaded costs its summaries, never the refresh)."""
    from paperdesk.errors import ReadingListError
    from paperdesk.readinglists import load_list_file

    try:
        st = path.stat()
    except OSError:
        return {}, {}
    stamp = (str(path), st.st_mtime_ns, st.st_size)
    if stamp not in _file_cache:
        by_id: dict[str, str] = {}
        by_title: dict[str, str] = {}
        try:
            entries = load_list_file(path).entries
        except ReadingListError:
            entries = ()
        for e in entries:
            if e.summary and e.arxiv:
                by_id[e.arxiv.base] = e.summary
            elif e.summary and e.title:
                by_title[e.title.casefold()] = e.summary
        _file_cache[stamp] = (by_id, by_title)
    return _file_cache[stamp]


def _list_file(source: str | None, source_path: str | None) -> Path | None:
    """A list's file: a seeded list's from the installed package (wherever it was seeded
    from), a user's list where it was loaded from."""
    if not source_path:
        return None
    if source == "seed":
        from paperdesk.readinglists import seed_dir

        return seed_dir() / Path(source_path).name
    return Path(source_path)


def list_notes(session: Session, papers: dict[int, tuple[str, str | None]]) -> dict[int, ListNotes]:
    """Paper id → its lists' summary and ``why`` lines, for ``papers`` (id → title, arXiv id)."""
    rows = session.execute(
        select(ListEntry.paper_id, ListEntry.why, ReadingList.source, ReadingList.source_path)
        .join(ReadingList, ReadingList.id == ListEntry.list_id)
        .order_by(ReadingList.id, ListEntry.position)
    )
    summary: dict[int, str] = {}
    why: dict[int, list[str]] = {}
    for paper_id, line, source, source_path in rows:
        if paper_id not in papers:
            continue
        if line:
            why.setdefault(paper_id, []).append(line)
        path = _list_file(source, source_path)
        if paper_id in summary or path is None:
            continue
        title, arxiv_id = papers[paper_id]
        by_id, by_title = _summaries(path)
        found = by_id.get(arxiv_id or "") or by_title.get(" ".join(title.split()).casefold())
        if found:
            summary[paper_id] = found
    return {
        pid: ListNotes(summary.get(pid), tuple(why.get(pid, ())))
        for pid in summary.keys() | why.keys()
    }


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
    rows = list(session.execute(select(Paper.id, Paper.title, Paper.abstract, Paper.arxiv_id)))
    bare = {pid: (title or "", arxiv_id) for pid, title, abstract, arxiv_id in rows if not abstract}
    notes = list_notes(session, bare) if bare else {}
    for paper_id, title, abstract, arxiv_id in rows:
        said = notes.get(paper_id, ListNotes())
        want = abstract_text(title, abstract, arxiv_id, summary=said.summary, why=said.why)
        section = SUMMARY_SECTION if not abstract and (said.summary or said.why) else SECTION
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
                    section=section,
                    text=want,
                    content_hash=digest,
                )
            )
            changes.added += 1
        elif keep.content_hash != digest or keep.section != section:
            keep.text, keep.content_hash, keep.section = want, digest, section
            changes.updated += 1
    for orphans in existing.values():  # papers deleted without the cascade (should not happen)
        for passage in orphans:
            session.delete(passage)
            changes.removed += 1
    if changes.changed:
        bump_revision(session)
    session.flush()
    return changes
