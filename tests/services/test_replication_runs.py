"""services/replication_runs.py: runs, results named by label or metric, and which attempt a
run goes to, on a real seeded SQLite library (validation messages are in tests/replication/,
``run rm`` across attempts in test_replication_results)."""

from __future__ import annotations

import pytest

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.replication_views import RunChange, RunRemoved, RunView
from paperdesk.services import replication as rep
from paperdesk.services.replication_runs import result_claim
from paperdesk.storage import repository as repo
from tests.services.test_replication import assert_shape

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def test_result_claim_by_label_case_or_metric(lib: Library) -> None:
    rep.add_claim(lib, ATTENTION, metric="perplexity", value=4.33, higher_is_better=False)
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        assert result_claim(s, paper, "BLEU_EN_DE").label == "bleu-en-de"
        assert result_claim(s, paper, " perplexity ").label == "perplexity"
        assert result_claim(s, paper, "eval.bleu-en-fr").label == "bleu-en-fr"  # last part
        with pytest.raises(StateError, match="metric of 2 claims"):
            result_claim(s, paper, "bleu")
        with pytest.raises(NotFoundError, match="claims: bleu-en-de, bleu-en-fr, perplexity"):
            result_claim(s, paper, "rouge")


def test_add_run_starts_or_moves_the_attempt_to_running(lib: Library) -> None:
    d = rep.add_run(lib, ATTENTION, {"BLEU-en-de": "27.9"}, command=" make eval ", notes="")
    assert_shape(d, RunChange)
    assert_shape(d["run"], RunView)
    assert (d["attempt"], d["run"]["command"], d["run"]["notes"]) == (1, "make eval", None)
    assert d["run"]["results"] == {"bleu-en-de": 27.9}
    assert rep.record(lib, ATTENTION)["status"] == "running"
    rep.new_attempt(lib, ATTENTION)  # planned
    assert rep.add_run(lib, ATTENTION, {})["attempt"] == 2
    rec = rep.record(lib, ATTENTION)
    assert (rec["status"], rec["attempts"][-1]["status"]) == ("running", "running")


def test_add_run_keeps_a_finished_status(lib: Library) -> None:
    rep.set_status(lib, ATTENTION, "partial")
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5})
    assert rep.record(lib, ATTENTION)["status"] == "partial"


def test_two_names_for_one_claim_are_refused(lib: Library) -> None:
    with pytest.raises(StateError, match="'bleu-en-de' and 'BLEU-EN-DE' are both for bleu-en-de"):
        rep.add_run(lib, ATTENTION, {"bleu-en-de": 1, "BLEU-EN-DE": 2})
    assert rep.record(lib, ATTENTION)["attempts"] == []


def test_update_result_sets_and_clears_in_the_latest_run(lib: Library) -> None:
    first = rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})["run"]["id"]
    latest = rep.add_run(lib, ATTENTION, {"bleu-en-fr": 40.0})["run"]["id"]
    d = rep.update_result(lib, ATTENTION, "bleu-en-de", "27.5")
    assert d["run"]["id"] == latest
    assert d["run"]["results"] == {"bleu-en-fr": 40.0, "bleu-en-de": 27.5}
    cleared = rep.update_result(lib, ATTENTION, "bleu-en-fr", None)
    assert cleared["run"]["results"] == {"bleu-en-de": 27.5}
    named = rep.update_result(lib, ATTENTION, "bleu-en-de", 26, run_id=str(first))
    assert (named["run"]["id"], named["run"]["results"]) == (first, {"bleu-en-de": 26.0})
    with pytest.raises(NotFoundError, match=f"no run {latest + 99} for {ATTENTION}"):
        rep.update_result(lib, ATTENTION, "bleu-en-de", 1, run_id=latest + 99)


def test_clearing_a_result_without_runs_creates_nothing(lib: Library) -> None:
    with pytest.raises(NotFoundError, match="has no run with a result for bleu-en-de"):
        rep.update_result(lib, ATTENTION, "bleu-en-de", None)
    assert rep.record(lib, ATTENTION)["attempts"] == []


def test_remove_run_reports_its_attempt(lib: Library) -> None:
    run_id = rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})["run"]["id"]
    d = rep.remove_run(lib, ATTENTION, str(run_id))
    assert_shape(d, RunRemoved)
    assert (d["removed_run"], d["attempt"]) == (run_id, 1)
    assert rep.record(lib, ATTENTION)["attempts"][0]["runs"] == []
    with pytest.raises(StateError, match="attempt must be a whole number"):
        rep.remove_run(lib, ATTENTION, rep.add_run(lib, ATTENTION)["run"]["id"], attempt="x")
