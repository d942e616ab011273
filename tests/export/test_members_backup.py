"""The backup with members (format 2): every member's personal rows travel with their name,
attempts, claims, runs and log entries with their author; a restore gives each member their
own again, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump, export_json, import_json, my_view, to_json
from paperdesk.export.backup_upgrade import MemberChoiceError
from paperdesk.library import Library
from paperdesk.services.notes import save_note
from paperdesk.services.papers import mark, set_tags
from paperdesk.services.plans import set_plan
from paperdesk.services.reading_time import Period, record
from paperdesk.services.replication import add_log, new_attempt
from paperdesk.services.replication_claims import add_claim

MakeLib = Callable[..., Library]
AsMember = Callable[[Library, str], Library]
ATTENTION = "1706.03762"  # in the seeded transformers-core list
BERT = "1810.04805"


def paper(data: dict, arxiv: str) -> dict:
    return next(p for p in data["papers"] if p.get("arxiv_id") == arxiv)


def team(lib: Library, as_member: AsMember) -> tuple[Library, Library]:
    """ana and bo in one (seeded) library, each with their own states, notes, tags, plan and
    reading time; bo's attempt on a paper ana claims a number of."""
    ana, bo = as_member(lib, "ana"), as_member(lib, "bo")
    mark(ana, ATTENTION, "read")
    mark(ana, BERT, "queued")
    save_note(ana, ATTENTION, "ana: read it twice\n")
    set_tags(ana, ATTENTION, ["must-read"], [])
    set_plan(ana, "transformers-core", 3, start="2024-05-01")
    record(ana, Period(ATTENTION, "reader", datetime(2024, 5, 3, 10), datetime(2024, 5, 3, 10, 25)))
    mark(bo, ATTENTION, "reading")
    save_note(bo, ATTENTION, "bo: section 3 first\n")
    set_tags(bo, ATTENTION, ["later"], [])
    add_claim(ana, ATTENTION, metric="BLEU", value=28.4)
    new_attempt(bo, ATTENTION, goal="BLEU within 1 point")
    add_log(bo, ATTENTION, "bo started on 1×A100")
    return ana, bo


def seen_by(lib: Library, arxiv: str) -> tuple[str, str | None, list[str]]:
    p = paper(my_view(lib), arxiv)
    return p["reading_state"], (p["note"] or {}).get("body"), p["tags"]


def test_the_backup_names_the_member_of_every_personal_row(
    lib: Library, as_member: AsMember
) -> None:
    team(lib, as_member)
    data = dump(lib)
    assert data["version"] == 2
    assert [m["name"] for m in data["members"]] == ["ana", "bo"]
    att = paper(data, ATTENTION)
    assert [(r["member"], r["state"]) for r in att["readings"]] == [
        ("ana", "read"),
        ("bo", "reading"),
    ]
    assert [(n["member"], n["body"]) for n in att["notes"]] == [
        ("ana", "ana: read it twice\n"),
        ("bo", "bo: section 3 first\n"),
    ]
    assert att["tags"] == [{"member": "ana", "tag": "must-read"}, {"member": "bo", "tag": "later"}]
    assert {(h["member"], h["track"], h["to"]) for h in att["history"]} >= {
        ("ana", "reading", "read"),
        ("bo", "reading", "reading"),
        ("bo", "replication", "planned"),
    }
    assert [t["member"] for t in att["reading_time"]] == ["ana"]
    assert [(pl["member"], pl["list"]) for pl in data["plans"]] == [("ana", "transformers-core")]
    assert [c["created_by"] for c in att["claims"] if not c["seeded"]] == ["ana"]
    (attempt,) = att["attempts"]
    assert attempt["created_by"] == "bo" and attempt["log"][0]["created_by"] == "bo"
    assert "reading_state" not in att and "note" not in att


def test_each_member_exports_their_own_view(lib: Library, as_member: AsMember) -> None:
    ana, bo = team(lib, as_member)
    assert seen_by(ana, ATTENTION) == ("read", "ana: read it twice\n", ["must-read"])
    assert seen_by(bo, ATTENTION) == ("reading", "bo: section 3 first\n", ["later"])
    assert seen_by(bo, BERT) == ("unread", None, [])
    carol = as_member(lib, "carol")  # no activity yet: everything unread, nothing of hers
    assert seen_by(carol, ATTENTION) == ("unread", None, [])
    assert my_view(carol)["plans"] == [] and my_view(ana)["plans"][0]["pace"] == 3


