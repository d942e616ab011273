"""One member's view of a backup (:mod:`paperdesk.export.backup_view`)."""

from __future__ import annotations

import copy
from typing import Any

from paperdesk.export.backup_view import for_member


def _data() -> dict[str, Any]:
    return {
        "version": 2,
        "members": [{"name": "ana"}, {"name": "bob"}],
        "papers": [
            {
                "key": "p1",
                "readings": [
                    {"member": "bob", "state": "read", "updated_at": "2024-05-01T00:00:00"},
                    {"member": "ana", "state": "queued", "updated_at": "2024-05-02T00:00:00"},
                ],
                "notes": [
                    {
                        "member": "ana",
                        "body": "mine",
                        "revision": 2,
                        "updated_at": "2024-05-03T00:00:00",
                    },
                    {"member": "bob", "body": "his", "revision": 1, "updated_at": None},
                ],
                "tags": [
                    {"member": "ana", "tag": "zeta"},
                    {"member": "bob", "tag": "bobs"},
                    {"member": "ana", "tag": "alpha"},
                ],
                "history": [
                    {"track": "reading", "member": "bob", "to": "read"},
                    {"track": "reading", "member": "ana", "to": "queued"},
                    {"track": "replication", "member": "bob", "to": "planned"},
                    {"track": "replication", "member": None, "to": "running"},
                ],
                "reading_time": [
                    {"member": "ana", "view": "reader"},
                    {"member": "bob", "view": "notes"},
                ],
            },
            {"key": "p2"},
        ],
        "plans": [{"member": "bob", "list": "l"}, {"member": "ana", "list": "l", "pace": 3}],
    }


def test_for_member_gives_that_members_fields() -> None:
    view = for_member(_data(), "ana")
    assert view["member"] == "ana"
    p1, p2 = view["papers"]
    assert p1["reading_state"] == "queued"
    assert p1["note"] == {"body": "mine", "revision": 2, "updated_at": "2024-05-03T00:00:00"}
    assert p1["tags"] == ["alpha", "zeta"]
    # their reading changes, and every replication change whoever made it
    assert [(h["track"], h["member"]) for h in p1["history"]] == [
        ("reading", "ana"),
        ("replication", "bob"),
        ("replication", None),
    ]
    assert p1["reading_time"] == [{"member": "ana", "view": "reader"}]
    assert view["plans"] == [{"member": "ana", "list": "l", "pace": 3}]
    # a paper with no personal rows at all
    assert (p2["reading_state"], p2["note"], p2["tags"], p2["history"]) == ("unread", None, [], [])


def test_a_member_with_no_rows_sees_everything_unread() -> None:
    view = for_member(_data(), "carol")
    p1 = view["papers"][0]
    assert (p1["reading_state"], p1["note"], p1["tags"], p1["reading_time"]) == (
        "unread",
        None,
        [],
        [],
    )
    assert [h["track"] for h in p1["history"]] == ["replication", "replication"]
    assert view["plans"] == []


def test_for_member_leaves_the_snapshot_unchanged() -> None:
    data = _data()
    before = copy.deepcopy(data)
    for_member(data, "bob")
    assert data == before
    assert for_member(data, "bob")["papers"][0]["reading_state"] == "read"
