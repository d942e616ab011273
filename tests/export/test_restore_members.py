"""Members in a restore (:mod:`paperdesk.export.restore_members`): checked at the door, mapped
to the library's, and each member's reading states, notes and history written."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.backup_upgrade import MemberChoiceError
from paperdesk.export.restore_members import (
    MERGE_MARK,
    Members,
    as_one_member,
    check_members,
    my_name,
    restore_history,
    restore_personal,
)
from paperdesk.library import Library
from paperdesk.members import configured_name, ensure_member
from paperdesk.storage.models import Member, Note, Paper, Reading, StateChange


def _backup() -> dict[str, Any]:
    return {
        "version": 2,
        "members": [{"name": "ana", "created_at": "2024-01-01T00:00:00"}, {"name": "bob"}],
        "papers": [
            {
                "key": "k",
                "readings": [{"member": "ana", "state": "read", "updated_at": None}],
                "notes": [{"member": "bob", "body": "b"}],
                "tags": [{"member": "ana", "tag": "NLP"}],
                "history": [
                    {"track": "reading", "member": "ana"},
                    {"track": "replication", "member": None},
                ],
                "reading_time": [{"member": "bob"}],
                "claims": [{"created_by": None}, {"created_by": "ana"}],
                "attempts": [
                    {
                        "created_by": "bob",
                        "runs": [{"created_by": None}],
                        "log": [{"created_by": "ana"}],
                    }
                ],
            }
        ],
        "plans": [{"member": "ana", "list": "l"}],
    }


def test_a_sound_backup_passes_and_its_tags_are_normalised() -> None:
    data = _backup()
    check_members(data, "f")
    assert data["papers"][0]["tags"][0]["tag"] == "nlp"


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = _backup()
    target: Any = data
    *steps, last = path.split(".")
    for step in steps:
        target = target[int(step)] if step.isdigit() else target[step]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("members", {"a": 1}, r"^f: members: expected a list of objects"),
        ("members.1", {"name": "ana"}, r"members\[1\] \(ana\): the member appears twice"),
        ("members.1", {"name": " bob"}, r"members\[1\]\.name: member name ' bob' has space"),
        ("members.1", {"name": 7}, r"a member name must be text, not 7"),
        ("members.1", {"name": "a/b"}, r"^f: members\[1\]\.name: a member name may not contain"),
        ("members.0.created_at", "soon", r"members\[0\] \(ana\)\.created_at: not a date"),
        ("papers.0.readings.0.member", "zed", r"readings\[0\]\.member: not a member of the backup"),
        ("papers.0.readings.0.state", "devoured", r"readings\[0\]\.state: "),
        ("papers.0.notes.0.body", None, r"notes\[0\]: expected \{\"member\", \"body\": text"),
        ("papers.0.tags.0.tag", "two words", r"tags\[0\]\.tag: "),
        ("papers.0.tags.0.tag", 5, r"tags\[0\]\.tag: a tag must be one word, not 5"),
        ("papers.0.history.0.member", None, r"history\[0\]\.member: not a member of the backup"),
        ("papers.0.history.1.member", "zed", r"history\[1\]\.member: not a member"),
        ("papers.0.reading_time.0.member", None, r"reading_time\[0\]\.member: not a member"),
        ("papers.0.claims.1.created_by", "zed", r"claims\[1\]\.created_by: not a member"),
        ("papers.0.attempts.0.runs.0.created_by", "zed", r"attempts\[0\]\.runs\[0\]\.created_by"),
        ("papers.0.attempts.0.log", "x", r"attempts\[0\]\.log: expected a list of objects"),
        ("plans.0.member", "zed", r"^f: plans\[0\] \(l\)\.member: not a member"),
    ],
)
def test_every_bad_member_reference_is_named(path: str, value: Any, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        check_members(_broken(path, value), "f")


def test_one_reading_state_and_one_note_per_member_and_paper() -> None:
    data = _backup()
    data["papers"][0]["readings"].append({"member": "ana", "state": "queued"})
    with pytest.raises(ExportError, match=r"readings\[1\]: a second reading state for ana"):
        check_members(data, "f")
    data = _backup()
    data["papers"][0]["notes"].append({"member": "bob", "body": "again"})
    with pytest.raises(ExportError, match=r"notes\[1\]: a second note for bob"):
        check_members(data, "f")


def test_as_one_member() -> None:
    out = as_one_member(_backup(), "carol", "ana", "f")
    assert out["members"] == [{"name": "carol", "created_at": None}]
    assert out["papers"][0]["readings"][0]["member"] == "carol"
    with pytest.raises(MemberChoiceError, match="2 members"):
        as_one_member(_backup(), "carol", None, "f")
    with pytest.raises(MemberChoiceError, match="--as"):
        as_one_member(_backup(), "a/b", "ana", "f")
    v1 = {"version": 1, "papers": [{"key": "k", "reading_state": "read"}]}
    assert as_one_member(copy.deepcopy(v1), "carol", None, "f")["members"][0]["name"] == "carol"
    with pytest.raises(MemberChoiceError, match=r"format version 1.*no --from-member"):
        as_one_member(v1, "carol", "ana", "f")


def test_my_name(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        assert my_name(s) == configured_name()[0]  # no member row yet: the name I would get
        me = ensure_member(s)
        assert my_name(s) == me.name


def test_members_map_names_to_ids_creating_the_backups_own(empty_lib: Library) -> None:
    with empty_lib.session() as s:
        s.add(Member(name="bob"))
        s.flush()
        bob = s.scalar(select(Member.id).where(Member.name == "bob"))
        members = Members(s, _backup())
        assert members.id("bob") == bob
        ana = members.id("ana")
        assert ana is not None and members.id("ana") == ana
        assert s.get(Member, ana).created_at == datetime(2024, 1, 1)
        assert members.id(None) is None and members.id("zed") is None
        assert members.unknown == {"zed"}


def _paper(lib: Library) -> int:
    with lib.session() as s:
        p = Paper(title="T", key="k2020t")
        s.add(p)
        s.flush()
        return p.id


def test_restore_personal_into_a_new_paper(empty_lib: Library) -> None:
    pid = _paper(empty_lib)
    p = {
        "readings": [{"member": "ana", "state": "read", "updated_at": "2024-05-01T10:00:00"}],
        "notes": [{"member": "bob", "body": "his", "revision": 4, "updated_at": None}],
    }
    kept: list[str] = []
    with empty_lib.session() as s:
        restore_personal(
            s, s.get(Paper, pid), p, Members(s, _backup()), fresh=True, notes_kept_both=kept
        )
    with empty_lib.session() as s:
        reading = s.execute(
            select(Member.name, Reading.state, Reading.updated_at).join(Member)
        ).one()
        assert tuple(reading) == ("ana", "read", datetime(2024, 5, 1, 10))
        note = s.scalars(select(Note)).one()
        assert (note.body, note.revision) == ("his", 4)
    assert kept == []


def test_merge_keeps_a_state_and_both_texts_of_a_note(empty_lib: Library) -> None:
    pid = _paper(empty_lib)
    data = {"members": [{"name": "ana"}]}
    first = {
        "readings": [{"member": "ana", "state": "unread"}],
        "notes": [{"member": "ana", "body": "Mine.\n", "revision": 1}],
    }
    with empty_lib.session() as s:
        restore_personal(
            s, s.get(Paper, pid), first, Members(s, data), fresh=True, notes_kept_both=[]
        )
    second = {
        "readings": [{"member": "ana", "state": "skimmed"}],
        "notes": [{"member": "ana", "body": "Theirs."}],
    }
    kept: list[str] = []
    with empty_lib.session() as s:
        restore_personal(
            s, s.get(Paper, pid), second, Members(s, data), fresh=False, notes_kept_both=kept
        )
        # the same text again adds nothing; a state other than unread is kept
        restore_personal(
            s, s.get(Paper, pid), second, Members(s, data), fresh=False, notes_kept_both=kept
        )
        restore_personal(
            s, s.get(Paper, pid), {"readings": [{"member": "ana", "state": "read"}]},
            Members(s, data), fresh=False, notes_kept_both=kept,
        )  # fmt: skip
    with empty_lib.session() as s:
        assert s.scalars(select(Reading.state)).one() == "skimmed"
        note = s.scalars(select(Note)).one()
        assert note.body == f"Mine.\n\n{MERGE_MARK}\nTheirs."
        assert note.revision == 2
    assert kept == ["k2020t"]


def test_restore_history_adds_what_is_missing(empty_lib: Library) -> None:
    pid = _paper(empty_lib)
    data = {"members": [{"name": "ana"}]}

    def change(track: str, old: str | None, new: str, day: int, who: str) -> dict[str, Any]:
        return {
            "track": track,
            "from": old,
            "to": new,
            "at": f"2024-05-0{day}T10:00:00",
            "member": who,
        }

    h = [
        change("reading", "unread", "read", 1, "ana"),
        change("reading", None, "read", 2, "bob"),
        change("replication", "none", "planned", 3, "bob"),
    ]
    with empty_lib.session() as s:
        members = Members(s, data)
        restore_history(s, s.get(Paper, pid), {"history": h}, members, {}, fresh=True)
        restore_history(s, s.get(Paper, pid), {"history": h}, members, {}, fresh=False)
        restore_history(s, s.get(Paper, pid), {}, members, {}, fresh=False)
    with empty_lib.session() as s:
        rows = s.execute(
            select(StateChange.track, StateChange.new_state, StateChange.member_id).order_by(
                StateChange.at
            )
        ).all()
    # bob is not a member here: his reading change is left out, his replication change has no author
    assert [(t, st, mid is None) for t, st, mid in rows] == [
        ("reading", "read", False),
        ("replication", "planned", True),
    ]
