"""Queries on the ORM that more than one service needs."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError, NotFoundError, PaperdeskError, StateError
from paperdesk.ids import ArxivId, normalize_doi, parse_arxiv_id
from paperdesk.members import ensure_member, member_id_for_read
from paperdesk.storage.db import changed, insert_ignore, lock_row
from paperdesk.storage.keying import holder
from paperdesk.storage.models import Cite, Paper, PaperTag, ReadingList, Tag, utcnow


def parse_ref(ref: str) -> tuple[str, str]:
    """Classify what a user typed to name a paper: ``("arxiv"|"doi"|"key"|"title", value)``."""
    text = ref.strip()
    try:
        return "arxiv", parse_arxiv_id(text).base
    except InvalidIdError as exc:
        if doi := normalize_doi(text):
            return "doi", doi
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]{0,99}", text) and not re.fullmatch(
            r"[\d.v]+", text
        ):
            return "key", text
        if re.search(r"\s", text) and re.search(r"[^\W\d_]", text):  # words: a title
            return "title", text
        raise exc


def find_paper(session: Session, ref: str) -> Paper:
    """The paper ``ref`` names: an arXiv id in any form, a DOI, its key, or an earlier key of
    it (an alias: the key before migration 0005, or before ``paperdesk key``), its title in any
    case, or its name (``BERT``, ``GPT-3``: :mod:`paperdesk.papernames`) when one paper has it;
    else :class:`NotFoundError`, which lists the papers when the title or name is several's."""
    try:
        kind, value = parse_ref(ref)
    except InvalidIdError as exc:
        # a name with other characters ("LLM.int8()"), but never a mistyped id or URL, whose
        # error says what is wrong with it, and which library ids are close to it
        if not re.search(r"[^\W\d_]", ref) or re.search(r"arxiv|/|\d{4}\.\d", ref, re.I):
            near = _close_ids(session, ref)
            if near:
                raise InvalidIdError(f"{exc}{near}") from None
            raise
        kind, value = "title", ref.strip()
    paper = None
    same: list[Paper] = []
    if kind == "arxiv":
        paper = session.scalar(select(Paper).where(Paper.arxiv_id == value))
    elif kind == "doi":
        paper = session.scalar(select(Paper).where(func.lower(Paper.doi) == value).limit(1))
    elif kind == "title":  # the one paper of that title, in any case
        query = select(Paper).where(func.lower(Paper.title) == value.lower()).order_by(Paper.id)
        same = list(session.scalars(query))
        paper = same[0] if len(same) == 1 else None
    if paper is None:
        paper = holder(session, value if kind == "key" else ref.strip())
    if paper is None and kind in ("key", "title"):
        if len(same) < 2:
            same = _named(session, ref)
        if len(same) == 1:
            return same[0]
        if same:
            raise _ambiguous(ref.strip(), same)
    if paper is None:
        raise _unknown_paper(session, ref.strip(), kind, value)
    return paper


def find_papers(
    session: Session, refs: Sequence[str]
) -> tuple[list[Paper], list[tuple[str, PaperdeskError]]]:
    """The paper each ref names (each once, in the order named), and each ref that names none
    with why: a batch does the good ones and reports the others (``add``, ``fetch``,
    ``parse``). When no ref names a paper, that is the one error (:func:`none_found`)."""
    papers: list[Paper] = []
    errors: list[tuple[str, PaperdeskError]] = []
    for ref in refs:
        try:
            paper = find_paper(session, ref)
        except PaperdeskError as exc:
            errors.append((ref, exc))
            continue
        if paper not in papers:
            papers.append(paper)
    return papers, errors


def none_found(errors: Sequence[tuple[str, PaperdeskError]]) -> PaperdeskError:
    """One error for refs none of which names a paper: the first one's kind, every reason."""
    return type(errors[0][1])("; ".join(str(e) for _, e in errors))


def _close_ids(session: Session, ref: str) -> str:
    """``; did you mean '1706.03762'?`` for a malformed id (``1706.0376``): the library's
    arXiv ids closest to the id-like part of ``ref``; ``""`` when none is close."""
    from paperdesk.closest import did_you_mean

    found = re.search(r"\d{4}\.\d+(v\d+)?", ref) or re.search(r"[a-z-]+(\.[A-Z]{2})?/\d+", ref)
    word = found.group() if found else ref.strip()
    ids = session.scalars(select(Paper.arxiv_id).where(Paper.arxiv_id.is_not(None)))
    near = did_you_mean(word, (i for i in ids if i))  # " (did you mean 'a' or 'b'?)"
    return f"; {near.strip()[1:-1]}" if near else ""


