"""Backups and members (:mod:`paperdesk.export.backup_upgrade`): version 1 read as version 2,
the member to restore ``--as``, and one member's data taken out."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from paperdesk.export.backup_upgrade import (
    MemberChoiceError,
    member_names,
    one_member,
    source_member,
    upgrade_v1,
)


def _v1() -> dict[str, Any]:
    return {
        "version": 1,
        "papers": [
            {
                "key": "p1",
                "reading_state": "read",
                "updated_at": "2024-05-09T00:00:00",
                "note": {"body": "n", "revision": 2, "updated_at": "2024-05-04T00:00:00"},
                "tags": ["nlp"],
                "history": [
                    {"track": "reading", "to": "read", "at": "2024-05-03T00:00:00"},
                    {"track": "reading", "to": "read", "at": "2024-05-05T00:00:00"},
                    {"track": "replication", "to": "planned", "at": "2024-05-06T00:00:00"},
                ],
                "reading_time": [{"view": "reader", "start": "s", "end": "e"}],
                "claims": [{"label": "seeded", "seeded": True}, {"label": "mine"}],
                "attempts": [{"number": 1, "runs": [{"command": "x"}], "log": [{"text": "t"}]}],
            },
            {"key": "p2", "reading_state": "queued", "updated_at": "2024-05-07T00:00:00"},
            {"key": "p3", "reading_state": "unread", "note": None, "tags": []},
        ],
        "plans": [{"list": "l", "pace": 3}],
    }


def test_upgrade_v1_gives_everything_personal_to_the_member() -> None:
    data = _v1()
    before = copy.deepcopy(data)
    out = upgrade_v1(data, "ana")
    assert data == before
    assert out["version"] == 2 and out["members"] == [{"name": "ana", "created_at": None}]
    p1, p2, p3 = out["papers"]
    assert not {"reading_state", "note"} & p1.keys()
    # the time of the latest change into the state
    assert p1["readings"] == [
        {"member": "ana", "state": "read", "updated_at": "2024-05-05T00:00:00"}
    ]
    assert p1["notes"] == [
        {"member": "ana", "body": "n", "revision": 2, "updated_at": "2024-05-04T00:00:00"}
    ]
    assert p1["tags"] == [{"member": "ana", "tag": "nlp"}]
    assert {h["member"] for h in p1["history"]} == {"ana"}
    assert p1["reading_time"][0]["member"] == "ana"
    assert [c["created_by"] for c in p1["claims"]] == [None, "ana"]
    attempt = p1["attempts"][0]
    assert (attempt["created_by"], attempt["runs"][0]["created_by"]) == ("ana", "ana")
    assert attempt["log"][0]["created_by"] == "ana"
    # no reading change recorded: the paper's updated_at
    assert p2["readings"][0]["updated_at"] == "2024-05-07T00:00:00"
    assert (p3["readings"], p3["notes"], p3["tags"]) == ([], [], [])
    assert out["plans"] == [{"list": "l", "pace": 3, "member": "ana"}]


def test_upgrade_v1_of_a_backup_with_nothing_personal_makes_no_member() -> None:
    data = {"version": 1, "papers": [{"key": "p", "reading_state": "unread"}]}
    out = upgrade_v1(data, "ana")
    assert out["members"] == [] and member_names(out) == []


def test_upgrade_v1_leaves_version_2_alone() -> None:
    data = {"version": 2, "papers": []}
    assert upgrade_v1(data, "ana") is data


def test_source_member() -> None:
    one = {"members": [{"name": "ana"}]}
    two = {"members": [{"name": "ana"}, {"name": "bob"}]}
    assert source_member(one, None, "f") == "ana"
    assert source_member(two, "bob", "f") == "bob"
    with pytest.raises(MemberChoiceError, match=r"2 members \(ana, bob\).*--from-member NAME"):
        source_member(two, None, "f")
    with pytest.raises(MemberChoiceError, match=r"no member 'anna'.*ana.*its members: ana, bob"):
        source_member(two, "anna", "f")
    with pytest.raises(MemberChoiceError, match="holds no member's data"):
        source_member({"members": []}, None, "f")
    with pytest.raises(MemberChoiceError, match="its members: none"):
        source_member({}, "x", "f")


def test_one_member_keeps_the_sources_rows_renamed_and_the_shared_data() -> None:
    data = {
        "version": 2,
        "members": [{"name": "ana"}, {"name": "bob"}],
        "papers": [
            {
                "key": "p",
                "readings": [
                    {"member": "ana", "state": "read"},
                    {"member": "bob", "state": "queued"},
                ],
                "notes": [{"member": "bob", "body": "b"}],
                "tags": [{"member": "ana", "tag": "a"}, {"member": "bob", "tag": "b"}],
                "history": [
                    {"track": "reading", "member": "ana", "to": "read"},
                    {"track": "reading", "member": "bob", "to": "queued"},
                    {"track": "replication", "member": "bob", "to": "planned"},
                    {"track": "replication", "member": "ana", "to": "running"},
                ],
                "claims": [{"created_by": "ana"}, {"created_by": "bob"}, {"created_by": None}],
                "attempts": [
                    {
                        "created_by": "bob",
                        "runs": [{"created_by": "ana"}],
                        "log": [{"created_by": "bob"}],
                    }
                ],
            }
        ],
        "plans": [{"member": "ana", "list": "l"}, {"member": "bob", "list": "l"}],
    }
    out = one_member(data, "ana", "carol")
    assert out["members"] == [{"name": "carol", "created_at": None}]
    p = out["papers"][0]
    assert p["readings"] == [{"member": "carol", "state": "read"}]
    assert p["notes"] == [] and p["tags"] == [{"member": "carol", "tag": "a"}]
    assert [(h["track"], h["member"]) for h in p["history"]] == [
        ("reading", "carol"),
        ("replication", "bob"),
        ("replication", "carol"),
    ]
    assert [c["created_by"] for c in p["claims"]] == ["carol", "bob", None]
    a = p["attempts"][0]
    assert (a["created_by"], a["runs"][0]["created_by"], a["log"][0]["created_by"]) == (
        "bob",
        "carol",
        "bob",
    )
    assert out["plans"] == [{"member": "carol", "list": "l"}]
