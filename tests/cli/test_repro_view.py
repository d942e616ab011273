"""cli/repro_view.py: how ``paperdesk repro`` prints records, comparisons and the summary
for people. Records come from the real service on a seeded SQLite library; the whole CLI
walk-through is in test_repro.py, two members in test_two_members.py."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner, Result
from rich.console import Console

from paperdesk.cli.main import cli
from paperdesk.cli.repro_view import by, claims_table, compute_text, made_text
from paperdesk.library import Library
from paperdesk.replication_views import AttemptView, MadeBy
from paperdesk.services import replication as rep

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def repro(*args: str) -> Result:
    return CliRunner().invoke(cli, ["repro", *args], prog_name="paperdesk", catch_exceptions=False)


def _attempt(lib: Library, **compute: Any) -> AttemptView:
    return rep.set_compute(lib, ATTENTION, **compute)


def test_compute_text(lib: Library) -> None:
    assert compute_text(rep.set_goal(lib, ATTENTION, "x")) == "not recorded"
    assert compute_text(_attempt(lib, spent="12.5")) == "12.5 spent"
    assert compute_text(_attempt(lib, unit="GPU-hours")) == "12.5 GPU-hours spent"
    assert compute_text(_attempt(lib, budget=40)) == "12.5 of 40 GPU-hours"
    assert compute_text(_attempt(lib, spent=0)) == "0 of 40 GPU-hours"


def test_made_text_names_only_what_was_made() -> None:
    made: MadeBy = {"member": "ana", "attempts": 1, "claims": 0, "runs": 2, "log": 1}
    assert made_text(made) == "1 attempt, 2 runs, 1 log entry"
    claims: MadeBy = {"member": "ana", "attempts": 0, "claims": 3, "runs": 0, "log": 0}
    assert made_text(claims) == "3 claims"


def test_by_is_empty_for_rows_from_before_members() -> None:
    assert by({"by": "ana"}) == "ana"
    assert by({"by": None}) == "" and by({}) == ""


def test_claims_table_colours_the_verdict_and_can_say_who(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.3, "bleu-en-fr": 38.0})
    claims = rep.record(lib, ATTENTION)["claims"]
    console = Console(width=200, record=True, color_system="truecolor")
    console.print(claims_table(claims, authors=True))
    text = console.export_text(clear=False)
    assert text.split("\n")[0].split() == [
        "claim",
        "metric",
        "setting",
        "claimed",
        "obtained",
        "gap",
        "gap",
        "%",
        "tol",
        "verdict",
        "source",
        "by",
    ]
    de = next(line for line in text.splitlines() if line.startswith("bleu-en-de"))
    assert "28.3" in de and "−0.1" in de and "within" in de
    fr = next(line for line in text.splitlines() if line.startswith("bleu-en-fr"))
    assert "outside" in fr and fr.rstrip().endswith(claims[1]["by"] or "")
    styles = console.export_html()
    assert "color: #008000" in styles and "color: #800000" in styles  # green and red


def test_record_shows_the_current_attempt_first_then_the_earlier(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5}, command="make eval")
    rep.add_log(lib, ATTENTION, "first")
    rep.new_attempt(lib, ATTENTION, goal="big model")
    rep.set_compute(lib, ATTENTION, budget=40, unit="GPU-hours")
    out = repro(ATTENTION).stdout
    assert out.startswith("Attention Is All You Need  (vaswani2017attention)\n")
    assert "status planned   attempt 2 of 2" in out
    assert "goal: big model" in out and "compute: 0 of 40 GPU-hours" in out
    current = out.index("Claims vs results (attempt 2, current)")
    earlier = out.index("Attempt 1 · running (earlier)")
    assert current < earlier < out.index("Runs (attempt 1)") < out.index("Log (attempt 1)")
    assert "history: none → running → planned" in out


def test_record_without_claims_says_how_to_add_one(lib: Library) -> None:
    for label in ("bleu-en-de", "bleu-en-fr"):
        rep.remove_claim(lib, ATTENTION, label)
    assert f"no claims yet: paperdesk repro {ATTENTION} claim add" in repro(ATTENTION).stdout


def test_compare_and_summary_when_there_is_nothing(lib: Library) -> None:
    out = repro(ATTENTION, "compare").stdout
    assert f"no attempts yet: paperdesk repro {ATTENTION} run add" in out
    assert "no replication records yet: paperdesk repro ID status planned" in repro().stdout
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5})
    summary = repro("--summary").stdout
    assert "vaswani2017attention" in summary and "1/2" in summary and "partial" in summary
    assert summary.rstrip().endswith("1 record  (met: claims within tolerance / claims)")
