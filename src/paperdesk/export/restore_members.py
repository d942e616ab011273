"""Members in a restore: the backup's members checked at the door, mapped to the library's
(created when the restore may create them), and each member's personal rows written — reading
states, notes, tags, history and reading time (plans: :mod:`.restore_plans`).

Version 2 names a member on every personal row (see :mod:`paperdesk.export.backup_format`); a
version-1 backup is its one reader's, read as the importing member's
(:func:`paperdesk.export.backup_upgrade.upgrade_v1`). A full restore creates every member of
the backup; ``import json --as NAME`` creates only NAME, and what other members made (shared
attempts, claims, runs, log entries, replication history) keeps its author only where the
library has a member of that name, else it has none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import ConfigError, ExportError, StateError
from paperdesk.export.backup_upgrade import (
    MemberChoiceError,
    one_member,
    source_member,
    upgrade_v1,
)
from paperdesk.storage.models import (
    Member,
    Note,
    Paper,
    Reading,
    StateChange,
    utcnow,
    utcnow_precise,
)

MERGE_MARK = "<!-- paperdesk: the text below comes from a merged backup -->"


def _fail(where: str, path: str, what: str) -> ExportError:
    return ExportError(f"{where}: {path}: {what}")


def _dicts(value: Any, where: str, path: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise _fail(where, path, "expected a list of objects")
    return value


def _date(value: Any, where: str, path: str) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(where, path, f"not a date: {value!r:.40}") from None


def _member_name(value: Any, where: str, path: str) -> str:
    from paperdesk.members import check_name

    if not isinstance(value, str) or "\x00" in value:
        raise _fail(where, path, f"a member name must be text, not {value!r:.40}")
    try:
        name = check_name(value, path)
    except ConfigError as exc:
        raise ExportError(f"{where}: {exc}") from None
    if name != value:
        raise _fail(where, path, f"member name {value!r:.40} has space around it")
    return name


def check_members(data: dict[str, Any], where: str) -> None:
    """Check a version-2 backup's members and every member named on a row: a personal row
    names a member of the backup; an author (``created_by``, a history row's ``member``) one
    of them or null. One reading state and one note per member and paper."""
    from paperdesk.states import check_state
    from paperdesk.storage.repository import check_tag

    members = _dicts(data.get("members"), where, "members")
    names: set[str] = set()
    for i, m in enumerate(members):
        name = _member_name(m.get("name"), where, f"members[{i}].name")
        if name in names:
            raise _fail(where, f"members[{i}] ({name})", "the member appears twice")
        names.add(name)
        _date(m.get("created_at"), where, f"members[{i}] ({name}).created_at")

    def member(row: dict[str, Any], path: str, *, field: str = "member", null: bool = False) -> str:
        value = row.get(field)
        if value is None and null:
            return ""
        if not isinstance(value, str) or value not in names:
            raise _fail(where, f"{path}.{field}", f"not a member of the backup: {value!r:.40}")
        return str(value)

    for i, p in enumerate(data.get("papers", [])):
        path = f"papers[{i}] ({p.get('key')})"
        seen: set[str] = set()
        for j, r in enumerate(_dicts(p.get("readings"), where, f"{path}.readings")):
            at = f"{path}.readings[{j}]"
            if member(r, at) in seen:
                raise _fail(where, at, f"a second reading state for {r['member']}")
            seen.add(r["member"])
            try:
                check_state("reading", str(r.get("state")))
            except StateError as exc:
                raise _fail(where, f"{at}.state", str(exc)) from None
            _date(r.get("updated_at"), where, f"{at}.updated_at")
        seen = set()
        for j, n in enumerate(_dicts(p.get("notes"), where, f"{path}.notes")):
            at = f"{path}.notes[{j}]"
            if member(n, at) in seen:
                raise _fail(where, at, f"a second note for {n['member']}")
            seen.add(n["member"])
            if not isinstance(n.get("body"), str):
                raise _fail(where, at, 'expected {"member", "body": text, ...}')
            _date(n.get("updated_at"), where, f"{at}.updated_at")
        for j, t in enumerate(_dicts(p.get("tags"), where, f"{path}.tags")):
            at = f"{path}.tags[{j}]"
            member(t, at)
            if not isinstance(t.get("tag"), str) or "\x00" in t["tag"]:
                raise _fail(where, f"{at}.tag", f"a tag must be one word, not {t.get('tag')!r:.40}")
            try:
                t["tag"] = check_tag(t["tag"])
            except StateError as exc:
                raise _fail(where, f"{at}.tag", str(exc)) from None
        for j, h in enumerate(_dicts(p.get("history"), where, f"{path}.history")):
            member(h, f"{path}.history[{j}]", null=h.get("track") != "reading")
        for j, t in enumerate(_dicts(p.get("reading_time"), where, f"{path}.reading_time")):
            member(t, f"{path}.reading_time[{j}]")
        for j, c in enumerate(_dicts(p.get("claims"), where, f"{path}.claims")):
            member(c, f"{path}.claims[{j}]", field="created_by", null=True)
        for j, a in enumerate(_dicts(p.get("attempts"), where, f"{path}.attempts")):
            at = f"{path}.attempts[{j}]"
            member(a, at, field="created_by", null=True)
            for k, r in enumerate(_dicts(a.get("runs"), where, f"{at}.runs")):
                member(r, f"{at}.runs[{k}]", field="created_by", null=True)
            for k, e in enumerate(_dicts(a.get("log"), where, f"{at}.log")):
                member(e, f"{at}.log[{k}]", field="created_by", null=True)
    for i, pl in enumerate(_dicts(data.get("plans"), where, "plans")):
        member(pl, f"plans[{i}] ({pl.get('list')})")


def as_one_member(
    data: dict[str, Any], as_member: str, from_member: str | None, where: str
) -> dict[str, Any]:
    """The (validated) backup reduced to one member's personal data, as ``as_member``."""
    from paperdesk.members import check_name

    try:
        target = check_name(as_member, "--as")
    except ConfigError as exc:
        raise MemberChoiceError(str(exc)) from None
    if data.get("version") == 1:
        if from_member is not None:
            raise MemberChoiceError(
                f"{where} was made before members (format version 1): it is one reader's, "
                "so there is no --from-member to choose; leave it out"
            )
        return upgrade_v1(data, target)
    return one_member(data, source_member(data, from_member, where), target)


def my_name(s: Session) -> str:
    """My name in this library: my member's (see :func:`paperdesk.members.current_member`), or
    the one my first write would create; a version-1 backup is restored as mine."""
    from paperdesk.members import current_member, member_name

    me = current_member(s)
    return me.name if me is not None else member_name(s)


class Members:
    """The backup's member names → the library's member ids, for one restore."""

    def __init__(self, s: Session, data: dict[str, Any]) -> None:
        self.s = s
        rows = s.execute(select(Member.id, Member.name))
        self.ids: dict[str, int] = {name: mid for mid, name in rows}
        self.creatable = {m["name"]: m.get("created_at") for m in data.get("members") or []}
        self.unknown: set[str] = set()  # authors named in the backup, not members here

    def id(self, name: str | None) -> int | None:
        if name is None:
            return None
        if name not in self.ids:
            if name not in self.creatable:
                self.unknown.add(name)
                return None
            created = self.creatable[name]
            member = Member(
                name=name, created_at=datetime.fromisoformat(created) if created else utcnow()
            )
            self.s.add(member)
            self.s.flush()
            self.ids[name] = member.id
        return self.ids[name]


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def restore_personal(
    s: Session,
    paper: Paper,
    p: dict[str, Any],
    members: Members,
    *,
    fresh: bool,
    notes_kept_both: list[str],
) -> None:
    """The paper's reading states and notes from the backup (``fresh``: the paper was just
    created, so it has none). Merging takes a state where the member has none (or unread) and
    keeps both texts of a note that differs."""
    have = (
        {}
        if fresh
        else {
            r.member_id: r for r in s.scalars(select(Reading).where(Reading.paper_id == paper.id))
        }
    )
    for r in p.get("readings") or []:
        mid = members.id(r["member"])
        assert mid is not None  # a personal row names a member the restore creates
        current = have.get(mid)
        if current is None:
            s.add(
                Reading(
                    member_id=mid,
                    paper_id=paper.id,
                    state=r["state"],
                    updated_at=_time(r.get("updated_at")) or utcnow_precise(),
                )
            )
        elif current.state == "unread":
            current.state = r["state"]
            current.updated_at = _time(r.get("updated_at")) or utcnow_precise()
    notes = (
        {}
        if fresh
        else {n.member_id: n for n in s.scalars(select(Note).where(Note.paper_id == paper.id))}
    )
    for n in p.get("notes") or []:
        mid = members.id(n["member"])
        assert mid is not None
        note = notes.get(mid)
        if note is None or not note.body.strip():
            if note is None:
                note = Note(paper_id=paper.id, member_id=mid)
                s.add(note)
            note.body = n["body"]
            note.revision = n.get("revision") or 0
            note.updated_at = _time(n.get("updated_at")) or utcnow_precise()
        elif n["body"].strip() and n["body"] not in note.body:
            note.body = note.body.rstrip("\n") + "\n\n" + MERGE_MARK + "\n" + n["body"]
            note.revision += 1
            note.updated_at = utcnow_precise()
            several = len(members.creatable) > 1
            notes_kept_both.append(f"{paper.key} ({n['member']})" if several else paper.key)


def restore_history(
    s: Session,
    paper: Paper,
    p: dict[str, Any],
    members: Members,
    attempts: dict[int, int],
    *,
    fresh: bool,
) -> None:
    """The paper's state changes the library lacks (same track, states, time and member)."""
    if not p.get("history"):
        return
    have = (
        set()
        if fresh
        else {
            (h.track, h.old_state, h.new_state, h.at, h.member_id)
            for h in s.scalars(select(StateChange).where(StateChange.paper_id == paper.id))
        }
    )
    for h in p.get("history", []):
        at = _time(h.get("at"))
        mid = members.id(h.get("member"))
        if h["track"] == "reading" and mid is None:
            continue  # another member's reading (import --as): not restored
        if (h["track"], h.get("from"), h["to"], at, mid) in have:
            continue
        s.add(
            StateChange(
                paper_id=paper.id,
                track=h["track"],
                old_state=h.get("from"),
                new_state=h["to"],
                at=at or utcnow_precise(),
                attempt_id=attempts.get(h.get("attempt")),
                member_id=mid,
            )
        )
