"""A backup made before members (format 1, ``data/backup_v1.json``, written by the release
before them from the sample library with a plan and reading time): restored, everything
personal in it is the importing member's."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.export.backup import dump, import_json, my_view
from paperdesk.export.backup_upgrade import MemberChoiceError
from paperdesk.library import Library
from paperdesk.services.papers import mark
from tests.conftest import run_cli

V1 = Path(__file__).parent / "data" / "backup_v1.json"
AsMember = Callable[[Library, str], Library]
MakeLib = Callable[..., Library]


def v1_papers() -> dict[str, dict]:
    return {p["key"]: p for p in json.loads(V1.read_text(encoding="utf-8"))["papers"]}


def test_an_old_backup_restores_into_the_current_member(
    any_lib: Library, as_member: AsMember
) -> None:
    ana = as_member(any_lib, "ana")
    report = import_json(ana, V1)
    assert report.members == ["ana"] and report.me == "ana" and report.cleared_seed
    assert report.notes == sum(1 for p in v1_papers().values() if p["note"])  # 2, as main says
    data = dump(ana)
    assert [m["name"] for m in data["members"]] == ["ana"]
    old = v1_papers()
    view = {p["key"]: p for p in my_view(ana)["papers"]}
    assert set(view) == set(old)
    for key, p in old.items():  # what the old backup said is what ana sees
        assert view[key]["reading_state"] == p["reading_state"], key
        assert view[key]["note"] == p["note"], key
        assert view[key]["tags"] == p["tags"], key
        assert [{k: v for k, v in h.items() if k != "member"} for h in view[key]["history"]] == (
            p["history"]
        )
        assert [
            {k: v for k, v in t.items() if k != "member"} for t in view[key]["reading_time"]
        ] == (p["reading_time"])
    att = next(p for p in data["papers"] if p["key"] == "vaswani2017attention")
    assert att["readings"] == [
        {"member": "ana", "state": "read", "updated_at": "2024-05-03T08:30:00.000500"}
    ]
    assert {c["label"]: c["created_by"] for c in att["claims"]} == {
        "ppl": "ana",
        "wmt14-en-de": None,  # seeded: nobody's
    }
    assert [a["created_by"] for a in att["attempts"]] == ["ana", "ana"]
    assert [pl["member"] for pl in data["plans"]] == ["ana"]
    assert my_view(as_member(any_lib, "bo"))["papers"][0]["reading_state"] == "unread"


def test_an_old_backup_for_a_single_user_keeps_their_name(
    make_lib: MakeLib, tmp_path: Path
) -> None:
    """Nothing set: the member is the OS user, as for any single user."""
    from paperdesk.members import configured_name

    lib = make_lib("solo")
    report = import_json(lib, V1)
    assert report.members == [configured_name()[0]]
    assert (
        next(p for p in my_view(lib)["papers"] if p["key"] == "muller2024odd")["reading_state"]
        == "skimmed"
    )


def test_an_old_backup_merges_as_one_member(
    lib: Library, as_member: AsMember, tmp_path: Path
) -> None:
    bo = as_member(lib, "bo")
    mark(bo, "1706.03762", "reading")
    with pytest.raises(MemberChoiceError, match=r"before members.*leave it out"):
        import_json(lib, V1, as_member="carol", from_member="x")
    report = import_json(lib, V1, as_member="carol")
    assert report.members == ["carol"] and report.merged_papers == 4
    carol = as_member(lib, "carol")
    mine = {p["arxiv_id"]: p for p in my_view(carol)["papers"] if p.get("arxiv_id")}
    assert mine["1706.03762"]["reading_state"] == "read"
    theirs = {p["arxiv_id"]: p for p in my_view(bo)["papers"] if p.get("arxiv_id")}
    assert (
        theirs["1706.03762"]["reading_state"] == "reading" and theirs["2401.00001"]["note"] is None
    )


def test_cli_import_as(home: Path, make_lib: MakeLib, as_member: AsMember, tmp_path: Path) -> None:
    """Exit 2 with a usage line when whose data to take is not clear; one line per outcome."""
    from paperdesk.export.backup import export_json
    from paperdesk.services.notes import save_note

    team = make_lib("team", seed=True)
    save_note(as_member(team, "ana"), "1706.03762", "ana\n")
    save_note(as_member(team, "bo"), "1706.03762", "bo\n")
    export_json(team, tmp_path / "team.json")
    env = {"PAPERDESK_USER": "carol", "PAPERDESK_SEED_LISTS": "1"}

    out = run_cli("import", "json", str(tmp_path / "team.json"), "--as", "carol", env=env)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "holds the data of 2 members (ana, bo): say whose to restore with --from-member" in (
        out.stderr
    )
    out = run_cli("import", "json", str(V1), "--from-member", "x", env=env)
    assert out.returncode == 2 and "--from-member goes with --as NAME" in out.stderr

    out = run_cli(
        "import",
        "json",
        str(tmp_path / "team.json"),
        "--as",
        "carol",
        "--from-member",
        "bo",
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "papers added" in out.stdout and "restored as carol" in out.stdout

    out = run_cli("import", "json", str(tmp_path / "team.json"), "--merge", env=env)
    assert out.returncode == 0, out.stderr
    assert "members: ana, bo" in out.stdout
    assert "you are carol, not a member of the backup" in out.stderr


def test_an_old_backup_is_checked_at_the_door(make_lib: MakeLib, tmp_path: Path) -> None:
    from paperdesk.errors import ExportError

    data = json.loads(V1.read_text(encoding="utf-8"))
    i = next(i for i, p in enumerate(data["papers"]) if p["note"])
    data["papers"][i]["note"]["body"] = "x\x00"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    lib = make_lib("target")
    with pytest.raises(ExportError, match=rf"papers\[{i}\] \(\w+\)\.note\.body: contains a NUL"):
        import_json(lib, tmp_path / "bad.json")
    data["papers"][i]["note"]["body"] = "fine"
    data["papers"][0]["tags"] = ["two words"]
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ExportError, match=r"papers\[0\] \(\w+\)\.tags: tag 'two words'"):
        import_json(lib, tmp_path / "bad.json")
    assert dump(lib)["papers"] == [] and dump(lib)["members"] == []
