"""Every number a replication record stores is finite: a sum that overflows, or inf/nan typed
by the user, is refused with a clear message, so that the JSON backup stays valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperdesk.cli.main import cli
from paperdesk.errors import StateError
from paperdesk.export.backup import export_json
from paperdesk.library import Library
from paperdesk.services import replication as rep

ATTENTION = "1706.03762"


def strict_json(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the backup")

    return json.loads(text, parse_constant=refuse)


def test_compute_sum_that_overflows_is_refused(lib: Library, tmp_path: Path) -> None:
    rep.set_compute(lib, ATTENTION, add="1e308")
    with pytest.raises(StateError, match=r"compute spent 1e\+308 \+ 1e\+308 is too large"):
        rep.set_compute(lib, ATTENTION, add="1e308")
    assert rep.record(lib, ATTENTION)["attempts"][-1]["compute_spent"] == 1e308
    export_json(lib, tmp_path / "backup.json")
    strict_json((tmp_path / "backup.json").read_text(encoding="utf-8"))


def test_cli_compute_add_twice(lib: Library) -> None:
    runner = CliRunner()
    args = ["repro", ATTENTION, "compute", "--add", "1e308"]
    assert runner.invoke(cli, args).exit_code == 0
    out = runner.invoke(cli, args)
    assert out.exit_code == 1
    assert "compute spent 1e+308 + 1e+308 is too large to store" in out.output
    out = runner.invoke(cli, ["export", "json", "-"])
    assert out.exit_code == 0
    strict_json(out.stdout)


@pytest.mark.parametrize("bad", ["inf", "-inf", "nan", "1e999", "Infinity"])
def test_non_finite_input_is_refused_everywhere(lib: Library, bad: str) -> None:
    calls = [
        lambda: rep.add_claim(lib, ATTENTION, metric="BLEU", value=bad),
        lambda: rep.add_claim(lib, ATTENTION, metric="BLEU", value=1, tolerance=bad),
        lambda: rep.update_claim(lib, ATTENTION, "bleu-en-de", value=bad),
        lambda: rep.update_claim(lib, ATTENTION, "bleu-en-de", tolerance=bad),
        lambda: rep.add_run(lib, ATTENTION, {"bleu-en-de": bad}),
        lambda: rep.update_result(lib, ATTENTION, "bleu-en-de", bad),
        lambda: rep.set_compute(lib, ATTENTION, budget=bad),
        lambda: rep.set_compute(lib, ATTENTION, spent=bad),
        lambda: rep.set_compute(lib, ATTENTION, add=bad),
    ]
    for call in calls:
        with pytest.raises(StateError, match="finite number"):
            call()
    assert rep.record(lib, ATTENTION)["attempts"] == []