def _names(session: Session) -> dict[str, set[int]]:
    """Every paper name (:func:`paperdesk.papernames.paper_names`) → the papers that have it."""
    from paperdesk.papernames import paper_names
    from paperdesk.storage.models import ListEntry

    whys: dict[int, list[str | None]] = {}
    for pid, why in session.execute(select(ListEntry.paper_id, ListEntry.why)):
        whys.setdefault(pid, []).append(why)
    out: dict[str, set[int]] = {}
    for pid, title in session.execute(select(Paper.id, Paper.title)):
        for name in paper_names(title, whys.get(pid, ())):
            out.setdefault(name, set()).add(pid)
    return out


def _named(session: Session, ref: str) -> list[Paper]:
    """The papers ``ref`` is the name of (case and punctuation aside), oldest first."""
    from paperdesk.papernames import name_words

    ids = _names(session).get(name_words(ref), set())
    if not ids:
        return []
    return list(session.scalars(select(Paper).where(Paper.id.in_(ids)).order_by(Paper.id)))


def _ambiguous(ref: str, papers: Sequence[Paper]) -> NotFoundError:
    shown = "; ".join(f"{p.key} ({p.title}, {p.year or 'no year'})" for p in papers[:5])
    more = f"; and {len(papers) - 5} more" if len(papers) > 5 else ""
    return NotFoundError(
        f"{ref!r} is ambiguous: {len(papers)} papers have that title or name: {shown}{more}; "
        "name one by its key"
    )


def _unknown_paper(session: Session, ref: str, kind: str, value: str) -> NotFoundError:
    """Not found: the ids and keys close to ``ref`` (keys matched by title and name too), and
    ``paperdesk add`` only for what ``add`` takes (an arXiv id), never for a word."""
    from paperdesk.closest import close_to, hint

    rows = session.execute(select(Paper.id, Paper.key, Paper.arxiv_id, Paper.title)).all()
    if kind == "arxiv":
        near = close_to(value, (r.arxiv_id for r in rows if r.arxiv_id))
    else:
        by_name = {r.key: r.key for r in rows} | {r.title: r.key for r in rows if r.title}
        key_of = {r.id: r.key for r in rows}
        for name, ids in _names(session).items():
            if len(ids) == 1:  # "gpt 3": GPT3 or gpt-3 typed finds brown2020language
                by_name.setdefault(name, key_of[next(iter(ids))])
        near = list(dict.fromkeys(by_name[n] for n in close_to(ref, by_name, limit=5)))[:3]
    message = f"no paper {ref!r} in the library{hint(near)}"
    if kind == "arxiv":
        return NotFoundError(f"{message}; add it with 'paperdesk add {ref}'")
    if kind in ("key", "title"):
        words = ref if kind == "key" else shlex.quote(ref)
        return NotFoundError(f"{message}; to search by words: paperdesk search {words}")
    return NotFoundError(message)


def find_by_arxiv(session: Session, arxiv: ArxivId) -> Paper | None:
    return session.scalar(select(Paper).where(Paper.arxiv_id == arxiv.base))


def find_list(session: Session, name: str) -> ReadingList:
    rl = session.scalar(select(ReadingList).where(ReadingList.name == name.strip()))
    if rl is None:
        from paperdesk.closest import unknown_list

        raise unknown_list(
            name, session.scalars(select(ReadingList.name).order_by(ReadingList.name))
        )
    return rl


def find_existing(
    session: Session,
    *,
    arxiv: str | None,
    doi: str | None,
    key: str | None,
    title: str | None,
    year: int | None,
    authors: Sequence[str] = (),
) -> Paper | None:
    """A paper already in the library that is the same work, by id, DOI, key, or title+year
    (a distinctive title, and the same first author where both name one: see
    :mod:`paperdesk.titlematch`)."""
    from paperdesk.keys import words
    from paperdesk.titlematch import distinctive, same_first_author

    conds = []
    if arxiv:
        conds.append(Paper.arxiv_id == arxiv)
    if doi:
        conds.append(func.lower(Paper.doi) == doi.lower())
    if key:
        conds.append(Paper.key == key)
    by_title = bool(title and year and distinctive(" ".join(words(title))))
    if by_title and title:
        conds.append((func.lower(Paper.title) == title.lower()) & (Paper.year == year))
    if not conds:  # or_() of nothing selects every paper: nothing to recognise it by
        return holder(session, key) if key else None

    def same(p: Paper) -> bool:
        if (arxiv and p.arxiv_id == arxiv) or (key and p.key == key):
            return True
        if doi and (p.doi or "").lower() == doi.lower():
            return True
        return same_first_author(authors, p.authors or [])

    # the oldest match, picked here: ORDER BY id LIMIT 1 makes SQLite scan the table in id
    # order instead of using one index per condition (ix_papers_lower_*, migration 0013)
    found = min(
        (p for p in session.scalars(select(Paper).where(or_(*conds))) if same(p)),
        key=lambda p: p.id,
        default=None,
    )
    if found is None and key:
        found = holder(session, key)
    return found


