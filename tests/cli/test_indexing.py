"""The index step after ``add``, ``parse`` and ``fetch`` (cli/indexing.py): one line saying how
many new passages were indexed, nothing when nothing is new or it is off, a note on stderr when
the model is not available, and the JSON object the commands print."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from paperdesk.cli.indexing import finish_batch, index_json, index_new
from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.reports import Failure, Report
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


def _finish(lib: Library, report: Report[Failure], *args: str, new: bool) -> tuple[int, str]:
    """Run :func:`finish_batch` in a small command: its exit code and stdout."""
    shown: list[int] = []

    @click.command()
    @click.option("--json", "as_json", is_flag=True)
    def cmd(as_json: bool) -> None:
        finish_batch(
            lib,
            report,
            new=new,
            as_json=as_json,
            show=lambda r: shown.append(len(r.results)),
            to_json=lambda r: {"results": [f.label for f in r.results]},
        )

    out = CliRunner().invoke(cmd, list(args))
    assert out.exception is None or isinstance(out.exception, SystemExit)
    return out.exit_code, out.stdout + (f"shown {shown[0]}" if shown else "")


def test_finish_batch_shows_or_prints_json_indexes_and_exits_1_on_failure(
    auto_lib: Library,
) -> None:
    ok = Report[Failure]([Failure("a", "fine", status="done")])
    assert _finish(auto_lib, ok, new=False) == (0, "shown 1")
    code, out = _finish(auto_lib, ok, "--json", new=False)
    assert code == 0 and json.loads(out) == {"results": ["a"]}  # nothing new: no "index"
    code, out = _finish(auto_lib, ok, "--json", new=True)
    data = json.loads(out)
    assert data["results"] == ["a"] and data["index"]["status"] == "indexed"
    assert data["index"]["embedded"] > 0
    bad = Report[Failure]([Failure("b", "no PDF")])
    assert _finish(auto_lib, bad, new=False) == (1, "shown 1")
    code, out = _finish(auto_lib, bad, "--json", new=True)
    assert code == 1 and json.loads(out) == {
        "results": ["b"],
        "index": {"status": "current", "detail": "", "embedded": 0},
    }
