"""The citation graph: which library papers a paper's references cite, and how that was told.

A reference links to a library paper by its arXiv id, else its DOI, else its normalised title
(:func:`paperdesk.parse.refparse.title_norm`, the same function on both sides), checked by year
(±1) and by the first author's surname when both sides have them. The link records how it was
made in ``cites.method``. Every match is one ``INSERT … SELECT`` join: the papers' title keys go
into a temporary table once, so linking stays a join over indexed columns on 10,000 papers with
50 references each, never a loop over every pair.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
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

from paperdesk.keys import surname, words
from paperdesk.parse.refparse import TITLE_NORM_CHARS, title_norm
from paperdesk.storage.models import Cite, Paper, Reference

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


def link_citations(session: Session, paper_id: int) -> int:
    """Link ``paper_id`` to the library papers its references cite; returns how many new."""
    return _add_links(session, paper_id)


def relink_citations(session: Session) -> int:
    """Add every cites link that stored references imply: a paper added (or retitled) after
    the papers that cite it gets its "cited by" this way. Returns how many links were added."""
    return _add_links(session, None)


def _add_links(session: Session, paper_id: int | None) -> int:
    # counted, not summed from rowcount: drivers differ on INSERT … SELECT (psycopg says -1)
    before = _count(session, paper_id)
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
        if paper_id is not None:
            query = query.where(Reference.paper_id == paper_id)
        session.execute(insert(Cite).from_select(["citing_id", "cited_id", "method"], query))
        _name_old_links(session, method, match, paper_id)
    _link_by_title(session, paper_id)
    return _count(session, paper_id) - before


def _name_old_links(session: Session, method: str, match: Any, paper_id: int | None) -> None:
    """Links made before methods were recorded (or restored from a backup) say how they were
    made once a reference implies them."""
    implied = (
        select(Reference.id)
        .join(Paper, match)
        .where(Reference.paper_id == Cite.citing_id, Paper.id == Cite.cited_id)
        .exists()
    )
    stmt = update(Cite).where(Cite.method.is_(None), implied).values(method=method)
    if paper_id is not None:
        stmt = stmt.where(Cite.citing_id == paper_id)
    session.execute(stmt)


def _linked(citing: Any, cited: Any) -> Any:
    return exists().where(Cite.citing_id == citing, Cite.cited_id == cited)


def _link_by_title(session: Session, paper_id: int | None) -> None:
    refs = select(Reference.id).where(Reference.title_norm.is_not(None))
    if paper_id is not None:
        refs = refs.where(Reference.paper_id == paper_id)
    if paper_id is None:
        if session.scalar(refs.limit(1)) is None:
            return
        rows = list(_title_keys(session))
    else:
        # one paper's references: only titles holding one of their rarest words are candidates
        norms = list(session.scalars(select(Reference.title_norm).where(Reference.id.in_(refs))))
        if not norms:
            return
        rows = list(_title_keys(session, {max(n.split(), key=len) for n in norms}))
    if not rows:
        return
    conn = session.connection()
    # per connection; a pooled connection may still hold one from a failed run: emptied first
    _keys.create(conn, checkfirst=True)
    conn.execute(delete(_keys))
    conn.execute(insert(_keys), rows)
    _insert_title_links(session, paper_id)
    _keys.drop(conn)


def _insert_title_links(session: Session, paper_id: int | None) -> None:
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
    if paper_id is not None:
        query = query.where(Reference.paper_id == paper_id)
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


def _title_keys(session: Session, containing: set[str] | None = None) -> Any:
    """One row per library paper with a title long enough to match on; only those whose
    title contains one of the words ``containing`` when given (a prefilter in SQL: the full
    relink after a parse or an add catches a title the prefilter missed)."""
    query = select(Paper.id, Paper.title, Paper.year, Paper.authors)
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


def _count(session: Session, paper_id: int | None) -> int:
    query = select(func.count()).select_from(Cite)
    if paper_id is not None:
        query = query.where(Cite.citing_id == paper_id)
    return session.scalar(query) or 0