def ensure_list(session: Session, name: str) -> ReadingList:
    """The user list ``name``, created (validated) if it does not exist yet; two processes
    creating it at once get the same list."""
    from paperdesk.readinglists import NAME_RE

    rl = session.scalar(select(ReadingList).where(ReadingList.name == name))
    if rl is None:
        if not NAME_RE.fullmatch(name):
            raise InvalidIdError(f"list name {name!r} may use a-z, 0-9 and '-' only")
        insert_ignore(
            session, ReadingList, name=name, title=name, source="user", created_at=utcnow()
        )
        rl = session.scalars(select(ReadingList).where(ReadingList.name == name)).one()
    return rl


def append_to_list(session: Session, rl: ReadingList, paper: Paper) -> bool:
    """Add ``paper`` at the end of ``rl``; False if it is already there. The list's row lock
    orders concurrent appends, so no two entries share a position."""
    from paperdesk.storage.models import ListEntry

    lock_row(session, rl)
    exists = session.scalar(
        select(ListEntry.id).where(ListEntry.list_id == rl.id, ListEntry.paper_id == paper.id)
    )
    if exists:
        return False
    last = session.scalar(select(func.max(ListEntry.position)).where(ListEntry.list_id == rl.id))
    session.add(ListEntry(list_id=rl.id, paper_id=paper.id, position=(last or 0) + 1))
    session.flush()
    return True


def check_tag(name: str) -> str:
    """A tag is one word: lower-cased, no spaces or commas, at most 50 characters."""
    norm = name.strip().lower()
    if not norm or len(norm) > 50 or re.search(r"[\s,]", norm):
        raise StateError(f"tag {name!r} must be one word (no spaces or commas, at most 50)")
    return norm


def tags_of(session: Session, paper_id: int, member_id: int | None = None) -> list[str]:
    """The names of my tags on a paper (or ``member_id``'s), sorted. Tag names are shared;
    who gave which tag to which paper is each member's own."""
    mid = member_id_for_read(session) if member_id is None else member_id
    stmt = (
        select(Tag.name)
        .join(PaperTag, PaperTag.tag_id == Tag.id)
        .where(PaperTag.paper_id == paper_id, PaperTag.member_id == mid)
        .order_by(Tag.name)
    )
    return list(session.scalars(stmt))


def tag_paper(session: Session, paper: Paper, name: str) -> None:
    """Give ``paper`` my tag ``name`` (the name created when new). Safe against other
    processes adding the same tag to any paper at the same time."""
    name = check_tag(name)
    member = ensure_member(session)
    tag_id = session.scalar(select(Tag.id).where(Tag.name == name))
    if tag_id is None:
        _create_tag(session, name)
        tag_id = session.scalar(select(Tag.id).where(Tag.name == name))
    insert_ignore(session, PaperTag, paper_id=paper.id, tag_id=tag_id, member_id=member.id)


def _create_tag(session: Session, name: str) -> None:
    """Create the tag on its own, committed at once on PostgreSQL: a tag is harmless to keep,
    and two transactions that each create two new tags in opposite orders would otherwise
    deadlock on the unique name. (SQLite serialises writers: the session's own transaction.)"""
    from sqlalchemy.dialects.postgresql import insert

    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        insert_ignore(session, Tag, name=name)
        return
    with bind.engine.connect() as conn:
        conn.execute(insert(Tag).values(name=name).on_conflict_do_nothing())
        conn.commit()


def untag_paper(session: Session, paper: Paper, name: str) -> bool:
    tag = session.scalar(select(Tag).where(Tag.name == check_tag(name)))
    if tag is None:
        return False
    mine = member_id_for_read(session)
    removed = changed(
        session,
        delete(PaperTag).where(
            PaperTag.paper_id == paper.id, PaperTag.tag_id == tag.id, PaperTag.member_id == mine
        ),
    )
    return bool(removed)


class CiteLink(NamedTuple):
    """A library paper at the other end of a cites link, and how the link was made
    (``"arxiv"``, ``"doi"``, ``"title"``; None for links made before methods were recorded)."""

    paper: Paper
    method: str | None


def cites(session: Session, paper: Paper) -> list[CiteLink]:
    stmt = (
        select(Paper, Cite.method)
        .join(Cite, Cite.cited_id == Paper.id)
        .where(Cite.citing_id == paper.id)
    )
    return [CiteLink(p, m) for p, m in session.execute(stmt.order_by(Paper.year, Paper.key))]


def cited_by(session: Session, paper: Paper) -> list[CiteLink]:
    stmt = (
        select(Paper, Cite.method)
        .join(Cite, Cite.citing_id == Paper.id)
        .where(Cite.cited_id == paper.id)
    )
    return [CiteLink(p, m) for p, m in session.execute(stmt.order_by(Paper.year, Paper.key))]
