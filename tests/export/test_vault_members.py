"""Exports per member: each member's vault, progress page and BibTeX / CSL-JSON show their own
states, notes and tags; what is edited in a vault comes back as its member's; a vault stays
its member's (another member's export or read-back is refused)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.csljson import csl_text
from paperdesk.export.markdown import export_markdown
from paperdesk.export.vault import MANIFEST
from paperdesk.export.vaultpage import parse_page
from paperdesk.export.vaultsync import import_markdown
from paperdesk.library import Library
from tests.export.test_members_backup import ATTENTION, seen_by, team
from tests.export.test_vaultsync import replace_line, write_note

AsMember = Callable[[Library, str], Library]


def page_of(vault: Path, arxiv: str) -> Path:
    for path in vault.glob("*.md"):
        front = parse_page(path.read_text(encoding="utf-8"), path.name).front or {}
        if front.get("arxiv") == arxiv:
            return path
    raise AssertionError(f"no page for {arxiv} in {vault}")


def front(path: Path) -> dict:
    return parse_page(path.read_text(encoding="utf-8"), path.name).front or {}


def test_each_member_exports_and_reads_back_their_own_vault(
    lib: Library, as_member: AsMember, tmp_path: Path
) -> None:
    ana, bo = team(lib, as_member)
    va, vb = tmp_path / "ana-vault", tmp_path / "bo-vault"
    export_markdown(ana, va, list_name="transformers-core")
    export_markdown(bo, vb, list_name="transformers-core")
    pa, pb = page_of(va, ATTENTION), page_of(vb, ATTENTION)
    assert (front(pa)["reading"], front(pa)["tags"]) == ("read", ["must-read"])
    assert (front(pb)["reading"], front(pb)["tags"]) == ("reading", ["later"])
    assert "ana: read it twice" in pa.read_text() and "bo:" not in pa.read_text()
    assert "bo: section 3 first" in pb.read_text() and "ana:" not in pb.read_text()
    assert [h["to"] for h in front(pb)["history"] if h["track"] == "reading"] == ["reading"]
    assert json.loads((va / MANIFEST).read_text())["member"] == "ana"
    assert json.loads((vb / MANIFEST).read_text())["member"] == "bo"

    write_note(pb, "bo: edited in the vault")
    replace_line(pb, r'^reading: "reading"$', 'reading: "read"')
    back = import_markdown(bo, vb)
    assert back.conflicts == [] and len(back.taken) == 1
    assert seen_by(bo, ATTENTION)[:2] == ("read", "bo: edited in the vault\n")
    assert seen_by(ana, ATTENTION)[:2] == ("read", "ana: read it twice\n")  # hers untouched

    again = export_markdown(ana, va, list_name="transformers-core")
    assert again.written == []  # bo's edits change nothing in ana's vault
    again = export_markdown(bo, vb, list_name="transformers-core")  # his history grew
    assert {p.name for p in again.written} == {pb.name, "_list-transformers-core.md"}
    assert again.skipped == []


def test_a_vault_stays_its_members(lib: Library, as_member: AsMember, tmp_path: Path) -> None:
    ana, bo = team(lib, as_member)
    va = tmp_path / "vault"
    export_markdown(ana, va, list_name="transformers-core")
    before = {p.name: p.read_bytes() for p in va.iterdir()}
    with pytest.raises(ExportError, match=r"is the vault of 'ana'.*you are 'bo'"):
        export_markdown(bo, va, list_name="transformers-core")
    with pytest.raises(ExportError, match=r"is the vault of 'ana'"):
        import_markdown(bo, va)
    assert {p.name: p.read_bytes() for p in va.iterdir()} == before

    # a vault exported before members names nobody: the next member to export takes it
    manifest = json.loads((va / MANIFEST).read_text())
    del manifest["member"]
    (va / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    report = export_markdown(bo, va, list_name="transformers-core")
    assert page_of(va, ATTENTION) in report.written
    assert json.loads((va / MANIFEST).read_text())["member"] == "bo"


def test_progress_page_shows_my_plans_and_reading_time(
    lib: Library, as_member: AsMember, tmp_path: Path
) -> None:
    ana, bo = team(lib, as_member)
    export_markdown(ana, tmp_path / "a")
    export_markdown(bo, tmp_path / "b")
    mine = (tmp_path / "a" / "_progress.md").read_text(encoding="utf-8")
    theirs = (tmp_path / "b" / "_progress.md").read_text(encoding="utf-8")
    assert "| [[_list-transformers-core]] | 3/week |" in mine
    assert "25 min in all" in mine or "25m" in mine
    assert "No plans yet" in theirs and "None recorded yet" in theirs


def test_references_carry_my_tags(lib: Library, as_member: AsMember) -> None:
    ana, bo = team(lib, as_member)
    assert "must-read" in bibtex_text(ana, list_name="transformers-core").text
    assert "later" not in bibtex_text(ana, list_name="transformers-core").text
    items = json.loads(csl_text(bo, list_name="transformers-core").text)
    assert [i.get("keyword") for i in items if "1706.03762" in json.dumps(i)] == ["later"]


def test_cli_refuses_another_members_vault(
    lib: Library, as_member: AsMember, tmp_path: Path
) -> None:
    from tests.conftest import run_cli

    team(lib, as_member)
    vault = tmp_path / "vault"
    out = run_cli("export", "markdown", str(vault), env={"PAPERDESK_USER": "ana"})
    assert out.returncode == 0, out.stderr
    for args in (("export", "markdown", str(vault), "--sync"), ("import", "markdown", str(vault))):
        out = run_cli(*args, env={"PAPERDESK_USER": "bo"})
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert out.stderr.startswith(f"error: {vault} is the vault of 'ana'"), out.stderr
        assert "PAPERDESK_USER=ana" in out.stderr
