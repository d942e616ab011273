"""Two members on one library, through the real CLI in fresh processes (issue 17, "what it must
show"): member A marks 1706.03762 read and member B still sees it unread; B's attempt and A's
claim on the same paper both show with their authors, in the record, its JSON and compare.
Runs on SQLite and, with the ``postgres`` marker, on PostgreSQL (the team case)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from paperdesk.library import Library
from tests.conftest import run_cli

PAPER = "1706.03762"
KEY = "vaswani2017attention"


def _as(lib: Library, name: str) -> Callable[..., str]:
    """Run the CLI as member ``name``: its stdout, or its stderr when ``code`` is not 0."""
    env = {"PAPERDESK_DATABASE_URL": lib.db.url, "PAPERDESK_USER": name}

    def cli(*args: str, code: int = 0) -> str:
        done = run_cli(*args, env=env)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        return done.stdout if code == 0 else done.stderr

    return cli


def _json(text: str) -> Any:
    return json.loads(text)


def _reading(out: str) -> str:
    return next(p["reading"] for p in _json(out)["papers"] if p["id"] == KEY)


def test_a_reads_b_does_not_and_both_authors_show(any_lib: Library) -> None:
    ana, bo = _as(any_lib, "ana"), _as(any_lib, "bo")
    any_lib.close()

    ana("mark", PAPER, "read")
    assert _reading(ana("papers", "--json")) == "read"
    assert _reading(bo("papers", "--json")) == "unread"  # B's own state: untouched
    assert _reading(bo("papers", "--reader", "ana", "--json")) == "read"  # A's, read-only
    assert _reading(ana("papers", "--json")) == "read"

    ana("repro", PAPER, "claim", "add", "--metric", "perplexity", "--value", "4.33",
        "--lower-is-better", "--label", "ppl")  # fmt: skip
    bo("repro", PAPER, "run", "add", "--command", "make train", "--result", "ppl=4.6")
    bo("repro", PAPER, "log", "OOM at batch 64")

    for who in (ana, bo):  # everyone sees the same shared record, with its authors
        rec = _json(who("repro", PAPER, "--json"))
        (attempt,) = rec["attempts"]
        assert attempt["by"] == "bo"
        assert [r["by"] for r in attempt["runs"]] == ["bo"]
        assert [e["by"] for e in attempt["log"]] == ["bo"]
        claims = {c["label"]: c["by"] for c in rec["claims"]}
        assert claims == {"bleu-en-de": None, "bleu-en-fr": None, "ppl": "ana"}  # seeded: None
        assert [h["by"] for h in rec["history"]] == ["bo"]  # planned → running, by B's run

    text = ana("repro", PAPER)
    assert "attempt 1 of 1 (by bo)" in text
    ppl = next(line for line in text.splitlines() if line.startswith("ppl "))
    assert ppl.rstrip().endswith("ana")  # the claims table's "by" column
    run = next(line for line in text.splitlines() if "make train" in line)
    assert run.rstrip().endswith("bo")
    assert "bo: OOM at batch 64" in text
    assert "history: none → running (bo)" in text

    compare = _json(ana("repro", PAPER, "compare", "--json"))
    assert [a["by"] for a in compare["attempts"]] == ["bo"]
    assert {c["label"]: c["by"] for c in compare["claims"]}["ppl"] == "ana"
    assert "#1 running by bo:" in ana("repro", PAPER, "compare")

    by_ana = _json(bo("repro", "--summary", "--by", "ana", "--json"))["records"]
    assert [(r["key"], r["by"]) for r in by_ana] == [
        (KEY, {"member": "ana", "attempts": 0, "claims": 1, "runs": 0, "log": 0})
    ]
    by_bo = _json(ana("repro", "--summary", "--by", "bo", "--json"))["records"]
    assert by_bo[0]["by"] == {"member": "bo", "attempts": 1, "claims": 0, "runs": 1, "log": 1}
    assert "1 attempt, 1 run, 1 log entry" in ana("repro", "--summary", "--by", "bo")

    team = {m["name"]: m for m in _json(bo("members", "--json"))["members"]}
    assert (team["ana"]["read"], team["ana"]["attempts"], team["ana"]["me"]) == (1, 0, False)
    assert (team["bo"]["read"], team["bo"]["attempts"], team["bo"]["me"]) == (0, 1, True)
    me = _json(bo("whoami", "--json"))
    assert (me["name"], me["source"], me["member"]["read"]) == ("bo", "PAPERDESK_USER", 0)


@pytest.mark.parametrize("option", [("papers", "--reader"), ("repro", "--summary", "--by")])
def test_an_unknown_member_is_a_usage_error_with_the_closest_name(
    any_lib: Library, option: tuple[str, ...]
) -> None:
    ana = _as(any_lib, "ana")
    any_lib.close()
    ana("mark", PAPER, "reading")
    err = ana(*option, "anna", code=2)
    assert "no member 'anna'" in err and "did you mean 'ana'" in err
    assert "Traceback" not in err
