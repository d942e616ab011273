"""``paperdesk repro``: the group shape, the actions, JSON, and clean errors.

Most cases run in-process through click's runner (the real LazyGroup, the real database); a
few run ``python -m paperdesk`` to check real exit codes and start-up.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from paperdesk.cli.main import cli
from paperdesk.library import Library
from paperdesk.services import replication as rep
from tests.conftest import run_cli
from tests.replication.test_repro_service import strict_json

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762


def repro(*args: str) -> Result:
    return CliRunner().invoke(cli, ["repro", *args], prog_name="paperdesk", catch_exceptions=False)


def test_help_explains_the_shape(home) -> None:
    out = repro("--help")
    assert out.exit_code == 0
    assert "Usage: paperdesk repro [OPTIONS] ID [ACTION [ARGS]...]" in out.output
    for action in ("status", "repo", "claim", "run", "log", "env", "compute", "new"):
        assert f"\n  {action} " in out.output
    assert "negative means worse" in out.output
    sub = repro(ATTENTION, "claim", "add", "--help")
    assert sub.exit_code == 0 and "--lower-is-better" in sub.output


def test_walk_through_the_cli(lib: Library) -> None:
    assert repro(ATTENTION, "status", "planned").stdout == f"{ATTENTION}: none → planned\n"
    out = repro(
        ATTENTION,
        "claim",
        "add",
        "--metric",
        "perplexity",
        "--setting",
        "newstest2013 dev",
        "--value",
        "4.33",
        "--lower-is-better",
        "--tolerance",
        "0.1",
        "--source",
        "Table 3",
        "--label",
        "ppl",
    )
    assert out.exit_code == 0 and "ppl: perplexity on newstest2013 dev = 4.33" in out.stdout
    out = repro(
        ATTENTION,
        "run",
        "add",
        "--command",
        "t2t-trainer",
        "--commit",
        "a1b2c3d",
        "--result",
        "bleu-en-de=28.3",
        "--result",
        "ppl=4.6",
    )
    assert out.exit_code == 0
    assert "bleu-en-de: 28.3 vs 28.4  gap −0.1  within" in out.stdout
    assert "ppl: 4.6 vs 4.33  gap −0.27  outside" in out.stdout
    assert "suggested status: partial" in out.stdout
    assert repro(ATTENTION, "log", "OOM", "at", "batch", "64").exit_code == 0
    assert repro(ATTENTION, "repo", "https://example.org/t2t", "--commit", "a1b2c3d").exit_code == 0
    assert repro(ATTENTION, "env", "8x P100", "--set", "cuda=9.0").exit_code == 0
    assert (
        repro(ATTENTION, "compute", "--budget", "300", "--add", "12", "--unit", "GPU-hours")
        .stdout.strip()
        .endswith("12 of 300 GPU-hours")
    )
    assert repro(ATTENTION, "goal", "big", "model").exit_code == 0
    out = repro(ATTENTION, "claim", "edit", "ppl", "--tolerance", "0.5")
    assert "tolerance 0.5" in out.stdout

    shown = repro(ATTENTION)
    assert shown.exit_code == 0
    text = shown.stdout
    assert "status running   suggested: partial   attempt 1 of 1" in text
    assert "repo: https://example.org/t2t @ a1b2c3d" in text
    assert "environment: 8x P100; cuda=9.0" in text
    assert "OOM at batch 64" in text
    assert "history: none → planned → running" in text
    row = next(line for line in text.splitlines() if line.startswith("ppl "))
    assert "4.33" in row and "4.6" in row and "−0.27" in row and "within" in row

    rec = json.loads(repro(ATTENTION, "--json").stdout)
    assert rec["paper"] == ATTENTION and rec["status"] == "running"
    claims = {c["label"]: c for c in rec["claims"]}
    assert claims["bleu-en-fr"]["verdict"] == "unmeasured"
    assert claims["ppl"]["gap_abs"] == pytest.approx(-0.27)
    a = rec["attempts"][0]
    assert a["runs"][0]["results"] == {"bleu-en-de": 28.3, "ppl": 4.6}
    assert a["log"][0]["text"] == "OOM at batch 64"
    # --json may come before the ID too, and on an action
    assert json.loads(repro("--json", ATTENTION).stdout)["paper"] == ATTENTION
    run_id = a["runs"][0]["id"]
    out = json.loads(
        repro(ATTENTION, "run", "set", str(run_id), "bleu-en-fr=41.9", "--json").stdout
    )
    assert out["run"]["results"]["bleu-en-fr"] == 41.9
    out = json.loads(repro(ATTENTION, "status", "reproduced", "--json").stdout)
    assert out == {"paper": ATTENTION, "old": "running", "new": "reproduced", "attempt": 1}
    assert (
        repro(ATTENTION, "new", "--goal", "base")
        .stdout.strip()
        .endswith("attempt 2 started (planned)")
    )
    refused = CliRunner().invoke(cli, ["repro", ATTENTION, "run", "rm", str(run_id)])
    assert refused.exit_code == 1
    assert f"run {run_id} belongs to attempt 1, not the current attempt 2" in refused.stderr
    assert f"run rm {run_id} --attempt 1" in refused.stderr
    assert rep.record(lib, ATTENTION)["attempts"][0]["runs"], "nothing removed"
    removed = repro(ATTENTION, "run", "rm", str(run_id), "--attempt", "1")
    assert removed.stdout == f"{ATTENTION}: run {run_id} removed from attempt 1\n"
    assert repro(ATTENTION, "claim", "rm", "ppl").exit_code == 0
    assert "ppl" not in {c["label"] for c in rep.record(lib, ATTENTION)["claims"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([ATTENTION, "status", "done"], "error: unknown replication state 'done'"),
        (
            [ATTENTION, "run", "add", "--result", "bleu=27"],
            "error: 'bleu' is the metric of 2 claims (bleu-en-de, bleu-en-fr)",
        ),
        (
            [ATTENTION, "run", "add", "--result", "bleu-en-de=high"],
            "error: result for bleu-en-de must be a number, not 'high'",
        ),
        ([ATTENTION, "run", "add", "--result", "bleu-en-de"], "must look like LABEL=VALUE"),
        (
            [ATTENTION, "run", "add", "--result", "bleu-en-de=1", "--result", "bleu-en-de=2"],
            "error: result for 'bleu-en-de' given twice",
        ),
        (
            [ATTENTION, "claim", "add", "--metric", "BLEU", "--value", "28.4", "--tolerance", "-1"],
            "error: tolerance must be 0 or more, not '-1'",
        ),
        (
            [ATTENTION, "claim", "add", "--metric", "BLEU", "--value", "n/a"],
            "error: claim value must be a number, not 'n/a'",
        ),
        ([ATTENTION, "claim", "edit", "nope", "--value", "1"], "error: no claim 'nope'"),
        ([ATTENTION, "compute", "--spent", "lots"], "error: compute spent must be a number"),
        (
            [ATTENTION, "run", "set", "42", "bleu-en-de=1"],
            "error: no run '42' for vaswani2017attention",
        ),
        (["2401.99999", "status", "planned"], "error: no paper '2401.99999'"),
    ],
)
def test_errors_are_one_clean_line(lib: Library, args: list[str], message: str) -> None:
    out = CliRunner().invoke(cli, ["repro", *args])
    assert out.exit_code == 1, out.output
    assert message in out.stderr
    assert "Traceback" not in out.output
    assert rep.record(lib, ATTENTION)["attempts"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "running"], "give the paper first: paperdesk repro ID status"),
        (["--summary", ATTENTION], "--summary takes no ID"),
        ([ATTENTION, "claim", "edit", "bleu-en-de"], "nothing to change"),
        (
            [ATTENTION, "claim", "edit", "bleu-en-de", "--higher-is-better", "--lower-is-better"],
            "--higher-is-better and --lower-is-better exclude each other",
        ),
        (
            [ATTENTION, "claim", "edit", "bleu-en-de", "--lower-is-better", "--higher-is-better"],
            "--higher-is-better and --lower-is-better exclude each other",
        ),
    ],
)
def test_usage_errors(lib: Library, args: list[str], message: str) -> None:
    out = CliRunner().invoke(cli, ["repro", *args])
    assert out.exit_code == 2 and message in out.stderr


def test_claim_edit_direction_flags(lib: Library) -> None:
    out = repro(ATTENTION, "claim", "edit", "bleu-en-de", "--lower-is-better")
    assert "(lower is better," in out.stdout
    out = repro(ATTENTION, "claim", "edit", "bleu-en-de", "--higher-is-better")
    assert "(higher is better," in out.stdout


def test_a_new_repo_url_drops_the_old_commit(lib: Library) -> None:
    out = repro(ATTENTION, "repo", "https://example.org/a", "--commit", "a1b2c3d")
    assert out.stdout.strip().endswith("https://example.org/a @ a1b2c3d")
    out = repro(ATTENTION, "repo", "https://example.org/a")  # same URL: the commit stays
    assert out.stdout.strip().endswith("https://example.org/a @ a1b2c3d")
    out = repro(ATTENTION, "repo", "https://example.org/b")
    assert out.stdout.strip().endswith("https://example.org/b")
    attempt = rep.record(lib, ATTENTION)["attempts"][-1]
    assert (attempt["repo_url"], attempt["repo_commit"]) == ("https://example.org/b", None)
    out = repro(ATTENTION, "repo", "https://example.org/c", "--commit", "ffff")
    assert rep.record(lib, ATTENTION)["attempts"][-1]["repo_commit"] == "ffff"


def test_summary_json_counts_in_a_real_process(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.5, "bleu-en-fr": 40.0})
    rep.set_status(lib, ATTENTION, "partial")
    rep.add_run(lib, "1810.04805", {"glue": 80.5, "mnli": 86.0})
    rep.new_attempt(lib, "1810.04805")  # a fresh attempt has measured nothing yet
    rep.set_status(lib, "1512.03385", "abandoned")
    rep.update_result(lib, "1512.03385", "imagenet-top5", "3.5")
    res = run_cli("repro", "--summary", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["count"] == 3
    got = {
        r["key"]: (r["status"], r["claims_met"], r["claims_total"], r["attempts"])
        for r in data["records"]
    }
    assert got == {
        ATTENTION: ("partial", 1, 2, 1),
        "devlin2018bert": ("planned", 0, 4, 2),
        "he2015deep": ("abandoned", 1, 1, 1),
    }
    people = run_cli("repro")
    assert people.returncode == 0
    assert "1/2" in people.stdout and "3 records" in people.stdout


def test_error_exit_code_in_a_real_process(lib: Library) -> None:
    res = run_cli("repro", ATTENTION, "run", "add", "--result", "bleu-en-de=abc")
    assert res.returncode == 1
    assert res.stderr.strip() == "error: result for bleu-en-de must be a number, not 'abc'"


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
