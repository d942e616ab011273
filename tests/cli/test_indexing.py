"""The index step after ``add``, ``parse`` and ``fetch`` (cli/indexing.py): one line saying how
many new passages were indexed, nothing when nothing is new or it is off, a note on stderr when
the model is not available, and the JSON object the commands print."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from paperdesk.cli.indexing import index_json, index_new
from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services.autoindex import AutoIndex


@pytest.fixture
def auto_lib(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Library]:
    monkeypatch.setenv("PAPERDESK_AUTO_INDEX", "1")
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-64")
    lib = Library.open(load_settings())
    yield lib
    lib.close()


def run(lib: Library, *, quiet: bool = False) -> tuple[AutoIndex, str, str]:
    done: list[AutoIndex] = []

    @click.command()
    def cmd() -> None:
        done.append(index_new(lib, quiet=quiet))

    out = CliRunner().invoke(cmd, [])
    assert out.exit_code == 0, out.output
    return done[0], out.stdout, out.stderr


def test_indexes_what_is_new_once(auto_lib: Library) -> None:
    done, out, err = run(auto_lib)
    assert done.status == "indexed" and done.report is not None
    n = done.report.embedded
    assert n > 0 and err == ""
    assert out == f"indexed {n} new passages with hash-64 (search finds them now)\n"
    assert index_json(done) == {"status": "indexed", "detail": "", "embedded": n}
    again, out, err = run(auto_lib)
    assert again.status == "current" and out == err == ""
    assert index_json(again) == {"status": "current", "detail": "", "embedded": 0}


def test_quiet_prints_nothing(auto_lib: Library) -> None:
    done, out, err = run(auto_lib, quiet=True)
    assert done.status == "indexed" and out == err == ""


def test_off(lib: Library) -> None:  # the home fixture sets PAPERDESK_AUTO_INDEX=0
    done, out, err = run(lib)
    assert done.status == "off" and out == err == ""


def test_an_unavailable_model_is_a_note(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_AUTO_INDEX", "1")
    monkeypatch.setenv("PAPERDESK_MODEL", "no-such-org/no-such-model-xyz")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    lib = Library.open(load_settings())
    try:
        done, out, err = run(lib)
    finally:
        lib.close()
    assert done.status == "unavailable" and out == ""
    assert err.startswith("note: not indexed: the model 'no-such-org/no-such-model-xyz'")
    assert "run 'paperdesk index'" in err
    assert index_json(done)["status"] == "unavailable" and index_json(done)["embedded"] == 0
