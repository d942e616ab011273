"""Members: who "me" is, and each member's own reading state.

A library has members (table ``members``, migration 0014). Reading state and its history,
notes, tags, study plans and reading time belong to one member; papers, lists and replication
records are shared (attempts, claims, runs and log entries say who made them).

"Me" is named by ``PAPERDESK_USER``, else ``user`` in the config file, else the OS user name.
Single-user rule: when the library has exactly one member and the name came from the OS (not
set explicitly), that member is me whatever the OS user is called, so a library copied to
another machine or restored keeps its owner's states.

Read paths never write: :func:`current_member` is None until this name's first personal write
(everything reads as unread, no notes, no tags); write paths call :func:`ensure_member`. The
resolved member is cached in ``session.info``. SQLAlchemy is imported lazily: the fast read
path (stdlib sqlite3) resolves the member through :func:`member_id_from_rows` and
:data:`paperdesk.storage.queries.MEMBER_LOOKUP`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from paperdesk.membername import ENV, NAME_MAX, check_name, configured_name, fallback_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from paperdesk.errors import NotFoundError
    from paperdesk.storage.models import Member

__all__ = [
    "ENV",
    "NAME_MAX",
    "MemberSummary",
    "Reader",
    "check_name",
    "configured_name",
    "current_member",
    "ensure_member",
    "fallback_name",
    "find_member",
    "list_members",
    "member_id_for_read",
    "member_id_from_rows",
    "member_name",
    "my_reading",
    "readers",
    "reading_state",
    "reading_states",
]
#: ``session.info`` keys: the name and its source (set by Library), the resolved member id.
NAME_KEY, SOURCE_KEY, ID_KEY = "member_name", "member_source", "member_id"


@dataclass(frozen=True)
class Reader:
    """Another member's state of a paper ("also reading: ana (reading)")."""

    name: str
    state: str
    since: datetime | None


@dataclass(frozen=True)
class MemberSummary:
    name: str
    created_at: datetime
    n_read: int
    n_reading: int
    last_active: datetime | None


def _name(session: Session) -> tuple[str, str]:
    info = session.info
    if NAME_KEY not in info:
        info[NAME_KEY], info[SOURCE_KEY] = configured_name()
    return info[NAME_KEY], info.get(SOURCE_KEY, "config")


def member_name(session: Session) -> str:
    """The name I go by in this session (whether or not I have a member row yet)."""
    return _name(session)[0]


def member_id_from_rows(rows: Sequence[Sequence[Any]], name: str, source: str) -> int | None:
    """The member from the rows of ``MEMBER_LOOKUP`` (id, name, member count)."""
    for mid, mname, _ in rows:
        if mname == name:
            return int(mid)
    if source == "os" and rows and int(rows[0][2]) == 1:
        return int(rows[0][0])
    return None


def _lookup(session: Session) -> int | None:
    from sqlalchemy import text

    from paperdesk.storage.queries import MEMBER_LOOKUP

    name, source = _name(session)
    rows = session.execute(text(MEMBER_LOOKUP), {"name": name}).all()
    return member_id_from_rows(rows, name, source)


def member_id_for_read(session: Session) -> int:
    """My member id, or -1 when I have no row yet (SQL binding ``:member`` matches nothing)."""
    info = session.info
    if info.get(ID_KEY) is None:
        found = _lookup(session)
        if found is None:
            return -1
        info[ID_KEY] = found
    return int(info[ID_KEY])


def current_member(session: Session) -> Member | None:
    """Me, or None when this name has no row yet. Never writes."""
    from paperdesk.storage.models import Member

    mid = member_id_for_read(session)
    return None if mid < 0 else session.get(Member, mid)


def ensure_member(session: Session) -> Member:
    """Me, made on my first personal write (two processes making it at once both succeed)."""
    from sqlalchemy import select

    from paperdesk.storage.db import insert_ignore
    from paperdesk.storage.models import Member, utcnow

    found = current_member(session)
    if found is not None:
        return found
    name, _ = _name(session)
    insert_ignore(session, Member, name=name, created_at=utcnow())
    member = session.scalars(select(Member).where(Member.name == name)).one()
    session.info[ID_KEY] = member.id
    return member


