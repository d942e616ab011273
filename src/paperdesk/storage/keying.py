"""Giving papers their keys in the database: once, when a paper enters, and never again.

The algorithm is :mod:`paperdesk.keys`; this module applies it at flush time, so every way a
paper enters the library (a reading list, ``add``, ``add --pdf``, a BibTeX import, a restore)
gets its key the same way without each caller remembering to: a new :class:`Paper` whose
``key`` is left ``None`` gets one made from its metadata. A provisional key (no author known
yet) is replaced once, at the first flush after authors arrive (a fetch, PDF metadata, a
seeded list), and the provisional key stays an alias if it was ever committed.

Keys and aliases share one namespace, compared case-insensitively (BibTeX keys and vault file
names on macOS/Windows are): an old key always names the paper it named.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from paperdesk.errors import InvalidIdError
from paperdesk.ids import check_key
from paperdesk.keys import KeyBasis, base_key, candidates, first_free
from paperdesk.storage.models import KeyAlias, Paper

_NEW = "paperdesk.keying.new"  # session.info: papers whose key was made in this transaction


def holder(session: Session, key: str) -> Paper | None:
    """The paper that ``key`` names, as its key or as one of its aliases (any case)."""
    with session.no_autoflush:
        paper = session.scalar(select(Paper).where(Paper.key == key))
        if paper is None:
            paper = session.scalar(select(Paper).where(func.lower(Paper.key) == key.lower()))
        if paper is None:
            alias = session.scalar(
                select(KeyAlias).where(func.lower(KeyAlias.alias) == key.lower()).limit(1)
            )
            if alias is not None:
                paper = session.get(Paper, alias.paper_id)
    return paper


def aliases(session: Session, paper: Paper) -> list[str]:
    return list(
        session.scalars(
            select(KeyAlias.alias).where(KeyAlias.paper_id == paper.id).order_by(KeyAlias.alias)
        )
    )


def _names_starting(session: Session, prefix: str, paper: Paper) -> set[str]:
    """Lower-cased keys and aliases that start with ``prefix``, other than ``paper``'s own: one
    query for all the clash candidates of a base key (``smith2020deep``, ``…b``, ``…c``)."""
    # a range, not LIKE, so that SQLite uses the lower(key) indexes (migration 0013): keys are
    # letters, digits, '.', '_' and '-', all of which sort before '~'
    low, high = prefix.lower(), prefix.lower() + "~"
    with session.no_autoflush:
        lowered = func.lower(Paper.key)
        keys = select(Paper.key).where(lowered >= low, lowered < high)
        if paper.id is not None:
            keys = keys.where(Paper.id != paper.id)
        names = {k.lower() for k in session.scalars(keys)}
        alias = func.lower(KeyAlias.alias)
        others = select(KeyAlias.alias).where(alias >= low, alias < high)
        if paper.id is not None:
            others = others.where(KeyAlias.paper_id != paper.id)
        names |= {a.lower() for a in session.scalars(others)}
    return names


def _make(session: Session, paper: Paper, claimed: set[str]) -> str:
    base = base_key(KeyBasis.of(paper))
    taken = _names_starting(session, base, paper) | claimed
    key = first_free(base, taken.__contains__)
    claimed.add(key.lower())
    return key


def _drop_alias(session: Session, paper: Paper, key: str) -> None:
    if paper.id is not None:
        session.execute(
            delete(KeyAlias).where(
                KeyAlias.paper_id == paper.id, func.lower(KeyAlias.alias) == key.lower()
            )
        )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    new = [o for o in session.new if isinstance(o, Paper)]
    finishing = [
        o
        for o in session.dirty
        if isinstance(o, Paper) and o.key_provisional and not KeyBasis.of(o).provisional
    ]
    if not new and not finishing:
        return
    made: list[Paper] = session.info.setdefault(_NEW, [])
    claimed = {p.key.lower() for p in new if p.key}
    for paper in new:
        if paper.key is None:
            paper.key_provisional = KeyBasis.of(paper).provisional
            paper.key = _make(session, paper, claimed)
            made.append(paper)
        elif paper.key_provisional is None:
            paper.key_provisional = False
    for paper in finishing:
        old = paper.key
        paper.key = _make(session, paper, claimed)
        paper.key_provisional = False
        _drop_alias(session, paper, paper.key)
        if old != paper.key and not any(p is paper for p in made):
            session.add(KeyAlias(alias=old, paper_id=paper.id))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_NEW, None)


def install(factory: sessionmaker[Session]) -> None:
    """Make the sessions of ``factory`` key new papers and finish provisional keys."""
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_commit", _forget)
    event.listen(factory, "after_soft_rollback", _forget)


def set_key(session: Session, paper: Paper, wanted: str) -> str:
    """Give ``paper`` the key ``wanted`` by hand (``paperdesk key``); returns the old key, which
    stays an alias. Refused when the key is not valid or already names another paper."""
    try:
        key = check_key(wanted)
    except InvalidIdError as exc:
        raise InvalidIdError(f"{exc}; the key of {paper.key} is unchanged") from None
    old = paper.key
    if key == old:
        return old
    other = holder(session, key)
    if other is not None and other is not paper:
        what = "the key" if other.key.lower() == key.lower() else "an earlier key"
        raise InvalidIdError(
            f"key {key!r} is taken: it is {what} of {other.key} ({other.title}); "
            f"the key of {old} is unchanged"
        )
    _drop_alias(session, paper, key)
    if old.lower() != key.lower():
        session.add(KeyAlias(alias=old, paper_id=paper.id))
    paper.key = key
    paper.key_provisional = False
    session.flush()
    return old


def absorb(session: Session, keep: Paper, gone: Paper) -> str:
    """Before ``gone`` is merged into ``keep`` and deleted: its key and aliases become aliases
    of ``keep``, so every name that pointed at either paper still resolves. When ``gone`` held
    the plainer key of the same clash (``cohan2020specter`` for ``cohan2020specterb``), ``keep``
    takes it and its own key becomes the alias. Returns ``keep``'s key."""
    session.execute(
        KeyAlias.__table__.update().where(KeyAlias.paper_id == gone.id).values(paper_id=keep.id)
    )
    freed = gone.key
    gone.key = f"~merged~{gone.id}"
    session.flush()
    if _plainer(freed, keep):
        session.add(KeyAlias(alias=keep.key, paper_id=keep.id))
        keep.key = freed
    else:
        session.add(KeyAlias(alias=freed, paper_id=keep.id))
    session.flush()
    return keep.key


def _plainer(key: str, paper: Paper) -> bool:
    """``key`` comes before ``paper``'s key among the clash candidates of its base key."""
    for name in candidates(base_key(KeyBasis.of(paper))):
        if name.lower() == paper.key.lower():
            return False
        if name.lower() == key.lower():
            return True
    return False
