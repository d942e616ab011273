"""A full replication attempt through the service layer, on the real (seeded) database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk import tracking
from paperdesk.errors import NotFoundError, PaperdeskError, StateError
from paperdesk.export.backup import export_json
from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.services.papers import mark, paper_detail
from paperdesk.storage import repository as repo
from paperdesk.storage.models import ReproAttempt, RunResult

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def _claims(rec: dict) -> dict[str, dict]:
    return {c["label"]: c for c in rec["claims"]}


def test_full_attempt_for_attention(any_lib: Library) -> None:
    lib = any_lib
    rec = rep.record(lib, "arXiv:1706.03762v7")
    assert rec["paper"] == ATTENTION and rec["status"] == "none" and rec["attempts"] == []
    seeded = _claims(rec)
    assert {k: v["value"] for k, v in seeded.items()} == {"bleu-en-de": 28.4, "bleu-en-fr": 41.8}
    assert all(c["verdict"] == "unmeasured" and c["seeded"] for c in seeded.values())

    added = rep.add_claim(
        lib,
        ATTENTION,
        metric="perplexity",
        setting="newstest2013 dev, big",
        value="4.33",
        higher_is_better=False,
        tolerance="0.1",
        source="Table 3",
        label="ppl",
    )
    assert added["claim"]["label"] == "ppl" and added["claim"]["higher_is_better"] is False

    assert rep.set_status(lib, ATTENTION, "planned")["new"] == "planned"
    rep.set_goal(lib, ATTENTION, "Transformer (big) on WMT14, both directions")
    rep.set_repo(lib, ATTENTION, "https://github.com/tensorflow/tensor2tensor", "a1b2c3d")
    rep.set_environment(lib, ATTENTION, "8x P100", set_kv={"tensorflow": "1.4"})
    rep.set_compute(lib, ATTENTION, budget="300", unit="GPU-hours")
    rep.set_compute(lib, ATTENTION, add="90")
    rep.set_compute(lib, ATTENTION, add=" 10.5")

    run1 = rep.add_run(
        lib,
        ATTENTION,
        {"bleu-en-de": "27.9", "ppl": 4.6},
        command="t2t-trainer --hparams_set=transformer_big",
        commit="a1b2c3d",
        ran_at="2024-05-01T10:00",
    )
    assert run1["attempt"] == 1
    rec = rep.record(lib, ATTENTION)
    assert rec["status"] == "running"  # the first run of a planned attempt
    c = _claims(rec)
    assert c["bleu-en-de"]["gap_abs"] == pytest.approx(-0.5)
    assert c["bleu-en-de"]["gap_rel"] == pytest.approx(-0.5 / 28.4)
    assert c["bleu-en-de"]["verdict"] == "outside"  # default tolerance 0.284
    assert c["ppl"]["gap_abs"] == pytest.approx(-0.27)  # higher perplexity is worse
    assert c["ppl"]["verdict"] == "outside"
    assert c["bleu-en-fr"]["verdict"] == "unmeasured" and c["bleu-en-fr"]["gap_abs"] is None
    assert rec["suggested_status"] is None

    rep.add_log(lib, ATTENTION, "OOM at batch 64, trying gradient checkpointing")
    rep.add_run(
        lib,
        ATTENTION,
        {"bleu-en-de": 28.3, "ppl": "4.38"},
        command="same, fp16",
        ran_at="2024-05-03T09:00",
    )
    # a run recorded late but dated earlier does not hide the latest result
    rep.add_run(
        lib, ATTENTION, {"bleu-en-de": 20.0}, notes="old smoke test", ran_at="2024-04-01T00:00"
    )
    c = _claims(rec := rep.record(lib, ATTENTION))
    assert c["bleu-en-de"]["obtained"] == 28.3
    assert c["bleu-en-de"]["gap_abs"] == pytest.approx(-0.1)
    assert c["bleu-en-de"]["verdict"] == "within"
    assert c["ppl"]["obtained"] == 4.38 and c["ppl"]["gap_abs"] == pytest.approx(-0.05)
    assert c["ppl"]["verdict"] == "within"
    assert rec["suggested_status"] == "partial"

    latest = rec["attempts"][0]["runs"][-1]
    assert latest["command"] == "same, fp16"
    rep.update_result(lib, ATTENTION, "bleu-en-fr", "41.5")  # into the latest run
    c = _claims(rec := rep.record(lib, ATTENTION))
    assert c["bleu-en-fr"]["gap_abs"] == pytest.approx(-0.3)
    assert c["bleu-en-fr"]["verdict"] == "within"  # default 0.418
    assert rec["suggested_status"] == "reproduced"
    assert rec["status"] == "running"  # suggested, not applied: the user decides

    rep.set_status(lib, ATTENTION, "reproduced")
    rec = rep.record(lib, ATTENTION)
    a = rec["attempts"][0]
    assert [r["command"] for r in a["runs"]] == [
        None,
        "t2t-trainer --hparams_set=transformer_big",
        "same, fp16",
    ]
    assert a["runs"][-1]["results"] == {"bleu-en-de": 28.3, "ppl": 4.38, "bleu-en-fr": 41.5}
    assert a["repo_url"].endswith("tensor2tensor") and a["repo_commit"] == "a1b2c3d"
    assert a["environment"] == "8x P100" and a["environment_kv"] == {"tensorflow": "1.4"}
    assert (a["compute_budget"], a["compute_spent"], a["compute_unit"]) == (300, 100.5, "GPU-hours")
    assert a["goal"].startswith("Transformer (big)")
    assert [e["text"] for e in a["log"]] == ["OOM at batch 64, trying gradient checkpointing"]
    assert [(h["from"], h["to"], h["attempt"]) for h in rec["history"]] == [
        ("none", "planned", 1),
        ("planned", "running", 1),
        ("running", "reproduced", 1),
    ]

    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        assert paper.replication_state == "reproduced"
        hist = tracking.history(s, paper, "replication")
        assert [h.new_state for h in hist] == ["planned", "running", "reproduced"]
        assert {h.attempt_id for h in hist} == {s.scalar(select(ReproAttempt.id))}
    assert paper_detail(lib, ATTENTION).attempts == 1

    # a second attempt starts planned and measures the same claims afresh
    second = rep.new_attempt(lib, ATTENTION, goal="base model only")
    assert second["number"] == 2 and second["status"] == "planned"
    rec = rep.record(lib, ATTENTION)
    assert rec["status"] == "planned" and rec["attempt"] == 2 and len(rec["attempts"]) == 2
    assert all(c["verdict"] == "unmeasured" for c in rec["claims"])
    assert rec["history"][-1] == {
        **rec["history"][-1],
        "from": "reproduced",
        "to": "planned",
        "attempt": 2,
    }


def test_mark_updates_the_current_attempt(lib: Library) -> None:
    assert mark(lib, "1810.04805", "running") == ("devlin2018bert", "replication", "none")
    rec = rep.record(lib, "1810.04805")
    assert [(a["number"], a["status"]) for a in rec["attempts"]] == [(1, "running")]
    mark(lib, "1810.04805", "failed")
    rec = rep.record(lib, "1810.04805")
    assert [(a["number"], a["status"]) for a in rec["attempts"]] == [(1, "failed")]
    assert [(h["to"], h["attempt"]) for h in rec["history"]] == [("running", 1), ("failed", 1)]
    # marking the state it already has changes nothing
    assert mark(lib, "1810.04805", "failed")[2] is None
    # 'none' on a paper without a record creates no attempt
    mark(lib, "1512.03385", "none")
    assert rep.record(lib, "1512.03385")["attempts"] == []


def test_claim_edit_rename_and_remove(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})
    d = rep.update_claim(
        lib, ATTENTION, "bleu-en-de", tolerance="1.5", source="Table 2, big", label="de"
    )
    assert d["claim"]["label"] == "de" and d["claim"]["verdict"] == "within"
    assert rep.record(lib, ATTENTION)["attempts"][0]["runs"][0]["results"] == {"de": 27.0}
    d = rep.update_claim(lib, ATTENTION, "de", tolerance=None, higher_is_better=False)
    assert d["claim"]["tolerance"] is None and d["claim"]["gap_abs"] == pytest.approx(1.4)
    gone = rep.remove_claim(lib, ATTENTION, "de")
    assert gone == {"paper": ATTENTION, "removed": "de", "results_removed": 1}
    with lib.session() as s:
        assert s.scalars(select(RunResult)).all() == []
    # a generated label that is taken gets a suffix
    one = rep.add_claim(lib, ATTENTION, metric="BLEU", setting="newstest2014", value=27.3)
    two = rep.add_claim(lib, ATTENTION, metric="BLEU", setting="newstest2014", value=28.4)
    assert (one["claim"]["label"], two["claim"]["label"]) == (
        "bleu-newstest2014",
        "bleu-newstest2014-2",
    )


def test_update_result_in_a_named_run_and_clearing(lib: Library) -> None:
    run = rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})["run"]
    rep.add_run(lib, ATTENTION, {"bleu-en-fr": 41.0})
    d = rep.update_result(lib, ATTENTION, "bleu-en-de", "27.5", run_id=str(run["id"]))
    assert d["run"]["results"] == {"bleu-en-de": 27.5}
    d = rep.update_result(lib, ATTENTION, "bleu-en-de", None, run_id=run["id"])
    assert d["run"]["results"] == {}
    assert _claims(rep.record(lib, ATTENTION))["bleu-en-de"]["verdict"] == "unmeasured"
    rep.remove_run(lib, ATTENTION, run["id"])
    assert len(rep.record(lib, ATTENTION)["attempts"][0]["runs"]) == 1


def test_update_result_without_runs_creates_one(lib: Library) -> None:
    d = rep.update_result(lib, "1512.03385", "imagenet-top5", "3.6")
    assert d["run"]["notes"] == "entered by hand"
    rec = rep.record(lib, "1512.03385")
    assert rec["status"] == "running"
    top5 = _claims(rec)["imagenet-top5"]
    assert top5["higher_is_better"] is False and top5["gap_abs"] == pytest.approx(-0.03)
    assert top5["verdict"] == "within"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda lib: rep.add_run(lib, ATTENTION, {"bleu": 3}),
            "'bleu' is the metric of 2 claims (bleu-en-de, bleu-en-fr)",
        ),
        (
            lambda lib: rep.add_run(lib, ATTENTION, {"bleu-en-de": "twenty"}),
            "result for bleu-en-de must be a number, not 'twenty'",
        ),
        (lambda lib: rep.set_status(lib, ATTENTION, "done"), "unknown replication state 'done'"),
        (
            lambda lib: rep.add_claim(lib, ATTENTION, metric="BLEU", value=1, tolerance=-0.5),
            "tolerance must be 0 or more, not -0.5",
        ),
        (lambda lib: rep.add_claim(lib, ATTENTION, metric=" ", value=1), "needs a metric"),
        (
            lambda lib: rep.add_claim(lib, ATTENTION, metric="BLEU", value=1, label="a b"),
            "claim label 'a b' may use",
        ),
        (
            lambda lib: rep.add_claim(lib, ATTENTION, metric="BLEU", value=1, label="bleu-en-fr"),
            "already has a claim 'bleu-en-fr'",
        ),
        (
            lambda lib: rep.update_claim(lib, ATTENTION, "bleu-en-de", colour="red"),
            "unknown claim field(s): colour",
        ),
        (
            lambda lib: rep.update_claim(lib, ATTENTION, "bleu-en-de", value="x"),
            "claim value must be a number, not 'x'",
        ),
        (
            lambda lib: rep.update_result(lib, ATTENTION, "bleu-en-de", 1, run_id="x"),
            "run id must be a whole number, not 'x'",
        ),
        (lambda lib: rep.add_log(lib, ATTENTION, "   "), "the log entry is empty"),
        (lambda lib: rep.set_repo(lib, ATTENTION, ""), "the repository URL is empty"),
        (lambda lib: rep.set_compute(lib, ATTENTION, budget="-1"), "compute budget must be 0"),
        (
            lambda lib: rep.set_environment(lib, ATTENTION, unset=["cuda"]),
            "no environment key 'cuda'",
        ),
        (lambda lib: rep.add_run(lib, ATTENTION, {}, ran_at="last week"), "not ISO 8601"),
        (lambda lib: rep.record(lib, "2401.99999"), "no paper '2401.99999'"),
    ],
)
def test_validation_errors_name_the_bad_value(lib: Library, call, message: str) -> None:
    with pytest.raises(PaperdeskError) as exc:
        call(lib)
    assert message in str(exc.value)
    assert isinstance(exc.value, StateError | NotFoundError)
    # nothing half-done was stored
    assert rep.record(lib, ATTENTION)["attempts"] == []


def test_summary_counts(any_lib: Library) -> None:
    lib = any_lib
    assert rep.summary(lib) == []  # seeded claims alone are not a record
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5, "bleu-en-fr": 30.0})
    rep.add_run(lib, "1810.04805", {"glue": 80.6, "mnli": 86.6, "squad11-f1": 93.2})
    rep.set_status(lib, "1512.03385", "planned")
    rep.add_claim(lib, "2005.14165", metric="accuracy", setting="LAMBADA few-shot", value=86.4)
    rows = {r["key"]: r for r in rep.summary(lib)}
    assert {
        k: (r["status"], r["claims_met"], r["claims_total"], r["attempts"]) for k, r in rows.items()
    } == {
        ATTENTION: ("running", 1, 2, 1),
        "devlin2018bert": ("running", 3, 4, 1),
        "he2015deep": ("planned", 0, 1, 1),
        "brown2020language": ("none", 0, 1, 0),
    }
    assert rows[ATTENTION]["suggested_status"] == "partial"
    assert all(r["last_activity"] for r in rows.values())
    assert next(iter(rows)) == "brown2020language"  # latest activity first
    # the latest result counts, by run date, within the current attempt only
    rep.add_run(lib, ATTENTION, {"bleu-en-fr": 41.8}, ran_at="2999-01-01T00:00")
    rep.add_run(lib, ATTENTION, {"bleu-en-fr": 10.0, "bleu-en-de": 1.0}, ran_at="2001-01-01")
    row = next(r for r in rep.summary(lib) if r["key"] == ATTENTION)
    assert (row["claims_met"], row["suggested_status"]) == (2, "reproduced")
    assert row["last_activity"] == "2999-01-01T00:00:00"
    rep.new_attempt(lib, "1810.04805")
    row = next(r for r in rep.summary(lib) if r["key"] == "devlin2018bert")
    assert (row["claims_met"], row["claims_total"], row["attempts"]) == (0, 4, 2)
    for key in (ATTENTION, "devlin2018bert", "he2015deep"):
        rec = rep.record(lib, key)
        row = next(r for r in rep.summary(lib) if r["key"] == key)
        assert row["claims_met"] == sum(c["verdict"] == "within" for c in rec["claims"])
        assert row["suggested_status"] == rec["suggested_status"]


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
