"""Auto-indexing after add/parse/fetch, and what search cannot rank yet (hash embedder only)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services.autoindex import auto_index, model_problem, unindexed
from paperdesk.services.intake import add_pdfs
from tests.conftest import run_cli
from tests.services.paperpdfs import paper_pdf


def _lib(home: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Library:
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-256")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Library.open(load_settings(), seed=False)


def test_new_text_is_embedded_once_and_only_when_there_is_some(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = _lib(home, monkeypatch, PAPERDESK_AUTO_INDEX="1")
    assert auto_index(lib).status == "current", "an empty library has nothing to embed"
    add_pdfs(lib, [paper_pdf(tmp_path / "a.pdf", "Walrus Attention for Long Inputs")])
    gap = unindexed(lib.settings)
    assert gap.passages > 0 and gap.papers == 1 and gap.embedded == 0
    done = auto_index(lib)
    assert done.status == "indexed" and done.report is not None
    # the parsed passages, and the title + abstract passage the refresh before embedding writes
    assert done.report.embedded == gap.passages + 1
    after = unindexed(lib.settings)
    assert (after.passages, after.papers) == (0, 0) and after.embedded == gap.passages + 1
    assert auto_index(lib).status == "current"


def test_off_and_unavailable_say_so(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = _lib(home, monkeypatch, PAPERDESK_AUTO_INDEX="0")
    add_pdfs(lib, [paper_pdf(tmp_path / "a.pdf", "Walrus Attention for Long Inputs")])
    assert auto_index(lib).status == "off"
    missing = dataclasses.replace(
        lib.settings, model=str(tmp_path / "no-such-model"), auto_index=True
    )
    assert model_problem(missing) is not None
    lib.settings = missing
    done = auto_index(lib)
    assert done.status == "unavailable" and done.note and "paperdesk index" in done.note
    assert model_problem(dataclasses.replace(missing, model="hash")) is None


def test_parse_indexes_what_it_parsed(home: Path, tmp_path: Path) -> None:
    env = {"PAPERDESK_MODEL": "hash-256", "PAPERDESK_AUTO_INDEX": "0"}
    pdf = paper_pdf(tmp_path / "a.pdf", "Walrus Attention for Long Inputs", word="walrus")
    assert run_cli("add", "--pdf", str(pdf), env=env).returncode == 0
    on = {**env, "PAPERDESK_AUTO_INDEX": "1"}
    out = run_cli("parse", "--all", "--force", "--json", env=on)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["index"]["status"] == "indexed"
    assert "not indexed yet" not in run_cli("search", "walrus", env=on).stderr
