"""The citation graph: which library papers a paper's references cite, and how that was told.

A reference links to a library paper by its arXiv id, else its DOI, else its normalised title
(:func:`paperdesk.parse.refparse.title_norm`, the same function on both sides), checked by year
(±1) and by the first author's surname when both sides have them. The link records how it was
made in ``cites.method``. Every match is one ``INSERT … SELECT`` join: the papers' title keys go
into a temporary table once, so linking stays a join over indexed columns on 10,000 papers with
50 references each, never a loop over every pair.

Linking is incremental: :func:`relink_citations` looks only at the papers added or changed
since it last ran (a new paper, a re-parse, a new title, DOI or arXiv id all touch the paper's
``updated_at``; a new paper also has an id above the last one seen), linking their references
against the whole library and the whole library's references against them. Every link between
two unchanged papers was made the time before, so the result is that of a full relink.
A re-parse drops the paper's old links first (:func:`unlink_citing`): a link whose reference
is gone goes with it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    SQLColumnExpression,
    String,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Exists

from paperdesk.keys import surname, words
from paperdesk.parse.refparse import TITLE_NORM_CHARS, title_norm
from paperdesk.storage.models import Cite, Meta, Paper, Reference, utcnow_precise

METHODS = ("arxiv", "doi", "title")
MIN_TITLE_WORDS = 2  # a one-word title ("BERT") is too easily someone else's

_meta = MetaData()
_keys = Table(
    "tmp_paper_title_keys",
    _meta,
    Column("paper_id", Integer, primary_key=True),
    Column("title_norm", String(TITLE_NORM_CHARS), index=True),
    Column("year", Integer),
    Column("surname", String(200)),
    prefixes=["TEMPORARY"],
)


MARK = "cites.linked"  # meta: when the last relink started and the highest paper id it saw
# a change flushed before the relink started but committed after it read the papers (a
# parse's save flushes, links its references, then commits: well under a second)
SLACK = timedelta(seconds=10)
FULL_ABOVE = 2000  # more changed papers than this: one full relink is the cheaper join


@dataclass(frozen=True, slots=True)
class _Mark:
    at: datetime
    paper_id: int


def link_citations(session: Session, paper_id: int) -> int:
    """Link ``paper_id`` to the library papers its references cite; returns how many new.
    Quick (title candidates prefiltered in SQL); the next :func:`relink_citations` is exact."""
    return _add_links(session, {paper_id}, None, prefilter=True)


def relink_citing(session: Session, paper_id: int) -> int:
    """After a (re-)parse: the paper's links are those its new references make; returns how
    many it did not have before."""
    had = set(session.scalars(select(Cite.cited_id).where(Cite.citing_id == paper_id)))
    unlink_citing(session, paper_id)
    link_citations(session, paper_id)
    now = set(session.scalars(select(Cite.cited_id).where(Cite.citing_id == paper_id)))
    return len(now - had)


def unlink_citing(session: Session, paper_id: int) -> None:
    """A re-parse replaces the paper's references: its links go, the new references make
    theirs. The paper counts as changed for the next relink even when its row is not."""
    session.execute(delete(Cite).where(Cite.citing_id == paper_id))
    session.execute(update(Paper).where(Paper.id == paper_id).values(updated_at=utcnow_precise()))


def relink_citations(session: Session, *, full: bool = False) -> int:
    """Add the cites links that stored references imply, looking at what changed since the last
    relink (``full``, or the first time: everything). A paper added (or retitled) after the
    papers that cite it gets its "cited by" this way. Returns how many links were added."""
    started = utcnow_precise()
    mark = None if full else _read_mark(session)
    top = session.scalar(select(func.max(Paper.id))) or 0
    changed: list[int] = []
    if mark is not None:
        changed = list(
            session.scalars(
                select(Paper.id).where(
                    or_(Paper.updated_at >= mark.at - SLACK, Paper.id > mark.paper_id)
                )
            )
        )
    if mark is None or len(changed) > FULL_ABOVE:
        added = _add_links(session, None, None)
    elif changed:
        before = _count(session, None)
        _add_links(session, set(changed), None)
        _add_links(session, None, set(changed))
        added = _count(session, None) - before
    else:
        added = 0
    _write_mark(session, _Mark(started, top))
    return added


def _read_mark(session: Session) -> _Mark | None:
    raw = session.get(Meta, MARK)
    try:
        data = json.loads(raw.value) if raw is not None else None
        return _Mark(datetime.fromisoformat(data["at"]), int(data["paper_id"])) if data else None
    except (ValueError, KeyError, TypeError):
        return None  # unreadable: relink everything once


def _write_mark(session: Session, mark: _Mark) -> None:
    value = json.dumps({"at": mark.at.isoformat(), "paper_id": mark.paper_id})
    row = session.get(Meta, MARK)
    if row is None:
        session.add(Meta(key=MARK, value=value))
    else:
        row.value = value
    session.flush()


def _add_links(
    session: Session,
    citing: Collection[int] | None,
    cited: Collection[int] | None,
    *,
    prefilter: bool = False,
) -> int:
    """Links from the references of ``citing`` (None: every paper's) to ``cited`` (None: every
    paper)."""
    # counted, not summed from rowcount: drivers differ on INSERT … SELECT (psycopg says -1)
    before = _count(session, citing)
    for method, match in (
        ("arxiv", and_(Reference.arxiv_id.is_not(None), Paper.arxiv_id == Reference.arxiv_id)),
        ("doi", and_(Reference.doi.is_not(None), func.lower(Paper.doi) == Reference.doi)),
    ):
        query = (
            select(Reference.paper_id, Paper.id, literal(method))
            .distinct()
            .join(Paper, match)
            .where(Reference.paper_id != Paper.id, ~_linked(Reference.paper_id, Paper.id))
        )
        if citing is not None:
            query = query.where(Reference.paper_id.in_(citing))
        if cited is not None:
            query = query.where(Paper.id.in_(cited))
        session.execute(insert(Cite).from_select(["citing_id", "cited_id", "method"], query))
        _name_old_links(session, method, match, citing, cited)
    _link_by_title(session, citing, cited, prefilter)
    return _count(session, citing) - before


def _name_old_links(
    session: Session,
    method: str,
    match: Any,
    citing: Collection[int] | None,
    cited: Collection[int] | None,
) -> None:
    """Links made before methods were recorded (or restored from a backup) say how they were
    made once a reference implies them."""
    implied = (
        select(Reference.id)
        .join(Paper, match)
        .where(Reference.paper_id == Cite.citing_id, Paper.id == Cite.cited_id)
        .exists()
    )
    stmt = update(Cite).where(Cite.method.is_(None), implied).values(method=method)
    if citing is not None:
        stmt = stmt.where(Cite.citing_id.in_(citing))
    if cited is not None:
        stmt = stmt.where(Cite.cited_id.in_(cited))
    session.execute(stmt)


def _linked(citing: SQLColumnExpression[int], cited: SQLColumnExpression[int]) -> Exists:
    return exists().where(Cite.citing_id == citing, Cite.cited_id == cited)


def _link_by_title(
    session: Session,
    citing: Collection[int] | None,
    cited: Collection[int] | None,
    prefilter: bool = False,
) -> None:
    refs = select(Reference.title_norm).where(Reference.title_norm.is_not(None))
    if citing is not None:
        refs = refs.where(Reference.paper_id.in_(citing))
    if session.scalar(refs.limit(1)) is None:
        return
    if prefilter:
        # one paper's references: only titles holding one of their rarest words are candidates
        norms = list(session.scalars(refs))
        rows = list(
            _title_keys(session, cited, {max(n.split(), key=len) for n in norms if n and n.split()})
        )
    else:
        rows = list(_title_keys(session, cited))
    if not rows:
        return
    conn = session.connection()
    # per connection; a pooled connection may still hold one from a failed run: emptied first
    _keys.create(conn, checkfirst=True)
    conn.execute(delete(_keys))
    conn.execute(insert(_keys), rows)
    _insert_title_links(session, citing)
    _keys.drop(conn)


def _insert_title_links(session: Session, citing: Collection[int] | None) -> None:
    """The candidates of the title join, checked by first author, become "title" links."""
    year_ok = or_(
        Reference.year.is_(None),
        _keys.c.year.is_(None),
        func.abs(Reference.year - _keys.c.year) <= 1,
    )
    query = (
        select(Reference.paper_id, _keys.c.paper_id, Reference.authors, _keys.c.surname)
        .join(_keys, _keys.c.title_norm == Reference.title_norm)
        .where(
            Reference.paper_id != _keys.c.paper_id,
            year_ok,
            ~_linked(Reference.paper_id, _keys.c.paper_id),
        )
    )
    if citing is not None:
        query = query.where(Reference.paper_id.in_(citing))
    pairs = {
        (citing, cited)
        for citing, cited, authors, name in session.execute(query)
        if _same_first_author(authors, name)
    }
    if pairs:
        session.execute(
            insert(Cite),
            [{"citing_id": a, "cited_id": b, "method": "title"} for a, b in sorted(pairs)],
        )


def _title_keys(
    session: Session, papers: Collection[int] | None, containing: set[str] | None = None
) -> Iterator[dict[str, Any]]:
    """One row per library paper (of ``papers`` when given) with a title long enough to match
    on; only those whose title contains one of the words ``containing`` when given (a
    prefilter in SQL: the relink after a parse or an add catches a title it missed)."""
    query = select(Paper.id, Paper.title, Paper.year, Paper.authors)
    if papers is not None:
        query = query.where(Paper.id.in_(papers))
    if containing is not None:
        query = query.where(or_(*(func.lower(Paper.title).contains(w) for w in containing)))
    for pid, title, year, authors in session.execute(query):
        key = title_norm(title)
        if not key or len(key.split()) < MIN_TITLE_WORDS:
            continue
        name = surname(authors[0]) if authors else ""
        yield {"paper_id": pid, "title_norm": key, "year": year, "surname": name or None}


def _same_first_author(ref_authors: list[str] | None, paper_surname: str | None) -> bool:
    """The check on a title match: the reference's first author has the paper's first
    author's surname (either side missing: no evidence against)."""
    if not ref_authors or not paper_surname:
        return True
    mine = surname(ref_authors[0])
    if not mine:
        return True
    if mine == paper_surname or paper_surname in words(ref_authors[0]):
        return True
    # "Van Gundy" / "Gundy", "Hinton" / "Hinton-Smith": one surname part of the other
    short, long_ = sorted((mine, paper_surname), key=len)
    return len(short) >= 4 and short in long_


def _count(session: Session, citing: Collection[int] | None) -> int:
    query = select(func.count()).select_from(Cite)
    if citing is not None:
        query = query.where(Cite.citing_id.in_(citing))
    return session.scalar(query) or 0