def find_member(session: Session, name: str) -> Member:
    """The member named ``name`` (``--reader``, ``--by``), else a NotFoundError naming them."""
    from sqlalchemy import select

    from paperdesk.storage.models import Member

    wanted = unicodedata.normalize("NFC", name.strip())
    found = session.scalars(select(Member).where(Member.name == wanted)).first()
    if found is not None:
        return found
    raise no_member(wanted, list(session.scalars(select(Member.name).order_by(Member.name))))


def member_id_named(name: str, members: Iterable[tuple[int, str]]) -> int:
    """The id of the member named ``name`` among ``(id, name)`` rows (the fast read path's
    ``--reader``), else the NotFoundError :func:`find_member` raises."""
    wanted = unicodedata.normalize("NFC", name.strip())
    rows = list(members)
    for member_id, member_name in rows:
        if member_name == wanted:
            return member_id
    raise no_member(wanted, sorted(n for _, n in rows))


def no_member(wanted: str, names: list[str]) -> NotFoundError:
    """ "no member 'bo'; did you mean 'bob'?; members: ana, bob" """
    from paperdesk.closest import did_you_mean
    from paperdesk.errors import NotFoundError

    known = f"; members: {', '.join(names)}" if names else "; the library has no members yet"
    return NotFoundError(f"no member {wanted!r}{did_you_mean(wanted, names)}{known}")


def reading_state(session: Session, paper_id: int) -> str:
    """My reading state of one paper ("unread" when I never set one)."""
    return reading_states(session, [paper_id]).get(paper_id, "unread")


def reading_states(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """My reading state of each of ``ids`` (every id is a key; unset ones read "unread")."""
    from sqlalchemy import select

    from paperdesk.storage.models import Reading

    wanted = list(dict.fromkeys(ids))
    out = dict.fromkeys(wanted, "unread")
    mid = member_id_for_read(session)
    if mid < 0 or not wanted:
        return out
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        stmt = select(Reading.paper_id, Reading.state).where(
            Reading.member_id == mid, Reading.paper_id.in_(chunk)
        )
        out.update({pid: state for pid, state in session.execute(stmt)})
    return out


def my_reading(session: Session, member_id: int | None = None) -> tuple[Any, Any, Any]:
    """For an ORM select of papers with my reading state: ``(readings, on, state)`` as in
    ``select(Paper.id, state).outerjoin(readings, on)``; ``state`` is "unread" without a row."""
    from sqlalchemy import and_, func

    from paperdesk.storage.models import Paper, Reading

    mid = member_id_for_read(session) if member_id is None else member_id
    on = and_(Reading.paper_id == Paper.id, Reading.member_id == mid)
    return Reading, on, func.coalesce(Reading.state, "unread")


def readers(session: Session, paper_id: int) -> list[Reader]:
    """The other members who have a state (other than unread) for the paper, by name."""
    from sqlalchemy import select

    from paperdesk.storage.models import Member, Reading

    stmt = (
        select(Member.name, Reading.state, Reading.updated_at)
        .join(Reading, Reading.member_id == Member.id)
        .where(
            Reading.paper_id == paper_id,
            Reading.member_id != member_id_for_read(session),
            Reading.state != "unread",
        )
        .order_by(Member.name)
    )
    return [Reader(name, state, since) for name, state, since in session.execute(stmt)]


def list_members(session: Session) -> list[MemberSummary]:
    """Every member with how many papers they have read and are reading, and when they last
    changed a state, a note or read in the TUI."""
    from sqlalchemy import text

    from paperdesk.storage.queries import MEMBERS

    return [
        MemberSummary(name, _when(created), int(n_read or 0), int(n_reading or 0), _latest(rest))
        for name, created, n_read, n_reading, *rest in session.execute(text(MEMBERS))
    ]


def _when(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _latest(values: Iterable[Any]) -> datetime | None:
    found = [_when(v) for v in values if v is not None]
    return max(found) if found else None
