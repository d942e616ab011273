"""services/replication_claims.py: claims, their views against an attempt, and runs' views,
on a real seeded SQLite library (validation messages are in tests/replication/)."""

from __future__ import annotations

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.replication import default_tolerance
from paperdesk.replication_views import ClaimChange, ClaimRemoved, ClaimView, RunView
from paperdesk.services import replication as rep
from paperdesk.services.replication_claims import (
    claim_views,
    claims_of,
    obtained,
    results_of,
    run_view,
    runs_of,
)
from paperdesk.services.replication_hook import current_attempt
from paperdesk.storage import repository as repo
from tests.services.test_replication import assert_shape

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def test_add_claim_makes_a_free_label_from_metric_and_setting(lib: Library) -> None:
    first = rep.add_claim(lib, ATTENTION, metric=" BLEU ", setting="WMT14 en-de", value="28.4")
    assert_shape(first, ClaimChange)
    assert_shape(first["claim"], ClaimView)
    c = first["claim"]
    assert (c["label"], c["metric"], c["setting"], c["value"]) == (
        "bleu-wmt14-en-de",
        "BLEU",
        "WMT14 en-de",
        28.4,
    )
    assert (c["seeded"], c["verdict"], c["obtained"], c["tolerance"]) == (
        False,
        "unmeasured",
        None,
        None,
    )
    assert c["tolerance_used"] == default_tolerance(28.4)
    second = rep.add_claim(lib, ATTENTION, metric="bleu", setting="wmt14 EN-DE", value=28)
    third = rep.add_claim(lib, ATTENTION, metric="BLEU", setting="WMT14 en-de", value=27)
    assert [second["claim"]["label"], third["claim"]["label"]] == [
        "bleu-wmt14-en-de-2",
        "bleu-wmt14-en-de-3",
    ]


def test_a_new_claim_is_measured_against_the_current_attempt(lib: Library) -> None:
    rep.add_claim(lib, ATTENTION, metric="perplexity", value=4.33, higher_is_better=False)
    rep.add_run(lib, ATTENTION, {"perplexity": 4.30})
    again = rep.update_claim(lib, ATTENTION, "perplexity", value="4.2")
    c = again["claim"]
    # lower is better: 4.3 against 4.2 is 0.1 worse, more than the default 0.05
    assert (c["obtained"], c["higher_is_better"], c["verdict"]) == (4.3, False, "outside")
    assert c["gap_abs"] == pytest.approx(-0.1)


def test_update_claim_renames_and_restores_the_default_tolerance(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.9})
    rep.update_claim(lib, ATTENTION, "bleu-en-de", tolerance="0.1")
    d = rep.update_claim(lib, ATTENTION, "bleu-en-de", label="bleu-base", tolerance=None)
    c = d["claim"]
    assert (c["label"], c["tolerance"], c["tolerance_used"]) == (
        "bleu-base",
        None,
        default_tolerance(28.4),
    )
    run = rep.record(lib, ATTENTION)["attempts"][-1]["runs"][0]
    assert run["results"] == {"bleu-base": 27.9}  # results follow the rename
    cleared = rep.update_claim(lib, ATTENTION, "bleu-base", setting="  ", unit=" BLEU ")
    assert (cleared["claim"]["setting"], cleared["claim"]["unit"]) == (None, "BLEU")


def test_remove_claim_counts_the_results_it_removes(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.9, "bleu-en-fr": 40.0})
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.1})
    d = rep.remove_claim(lib, ATTENTION, "bleu-en-de")
    assert_shape(d, ClaimRemoved)
    assert (d["removed"], d["results_removed"]) == ("bleu-en-de", 2)
    runs = rep.record(lib, ATTENTION)["attempts"][-1]["runs"]
    assert [r["results"] for r in runs] == [{"bleu-en-fr": 40.0}, {}]
    with pytest.raises(NotFoundError, match="claims: bleu-en-fr"):
        rep.remove_claim(lib, ATTENTION, "bleu-en-de")


def test_views_read_the_latest_result_by_run_date(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0}, ran_at="2024-05-02T10:00")
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 20.0, "bleu-en-fr": 41.8}, ran_at="2024-05-01")
    with lib.session() as s:
        paper = repo.find_paper(s, ATTENTION)
        attempt = current_attempt(s, paper)
        assert attempt is not None
        runs = runs_of(s, attempt)
        assert [r.ran_at.day for r in runs] == [1, 2]  # by date, not by insertion
        labels = {c.id: c.label for c in claims_of(s, paper)}
        got = {labels[k]: v for k, v in obtained(s, attempt).items()}
        assert got == {"bleu-en-de": 27.0, "bleu-en-fr": 41.8}
        views = {c["label"]: c for c in claim_views(s, paper, attempt)}
        assert views["bleu-en-de"]["obtained"] == 27.0
        results = results_of(s, runs)
        view = run_view(runs[0], results[runs[0].id], labels)
        assert_shape(view, RunView)
        assert (view["by"], view["ran_at"], view["results"]) == (
            None,  # no names given
            "2024-05-01T00:00:00",
            {"bleu-en-de": 20.0, "bleu-en-fr": 41.8},
        )
        assert obtained(s, None) == {} and results_of(s, []) == {}
