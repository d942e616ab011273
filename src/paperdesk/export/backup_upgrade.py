"""Backups and members: a version-1 backup (from before members) read as version 2, and one
member's data taken out of a backup (``paperdesk import json FILE --as NAME``).

Both work on a checked backup (:func:`paperdesk.export.restore_checks.check_backup`) and return
a new dict in the version-2 shape (see :mod:`paperdesk.export.backup_format`); they never
write.
"""

from __future__ import annotations

from typing import Any

from paperdesk.closest import did_you_mean
from paperdesk.errors import ExportError


class MemberChoiceError(ExportError):
    """The backup's member to restore is not clear (several, and none named), or the one named
    is not in it: the CLI's usage error."""


def member_names(data: dict[str, Any]) -> list[str]:
    """The backup's members by name (a version-1 backup has none)."""
    return [m["name"] for m in data.get("members") or []]


def upgrade_v1(data: dict[str, Any], member: str) -> dict[str, Any]:
    """A version-1 backup as version 2, everything personal in it ``member``'s: the one
    person the library had (as migration 0014 gives an old library's data to its default
    member). Seeded claims keep no author, as in a library."""
    if data.get("version", 1) != 1:
        return data
    papers = []
    for p in data.get("papers", []):
        q = {k: v for k, v in p.items() if k not in ("reading_state", "note", "tags")}
        state = p.get("reading_state") or "unread"
        q["readings"] = (
            []
            if state == "unread"
            else [{"member": member, "state": state, "updated_at": _last_change(p, state)}]
        )
        note = p.get("note")
        q["notes"] = [] if note is None else [{"member": member, **note}]
        q["tags"] = [{"member": member, "tag": t} for t in p.get("tags") or []]
        q["history"] = [{**h, "member": member} for h in p.get("history") or []]
        q["reading_time"] = [{**t, "member": member} for t in p.get("reading_time") or []]
        q["claims"] = [
            {**c, "created_by": None if c.get("seeded") else member} for c in p.get("claims") or []
        ]
        q["attempts"] = [_authored(a, member) for a in p.get("attempts") or []]
        papers.append(q)
    members = [{"name": member, "created_at": None}] if _personal(papers, data) else []
    return {
        **data,
        "version": 2,
        "members": members,
        "papers": papers,
        "plans": [{**pl, "member": member} for pl in data.get("plans") or []],
    }


def _last_change(p: dict[str, Any], state: str) -> str | None:
    """When the paper entered ``state`` (its latest reading change into it), else its
    ``updated_at``: the time a version-1 backup gives for its reading state."""
    times = [
        h["at"]
        for h in p.get("history") or []
        if h.get("track") == "reading" and h.get("to") == state and h.get("at")
    ]
    return max(times, default=None) or p.get("updated_at")


def _authored(a: dict[str, Any], member: str | None) -> dict[str, Any]:
    return {
        **a,
        "created_by": member,
        "runs": [{**r, "created_by": member} for r in a.get("runs") or []],
        "log": [{**e, "created_by": member} for e in a.get("log") or []],
    }


def _personal(papers: list[dict[str, Any]], data: dict[str, Any]) -> bool:
    """Whether anything in the backup is a member's (else no member is made for it)."""
    rows = ("readings", "notes", "tags", "history", "reading_time", "attempts")
    return (
        bool(data.get("plans"))
        or any(p.get(name) for p in papers for name in rows)
        or any(c.get("created_by") for p in papers for c in p.get("claims", []))
    )


def source_member(data: dict[str, Any], wanted: str | None, where: str) -> str:
    """The member of a (version 2) backup whose data ``--as`` restores: ``wanted``, or the
    backup's only member. Raises :class:`MemberChoiceError` naming the members."""
    names = member_names(data)
    listing = ", ".join(names) if names else "none"
    if wanted is not None:
        if wanted in names:
            return wanted
        raise MemberChoiceError(
            f"{where} has no member {wanted!r}{did_you_mean(wanted, names)}; its members: {listing}"
        )
    if len(names) == 1:
        return names[0]
    if not names:
        raise MemberChoiceError(f"{where} holds no member's data: there is nothing to restore --as")
    raise MemberChoiceError(
        f"{where} holds the data of {len(names)} members ({listing}): say whose to restore "
        "with --from-member NAME"
    )


def one_member(data: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """The (version 2) backup with only ``source``'s personal rows, renamed ``target``; the
    shared data stays whole. What others made keeps their name as its author (the restore
    gives it to a member of that name only if the library has one: ``Members`` in
    :mod:`paperdesk.export.restore_members`). ``target`` is new here or joins now."""

    def mine(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [{**r, "member": target} for r in rows or [] if r.get("member") == source]

    def by(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "created_by": target} if row.get("created_by") == source else row

    papers = []
    for p in data.get("papers", []):
        history = []
        for h in p.get("history") or []:
            if h.get("member") == source:
                history.append({**h, "member": target})
            elif h.get("track") != "reading":  # a replication change: shared, keeps its author
                history.append(h)
        papers.append(
            {
                **p,
                "readings": mine(p.get("readings")),
                "notes": mine(p.get("notes")),
                "tags": mine(p.get("tags")),
                "history": history,
                "reading_time": mine(p.get("reading_time")),
                "claims": [by(c) for c in p.get("claims") or []],
                "attempts": [
                    {
                        **by(a),
                        "runs": [by(r) for r in a.get("runs") or []],
                        "log": [by(e) for e in a.get("log") or []],
                    }
                    for a in p.get("attempts") or []
                ],
            }
        )
    return {
        **data,
        "members": [{"name": target, "created_at": None}],  # new here: joins now
        "papers": papers,
        "plans": mine(data.get("plans")),
    }
