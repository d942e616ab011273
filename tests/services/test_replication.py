"""services/replication.py: the record and the attempt-level mutators, on a real seeded SQLite
library. The keys of every view are the TypedDicts' of :mod:`paperdesk.replication_views`
(which is what ``--json`` prints); validation messages are in tests/replication/."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.replication_views import (
    AttemptChange,
    AttemptView,
    ClaimView,
    HistoryEntry,
    LogAdded,
    LogEntry,
    Record,
    RunView,
    StatusChange,
)
from paperdesk.services import replication as rep

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def assert_shape(view: Mapping[str, Any], kind: Any) -> None:
    """``view`` has every required key of the TypedDict ``kind`` and nothing it does not name."""
    keys = set(view)
    assert kind.__required_keys__ <= keys, kind.__required_keys__ - keys
    assert keys <= kind.__required_keys__ | kind.__optional_keys__, keys - set(kind.__annotations__)


def test_record_keys_are_the_typed_views(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.9}, command="make eval")
    rep.add_log(lib, ATTENTION, "first run")
    rec = rep.record(lib, ATTENTION)
    assert_shape(rec, Record)
    assert list(rec) == list(Record.__annotations__)  # the JSON's key order is the type's
    (attempt,) = rec["attempts"]
    assert_shape(attempt, AttemptView)
    assert "claims" in attempt  # a whole record measures every attempt
    for c in [*rec["claims"], *attempt["claims"]]:
        assert_shape(c, ClaimView)
    assert_shape(attempt["runs"][0], RunView)
    assert_shape(attempt["log"][0], LogEntry)
    assert rec["history"] and all(
        set(h) == set(HistoryEntry.__annotations__) for h in rec["history"]
    )


def test_mutators_return_their_typed_results(lib: Library) -> None:
    status = rep.set_status(lib, ATTENTION, "planned")
    assert_shape(status, StatusChange)
    assert (status["old"], status["new"], status["attempt"]) == ("none", "planned", 1)
    again = rep.set_status(lib, ATTENTION, "planned")
    assert (again["old"], again["new"]) == ("planned", "planned")
    for change in (
        rep.set_goal(lib, ATTENTION, "base model BLEU"),
        rep.set_scope(lib, ATTENTION, "base only"),
        rep.set_repo(lib, ATTENTION, "https://github.com/tensorflow/tensor2tensor"),
        rep.set_environment(lib, ATTENTION, "1 GPU", set_kv={"torch": "2.3"}),
        rep.set_compute(lib, ATTENTION, budget="40", unit="GPU-hours"),
        rep.new_attempt(lib, ATTENTION, goal="big model"),
    ):
        assert_shape(change, AttemptChange)
        assert next(iter(change)) == "paper" and change["paper"] == ATTENTION
        assert "claims" not in change
    logged = rep.add_log(lib, ATTENTION, "  started  ")
    assert_shape(logged, LogAdded)
    assert (logged["attempt"], logged["text"]) == (2, "started")


def test_text_fields_are_stripped_and_blank_clears(lib: Library) -> None:
    assert rep.set_goal(lib, ATTENTION, "  reproduce Table 2  ")["goal"] == "reproduce Table 2"
    assert rep.set_goal(lib, ATTENTION, "   ")["goal"] is None
    assert rep.set_scope(lib, ATTENTION, None)["scope"] is None


def test_first_write_makes_attempt_one_inheriting_the_papers_state(lib: Library) -> None:
    rep.set_status(lib, ATTENTION, "none")  # nothing to inherit: the attempt is planned
    assert rep.record(lib, ATTENTION)["attempts"] == []
    assert rep.set_goal(lib, ATTENTION, "x")["status"] == "planned"
    rec = rep.record(lib, ATTENTION)
    assert (rec["attempt"], rec["status"], len(rec["attempts"])) == (1, "planned", 1)


def test_new_attempt_keeps_the_earlier_runs_and_log(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5})
    rep.add_log(lib, ATTENTION, "attempt one")
    new = rep.new_attempt(lib, ATTENTION, goal=" big ", scope="")
    assert (new["number"], new["status"], new["goal"], new["scope"]) == (2, "planned", "big", None)
    assert new["runs"] == [] and new["log"] == []
    rec = rep.record(lib, ATTENTION)
    first, second = rec["attempts"]
    assert [r["results"] for r in first["runs"]] == [{"bleu-en-de": 28.5}]
    assert [e["text"] for e in first["log"]] == ["attempt one"]
    # each attempt's claims against its own results; the record's against the current one
    assert {c["label"]: c["verdict"] for c in first["claims"]}["bleu-en-de"] == "within"
    assert all(c["verdict"] == "unmeasured" for c in second["claims"])
    assert rec["claims"] == second["claims"]
    assert [h["attempt"] for h in rec["history"]] == [1, 2]


def test_set_repo_keeps_the_commit_for_the_same_url(lib: Library) -> None:
    url = "https://github.com/tensorflow/tensor2tensor"
    rep.set_repo(lib, ATTENTION, url, commit=" abc123 ")
    same = rep.set_repo(lib, ATTENTION, f"  {url}  ")
    assert (same["repo_url"], same["repo_commit"]) == (url, "abc123")


def test_environment_pairs_merge_and_unset(lib: Library) -> None:
    rep.set_environment(lib, ATTENTION, "1×A100", set_kv={"torch": "2.3", " cuda ": " 12 "})
    d = rep.set_environment(lib, ATTENTION, set_kv={"torch": "2.4"}, unset=["cuda"])
    assert d["environment"] == "1×A100"  # no text given: kept
    assert d["environment_kv"] == {"torch": "2.4"}
    with pytest.raises(NotFoundError, match="keys: torch"):
        rep.set_environment(lib, ATTENTION, "changed", unset=["python"])
    assert rep.record(lib, ATTENTION)["attempts"][-1]["environment"] == "1×A100"  # rolled back


def test_compute_add_accumulates_and_unit_is_kept(lib: Library) -> None:
    rep.set_compute(lib, ATTENTION, budget=40, unit=" GPU-hours ")
    rep.set_compute(lib, ATTENTION, add="2.5")
    d = rep.set_compute(lib, ATTENTION, add=1)
    assert (d["compute_budget"], d["compute_spent"], d["compute_unit"]) == (40.0, 3.5, "GPU-hours")
    assert rep.set_compute(lib, ATTENTION, spent="0")["compute_spent"] == 0.0
