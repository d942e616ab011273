"""Results from files (nested JSON, CSV rows), metric names for claims, attempts compared,
and runs removed only from the attempt named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from paperdesk.cli.main import cli
from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.services.replication_results import compare, match_file, read_metrics

ATTENTION = "vaswani2017attention"  # seeded claims: bleu-en-de 28.4, bleu-en-fr 41.8


def repro(*args: str) -> Result:
    return CliRunner().invoke(cli, ["repro", ATTENTION, *args], catch_exceptions=False)


@pytest.fixture
def claims(lib: Library) -> list[dict]:
    rep.add_claim(
        lib,
        ATTENTION,
        metric="perplexity",
        setting="WikiText-103",
        value=18.3,
        higher_is_better=False,
    )
    return rep.record(lib, ATTENTION)["claims"]


def test_nested_json_is_flattened_and_matched(lib: Library, claims: list, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(
        json.dumps(
            {
                "eval": {"bleu-en-de": 27.9, "wmt14": {"bleu_en_fr": "41.1"}},
                "perplexity": 18.6,
                "epoch": 12,
                "model": "big",
                "ok": True,
            }
        )
    )
    assert read_metrics(path) == {
        "eval.bleu-en-de": 27.9,
        "eval.wmt14.bleu_en_fr": 41.1,
        "perplexity": 18.6,
        "epoch": 12.0,
    }
    found = match_file(claims, path)
    assert found.results == {
        "bleu-en-de": 27.9,
        "bleu-en-fr": 41.1,
        "perplexity-wikitext-103": 18.6,  # by metric: the only perplexity claim
    }
    assert found.unmatched == ["epoch"]
    mapping = {"epoch": "bleu-en-fr", "eval.wmt14.bleu_en_fr": "bleu-en-de"}
    mapped = match_file(claims, path, mapping)
    assert mapped.results == {
        "bleu-en-fr": 12.0,
        "bleu-en-de": 41.1,
        "perplexity-wikitext-103": 18.6,
    }
    assert mapped.unmatched == ["eval.bleu-en-de"]  # the map said which key is bleu-en-de


def test_csv_last_row_or_the_row_named(lib: Library, claims: list, tmp_path: Path) -> None:
    path = tmp_path / "metrics.csv"
    path.write_text("step,val_ppl,bleu-en-de\n1000,25.0,20.1\n2000,19.2,26.0\n3000,18.9,27.2\n\n")
    assert read_metrics(path) == {"step": 3000.0, "val_ppl": 18.9, "bleu-en-de": 27.2}
    assert read_metrics(path, row=1)["val_ppl"] == 25.0
    assert read_metrics(path, row=-2)["val_ppl"] == 19.2
    found = match_file(claims, path, {"val_ppl": "perplexity-wikitext-103"}, row=2)
    assert found.results == {"perplexity-wikitext-103": 19.2, "bleu-en-de": 26.0}
    with pytest.raises(StateError, match="no row 9 \\(the file has 3 rows of values\\)"):
        read_metrics(path, row=9)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", '{"bleu": 1,,}', r"bad.json:1:12: not valid JSON"),
        ("list.json", "[1, 2]", "must be an object of metrics, not a list"),
        ("empty.csv", "a,b\n", "needs a header line and a row of values"),
        ("none.json", '{"loss": 0.1}', "no key of none.json matches a claim; keys: loss"),
    ],
)
def test_bad_files_say_what_and_where(
    lib: Library, claims: list, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(StateError, match=message):
        match_file(claims, path)
    with pytest.raises(NotFoundError, match="no such results file"):
        match_file(claims, tmp_path / "missing.json")


def test_run_add_from_a_file_and_metric_names(lib: Library, claims: list, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"test": {"perplexity": 18.6}, "loss": 2.9}))
    out = repro("run", "add", "--from", str(path), "--command", "python eval.py")
    assert out.exit_code == 0, out.output
    assert "from results.json: 1 matched (test.perplexity → perplexity-wikitext-103)" in out.stdout
    assert "not matched: loss" in out.stdout
    assert "perplexity-wikitext-103: 18.6 vs 18.3  gap −0.3  outside" in out.stdout
    # --result takes the metric name on the same rule, and wins over the file
    out = repro("run", "add", "--from", str(path), "--result", "perplexity=18.4")
    assert "perplexity-wikitext-103=18.4" in out.stdout
    rec = rep.record(lib, ATTENTION)
    assert [r["results"] for r in rec["attempts"][0]["runs"]] == [
        {"perplexity-wikitext-103": 18.6},
        {"perplexity-wikitext-103": 18.4},
    ]
    bad = CliRunner().invoke(cli, ["repro", ATTENTION, "run", "add", "--map", "a=b"])
    assert bad.exit_code == 2 and "--map and --row go with --from FILE" in bad.output


def test_compare_two_attempts(lib: Library, claims: list) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 26.0, "perplexity": 19.0})
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0, "perplexity": 20.0})  # worse ppl, better bleu
    rep.set_status(lib, ATTENTION, "partial")
    rep.new_attempt(lib, ATTENTION, goal="big model")
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5, "bleu-en-fr": 41.7})

    d = compare(lib, ATTENTION)
    assert [(a["number"], a["status"], a["runs"], a["met"]) for a in d["attempts"]] == [
        (1, "partial", 2, 0),
        (2, "running", 1, 2),
    ]
    rows = {c["label"]: c["attempts"] for c in d["claims"]}
    assert [m["best"] for m in rows["bleu-en-de"]] == [27.0, 28.5]
    assert [m["gap_abs"] for m in rows["bleu-en-de"]] == [pytest.approx(-1.4), pytest.approx(0.1)]
    assert [m["best"] for m in rows["perplexity-wikitext-103"]] == [19.0, None]  # lowest is best
    assert [m["verdict"] for m in rows["bleu-en-fr"]] == ["unmeasured", "within"]

    text = repro("compare").stdout
    assert "#1 best" in text and "#2 gap" in text
    line = next(x for x in text.splitlines() if x.startswith("bleu-en-de"))
    assert "27" in line and "−1.4" in line and "28.5" in line and "+0.1" in line
    assert "#1 partial: 0/3 within, 2 runs" in text
    assert json.loads(repro("compare", "--json").stdout)["claims"][0]["label"] == "bleu-en-de"

    shown = repro().stdout  # repro ID: every attempt's claims vs results
    assert "Claims vs results (attempt 2, current)" in shown
    assert "Attempt 1 · partial (earlier)" in shown and "Claims vs results (attempt 1)" in shown
    assert shown.index("attempt 2, current") < shown.index("Attempt 1 · partial")


def test_run_rm_names_the_attempt(lib: Library, claims: list) -> None:
    first = rep.add_run(lib, ATTENTION, {"bleu-en-de": 26.0})["run"]["id"]
    rep.new_attempt(lib, ATTENTION)
    second = rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})["run"]["id"]
    with pytest.raises(StateError, match=f"run {first} belongs to attempt 1, not the current"):
        rep.remove_run(lib, ATTENTION, first)
    with pytest.raises(StateError, match=f"run {second} of .* belongs to attempt 2, not attempt 1"):
        rep.remove_run(lib, ATTENTION, second, attempt=1)
    assert rep.remove_run(lib, ATTENTION, second)["attempt"] == 2
    assert rep.remove_run(lib, ATTENTION, first, attempt="1")["attempt"] == 1
    assert all(a["runs"] == [] for a in rep.record(lib, ATTENTION)["attempts"])
