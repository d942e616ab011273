"""cli/repro_items.py: ``paperdesk repro ID claim ...`` and ``... run ...`` — the lines they
print and the pairs they parse, through click's runner on a real seeded SQLite library (the
walk-through is in test_repro.py, ``run add --from`` in tests/services/test_replication_results)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from paperdesk.cli.main import cli
from paperdesk.cli.repro_items import _claim_line, _results, _run_line
from paperdesk.errors import StateError
from paperdesk.library import Library
from paperdesk.services import replication as rep

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def repro(*args: str) -> Result:
    return CliRunner().invoke(cli, ["repro", *args], prog_name="paperdesk", catch_exceptions=False)


def test_claim_line_says_direction_and_which_tolerance(lib: Library) -> None:
    default = rep.record(lib, ATTENTION)["claims"][0]
    assert _claim_line(default) == (
        "bleu-en-de: BLEU on WMT 2014 English-German, Transformer (big) = 28.4 "
        "(higher is better, default tolerance 0.284)"
    )
    ppl = rep.add_claim(
        lib,
        ATTENTION,
        metric="perplexity",
        value=4.33,
        unit="nats",
        higher_is_better=False,
        tolerance="0.1",
    )["claim"]
    assert _claim_line(ppl) == "perplexity: perplexity = 4.33 nats (lower is better, tolerance 0.1)"


def test_results_pairs_are_parsed_once_each() -> None:
    assert _results(("bleu-en-de=27.9", " ppl = 4.6 ")) == {"bleu-en-de": "27.9", "ppl": "4.6"}
    with pytest.raises(StateError, match="result for 'ppl' given twice"):
        _results(("ppl=1", "ppl=2"))
    with pytest.raises(StateError, match="must look like LABEL=VALUE"):
        _results(("ppl",))


def test_run_line(lib: Library) -> None:
    empty = rep.add_run(lib, ATTENTION, {})
    assert _run_line(empty) == f"{ATTENTION}: run {empty['run']['id']} (attempt 1): no results"
    two = rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.9, "bleu-en-fr": "41"})
    assert _run_line(two).endswith("(attempt 1): bleu-en-de=27.9, bleu-en-fr=41")


def test_claim_add_edit_rm_print_what_changed(lib: Library) -> None:
    added = repro(ATTENTION, "claim", "add", "--metric", "accuracy", "--value", "91.2%")
    assert added.stdout == (
        f"{ATTENTION}: claim accuracy: accuracy = 91.2 "
        "(higher is better, default tolerance 0.912)\n"
    )
    edited = repro(ATTENTION, "claim", "edit", "accuracy", "--tolerance", "0.5", "--json")
    assert json.loads(edited.stdout)["claim"]["tolerance"] == 0.5
    back = repro(ATTENTION, "claim", "edit", "accuracy", "--default-tolerance")
    assert "default tolerance 0.912" in back.stdout
    rep.add_run(lib, ATTENTION, {"accuracy": 90})
    removed = repro(ATTENTION, "claim", "rm", "accuracy")
    assert removed.stdout == f"{ATTENTION}: claim accuracy removed (1 results)\n"
    nothing = CliRunner().invoke(cli, ["repro", ATTENTION, "claim", "edit", "bleu-en-de"])
    assert nothing.exit_code == 2 and "nothing to change" in nothing.output


def test_run_set_puts_every_pair_in_one_run_and_none_clears(lib: Library) -> None:
    out = repro(ATTENTION, "run", "set", "latest", "bleu-en-de=27.9", "bleu-en-fr=40")
    runs = rep.record(lib, ATTENTION)["attempts"][-1]["runs"]
    assert len(runs) == 1 and runs[0]["notes"] == "entered by hand"
    run_id = runs[0]["id"]
    assert out.stdout == (
        f"{ATTENTION}: run {run_id} (attempt 1): bleu-en-de=27.9, bleu-en-fr=40\n"
    )
    cleared = repro(ATTENTION, "run", "set", str(run_id), "bleu-en-fr=none", "--json")
    assert json.loads(cleared.stdout)["run"]["results"] == {"bleu-en-de": 27.9}


def test_run_add_prints_the_gaps_of_the_claims_it_measured(lib: Library) -> None:
    out = repro(ATTENTION, "run", "add", "--result", "bleu-en-fr=41.8").stdout.splitlines()
    assert out[0].endswith("(attempt 1): bleu-en-fr=41.8")
    assert out[1] == "  bleu-en-fr: 41.8 vs 41.8  gap +0  within"
    assert out[2] == (f"  suggested status: partial (paperdesk repro {ATTENTION} status partial)")
    assert not any("bleu-en-de" in line for line in out)
