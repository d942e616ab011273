"""Writing into a folder the user also edits (:mod:`paperdesk.export.vault`): the manifest
rules, file by file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.files import sha256_bytes
from paperdesk.export.vault import (
    CHANGED,
    MANIFEST,
    NOT_OURS,
    ExportReport,
    Planned,
    is_ours,
    read_manifest,
    sync_folder,
    write_manifest,
)


def _plan(**files: str) -> dict[str, Planned]:
    return {f"{k}.md": Planned(v.encode(), {"paper": k}) for k, v in files.items()}


def _sync(d: Path, planned: Mapping[str, Planned], member: str | None = None) -> ExportReport:
    def stale(owner: Mapping[str, Any]) -> bool:
        return "paper" in owner

    return sync_folder(d, planned, stale, ExportReport(d), member)


def test_first_export_writes_files_and_the_manifest(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    report = _sync(d, _plan(a="A", b="B"))
    assert sorted(p.name for p in report.written) == ["a.md", "b.md"]
    assert (d / "a.md").read_text() == "A"
    files = read_manifest(d)
    assert files["a.md"] == {"sha256": sha256_bytes(b"A"), "paper": "a"}


def test_unchanged_files_are_not_touched(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    _sync(d, _plan(a="A"))
    mtime = (d / "a.md").stat().st_mtime_ns
    report = _sync(d, _plan(a="A"))
    assert report.written == [] and report.unchanged == [d / "a.md"]
    assert (d / "a.md").stat().st_mtime_ns == mtime


def test_files_not_ours_or_changed_are_never_overwritten(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    d.mkdir()
    (d / "mine.md").write_text("user's own")
    _sync(d, _plan(a="A"))
    (d / "a.md").write_text("edited by the user")
    report = _sync(d, {**_plan(a="A2"), **_plan(mine="ours?")})
    assert sorted(report.skipped) == [(d / "a.md", CHANGED), (d / "mine.md", NOT_OURS)]
    assert report.skipped_not_ours == [d / "mine.md"]
    assert (d / "a.md").read_text() == "edited by the user"
    assert (d / "mine.md").read_text() == "user's own"
    assert "mine.md" not in read_manifest(d)  # still not ours
    assert read_manifest(d)["a.md"]["sha256"] == sha256_bytes(b"A")  # the old hash kept


def test_stale_files_are_removed_only_when_unchanged(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    _sync(d, _plan(a="A", b="B", c="C"))
    (d / "b.md").write_text("edited")
    (d / "c.md").unlink()
    report = _sync(d, {})
    assert report.removed == [d / "a.md"] and report.kept == [d / "b.md"]
    assert not (d / "a.md").exists() and (d / "b.md").read_text() == "edited"
    assert read_manifest(d) == {}  # the kept file is the user's from now on


def test_an_old_file_of_something_not_covered_stays(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    sync_folder(d, {"_list-x.md": Planned(b"L", {"list": "x"})}, lambda o: True, ExportReport(d))
    report = _sync(d, _plan(a="A"))  # a paper export: lists are not stale
    assert report.removed == [] and (d / "_list-x.md").exists()
    assert read_manifest(d)["_list-x.md"]["list"] == "x"


def test_a_replaced_files_old_hash_still_counts_as_ours() -> None:
    entry = {"sha256": "new", "previous": "old"}
    assert is_ours(entry, "new") and is_ours(entry, "old")
    assert not is_ours(entry, "other") and not is_ours(entry, None)
    assert not is_ours({"sha256": "new"}, None)


def test_a_planned_name_that_is_a_folder_is_skipped(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    (d / "a.md").mkdir(parents=True)
    report = _sync(d, _plan(a="A"))
    assert report.skipped == [(d / "a.md", NOT_OURS)] and report.written == []


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        _sync(tmp_path / "f", _plan(a="A"))


def test_the_vault_is_one_members(tmp_path: Path) -> None:
    d = tmp_path / "vault"
    _sync(d, _plan(a="A"), member="ana")
    assert json.loads((d / MANIFEST).read_text())["member"] == "ana"
    with pytest.raises(ExportError, match=r"is the vault of 'ana'.*you are 'bob'"):
        _sync(d, _plan(a="A"), member="bob")
    assert read_manifest(d) and read_manifest(d, "ana")
    # a manifest naming nobody is taken by the next member
    write_manifest(d, read_manifest(d))
    _sync(d, _plan(a="A"), member="bob")
    assert json.loads((d / MANIFEST).read_text())["member"] == "bob"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"format": "other", "files": {}}),
        json.dumps({"format": "paperdesk-markdown-export", "files": []}),
        json.dumps({"format": "paperdesk-markdown-export", "files": {"../x": {"sha256": "a"}}}),
        json.dumps({"format": "paperdesk-markdown-export", "files": {"a.md": {}}}),
        json.dumps({"format": "paperdesk-markdown-export", "files": {}, "member": 3}),
    ],
)
def test_a_damaged_manifest_is_refused(tmp_path: Path, body: str) -> None:
    (tmp_path / MANIFEST).write_text(body)
    with pytest.raises(ExportError, match=r"is damaged .*delete it to start over"):
        read_manifest(tmp_path)


def test_write_manifest_is_sorted_and_stable(tmp_path: Path) -> None:
    write_manifest(tmp_path, {"b.md": {"sha256": "2", "a": 1}, "a.md": {"sha256": "1"}}, "ana")
    text = (tmp_path / MANIFEST).read_text()
    assert list(json.loads(text)["files"]) == ["a.md", "b.md"]
    mtime = (tmp_path / MANIFEST).stat().st_mtime_ns
    write_manifest(tmp_path, {"a.md": {"sha256": "1"}, "b.md": {"a": 1, "sha256": "2"}}, "ana")
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == mtime  # same bytes: not rewritten


def test_summary() -> None:
    r = ExportReport(Path("/v"), written=[Path("/v/a")], papers=1, lists=2)
    assert r.summary() == "/v: 1 paper, 2 lists: 1 written, 0 unchanged"
    r.removed, r.kept = [Path("/v/b")], [Path("/v/c")]
    r.skipped = [(Path("/v/d"), NOT_OURS)]
    assert r.summary().endswith(
        "1 removed, 1 skipped (not written by paperdesk or changed since), "
        "1 old files kept (changed since)"
    )