def test_two_member_round_trip_on_every_database(
    any_lib: Library, make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    """A two-member library backed up (SQLite) and restored into a fresh library on SQLite and
    PostgreSQL: the same bytes again, and each member sees their own."""
    source = make_lib("team", seed=True)
    team(source, as_member)
    backup = tmp_path / "team.json"
    export_json(source, backup)

    report = import_json(any_lib, backup)
    assert report.members == ["ana", "bo"] and report.notes == 2
    assert to_json(dump(any_lib)) == backup.read_text(encoding="utf-8")
    ana, bo = as_member(any_lib, "ana"), as_member(any_lib, "bo")
    assert seen_by(ana, ATTENTION) == ("read", "ana: read it twice\n", ["must-read"])
    assert seen_by(bo, ATTENTION) == ("reading", "bo: section 3 first\n", ["later"])
    assert seen_by(ana, BERT)[0] == "queued" and seen_by(bo, BERT)[0] == "unread"

    again = import_json(any_lib, backup, merge=True)  # merging the same backup: nothing new
    assert again.added_papers == 0 and again.notes_kept_both == []
    assert to_json(dump(any_lib)) == backup.read_text(encoding="utf-8")


def test_a_merge_keeps_both_notes_of_one_member_and_adds_another_members(
    lib: Library, make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    source = make_lib("team", seed=True)
    team(source, as_member)
    export_json(source, tmp_path / "team.json")
    mine = as_member(lib, "ana")
    save_note(mine, ATTENTION, "my own note\n")
    mark(mine, ATTENTION, "skimmed")

    report = import_json(lib, tmp_path / "team.json", merge=True)
    assert report.notes_kept_both == [f"{paper(dump(lib), ATTENTION)['key']} (ana)"]
    state, note, tags = seen_by(mine, ATTENTION)
    assert state == "skimmed"  # the library's state is kept
    assert note is not None and note.startswith("my own note\n") and "read it twice" in note
    assert tags == ["must-read"]
    assert seen_by(as_member(lib, "bo"), ATTENTION)[0] == "reading"


def test_a_backup_naming_an_unknown_member_is_refused_before_anything_is_written(
    lib: Library, make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    source = make_lib("team", seed=True)
    team(source, as_member)
    data = dump(source)
    paper(data, ATTENTION)["notes"][1]["member"] = "zoe"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    before = to_json(dump(lib))
    with pytest.raises(ExportError, match=r"notes\[1\]\.member: not a member of the backup: 'zoe'"):
        import_json(lib, tmp_path / "bad.json")
    data["members"][0]["name"] = "a/b"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ExportError, match=r"members\[0\]\.name.*'/'"):
        import_json(lib, tmp_path / "bad.json")
    assert to_json(dump(lib)) == before


def test_import_as_restores_one_members_data_into_a_shared_library(
    any_lib: Library, make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    """jdoe's own library (one member) comes into the team library as ana's; bo's data there
    stays his; the shared records merge, jdoe's attempt now ana's."""
    laptop = as_member(make_lib("laptop", seed=True), "jdoe")
    mark(laptop, ATTENTION, "read")
    save_note(laptop, ATTENTION, "from my laptop\n")
    set_tags(laptop, ATTENTION, ["laptop"], [])
    new_attempt(laptop, ATTENTION, goal="jdoe's goal")
    export_json(laptop, tmp_path / "laptop.json")

    bo = as_member(any_lib, "bo")
    mark(bo, ATTENTION, "queued")
    save_note(bo, ATTENTION, "bo's\n")
    report = import_json(any_lib, tmp_path / "laptop.json", as_member="ana")
    assert report.members == ["ana"]
    ana = as_member(any_lib, "ana")
    assert seen_by(ana, ATTENTION) == ("read", "from my laptop\n", ["laptop"])
    assert seen_by(bo, ATTENTION) == ("queued", "bo's\n", [])
    data = dump(any_lib)
    assert [m["name"] for m in data["members"]] == ["ana", "bo"]
    assert [a["created_by"] for a in paper(data, ATTENTION)["attempts"]] == ["ana"]
    history = paper(data, ATTENTION)["history"]
    assert {h["member"] for h in history if h["track"] == "reading"} == {"ana", "bo"}

    import_json(any_lib, tmp_path / "laptop.json", as_member="ana")  # again: nothing new
    assert dump(any_lib) == data


def test_import_as_picks_one_member_of_several(
    lib: Library, make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    source = make_lib("team", seed=True)
    team(source, as_member)
    export_json(source, tmp_path / "team.json")
    with pytest.raises(MemberChoiceError, match=r"2 members \(ana, bo\).*--from-member"):
        import_json(lib, tmp_path / "team.json", as_member="carol")
    with pytest.raises(MemberChoiceError, match=r"no member 'bob'.*did you mean.*'bo'"):
        import_json(lib, tmp_path / "team.json", as_member="carol", from_member="bob")
    with pytest.raises(MemberChoiceError, match="member name may not contain"):
        import_json(lib, tmp_path / "team.json", as_member="a/b", from_member="bo")

    report = import_json(lib, tmp_path / "team.json", as_member="carol", from_member="bo")
    carol = as_member(lib, "carol")
    assert seen_by(carol, ATTENTION) == ("reading", "bo: section 3 first\n", ["later"])
    assert seen_by(carol, BERT)[0] == "unread"  # ana's queued BERT did not come
    data = dump(lib)
    assert [m["name"] for m in data["members"]] == ["carol"]
    att = paper(data, ATTENTION)
    assert [a["created_by"] for a in att["attempts"]] == ["carol"]
    # ana made the claim; she is not a member here, so it has no author
    assert [c["created_by"] for c in att["claims"] if not c["seeded"]] == [None]
    assert report.authors_unknown == ["ana"]
    assert my_view(carol)["plans"] == []  # the plan was ana's


def _member_backup() -> dict:
    """A small valid version-2 backup with two members and a row of each personal kind."""
    return {
        "format": "paperdesk-backup",
        "version": 2,
        "members": [{"name": "ana", "created_at": None}, {"name": "bo", "created_at": None}],
        "papers": [
            {
                "key": "vaswani2017attention",
                "title": "Attention",
                "readings": [{"member": "ana", "state": "read", "updated_at": None}],
                "notes": [{"member": "bo", "body": "bo\n", "revision": 1, "updated_at": None}],
                "tags": [{"member": "ana", "tag": "nlp"}],
                "history": [{"track": "reading", "from": "unread", "to": "read", "member": "ana"}],
                "reading_time": [],
                "attempts": [{"created_by": "bo", "runs": [], "log": []}],
            }
        ],
        "lists": [
            {"name": "core", "title": "Core", "entries": [{"paper": "vaswani2017attention"}]}
        ],
        "plans": [{"list": "core", "member": "bo", "pace": 2, "start": "2024-05-01"}],
        "tags": ["nlp"],
    }


_plausible = st.sampled_from(["ana", "bo", "carol", "read", "queued", "nlp", " ana", "a/b", ""])
_json_value = _plausible | st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
_PLACES = [
    ("members",),
    ("members", 0, "name"),
    ("papers", 0, "readings"),
    ("papers", 0, "readings", 0, "member"),
    ("papers", 0, "readings", 0, "state"),
    ("papers", 0, "notes", 0, "member"),
    ("papers", 0, "notes", 0, "body"),
    ("papers", 0, "tags", 0),
    ("papers", 0, "tags", 0, "tag"),
    ("papers", 0, "history", 0, "member"),
    ("papers", 0, "attempts", 0, "created_by"),
    ("plans", 0, "member"),
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _json_value), min_size=1, max_size=3))
def test_member_fields_load_or_name_the_place(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[tuple, object]]
) -> None:
    """Whatever a backup's member fields hold: it loads and restores, or one clear error names
    the file; never a traceback."""
    from paperdesk.config import Settings
    from paperdesk.errors import PaperdeskError
    from paperdesk.export.backup import load_backup

    data = _member_backup()
    for place, value in changes:
        *parents, last = place
        target: Any = data
        try:
            for step in parents:
                target = target[step]
            target[last] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced what this one would go into
    text = json.dumps(data)
    try:
        load_backup(text, "fuzz.json")
    except PaperdeskError as exc:
        assert str(exc).startswith("fuzz.json"), exc
        return
    event("restored")
    home = tmp_path_factory.mktemp("fuzz")
    (home / "fuzz.json").write_text(text, encoding="utf-8")
    lib = Library.open(Settings(home=home / "lib"), seed=False)
    try:
        import_json(lib, home / "fuzz.json")
        assert to_json(dump(lib))
    finally:
        lib.close()
