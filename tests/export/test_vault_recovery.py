"""A failed or interrupted vault export never makes paperdesk disown its own files: the
manifest keeps every entry it had, and records the new hashes before files are renamed."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paperdesk.errors import ExportError
from paperdesk.export import vault as vault_module
from paperdesk.export.markdown import export_markdown
from paperdesk.export.vault import MANIFEST
from paperdesk.library import Library
from paperdesk.services.keys import set_key
from paperdesk.services.papers import mark

ATTENTION = "vaswani2017attention.md"
CONLL = "sang2003introduction.md"


class Killed(BaseException):
    """Stands for the process dying (SIGKILL, power loss) at a given point."""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    folder.mkdir()
    return folder


def manifest_names(folder: Path) -> set[str]:
    return set(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"])


def test_a_failed_list_export_keeps_every_manifest_entry(
    full_lib: Library, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_markdown(full_lib, vault)
    before = manifest_names(vault)
    assert CONLL in before  # not part of the transformers-core list
    mark(full_lib, "vaswani2017attention", "reading")
    real_replace = os.replace

    def full_disk(src: Any, dst: Any) -> None:
        if str(dst).endswith(ATTENTION):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ExportError, match="disk full: cannot write"):
        export_markdown(full_lib, vault, list_name="transformers-core")
    monkeypatch.setattr(os, "replace", real_replace)
    assert manifest_names(vault) == before

    report = export_markdown(full_lib, vault)
    assert report.skipped == []
    assert ATTENTION in {p.name for p in report.written}


def _kill(where: str) -> Callable[[list[tuple[Path, bytes]]], None]:
    real = vault_module.write_many_atomic

    def write(items: list[tuple[Path, bytes]]) -> None:
        if where == "after":
            real(items)
        raise Killed

    return write


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_kill_around_the_renames_leaves_the_files_ours(
    full_lib: Library, vault: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    export_markdown(full_lib, vault)
    mark(full_lib, "vaswani2017attention", "reading")
    monkeypatch.setattr(vault_module, "write_many_atomic", _kill(where))
    with pytest.raises(Killed):
        export_markdown(full_lib, vault)
    monkeypatch.undo()

    mark(full_lib, "vaswani2017attention", "read")  # the next export writes other bytes again
    report = export_markdown(full_lib, vault)
    assert report.skipped == []
    assert ATTENTION in {p.name for p in report.written}
    manifest = json.loads((vault / MANIFEST).read_text(encoding="utf-8"))["files"]
    owners = {"sha256", "paper", "list", "page", "sync"}  # no "previous" left
    assert all(set(entry) - owners == set() for entry in manifest.values())


def test_stale_files_left_by_a_kill_are_still_removed(
    full_lib: Library, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_markdown(full_lib, vault)
    mark(full_lib, "vaswani2017attention", "reading")
    monkeypatch.setattr(vault_module, "write_many_atomic", _kill("before"))
    with pytest.raises(Killed):
        export_markdown(full_lib, vault)
    monkeypatch.undo()

    set_key(full_lib, "vaswani2017attention", "transformer2017")  # its file is renamed
    report = export_markdown(full_lib, vault)
    assert ATTENTION in {p.name for p in report.removed}
    assert report.kept == [] and report.skipped == []
