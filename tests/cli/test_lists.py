"""``paperdesk lists``: the seeded lists with their counts, importing a list file, and moving a
list (the order every view follows)."""

from __future__ import annotations

import json
from pathlib import Path

from paperdesk.library import Library
from tests.conftest import run_cli, seed


def test_lists_shows_the_seeded_roadmap(home: Path) -> None:
    out = run_cli("lists", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["lists"]) == len(seed().lists) and data["papers"] == seed().papers
    assert all(x["read"] == 0 for x in data["lists"])
    table = run_cli("lists")
    assert "transformers-core" in table.stdout and "0/8" in table.stdout
    assert f"{len(seed().lists)} lists · {seed().papers} papers in the library" in table.stdout


def test_lists_import(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\ntitle: Mine\npapers:\n  - id: 1706.03762\n  - id: 2106.09999\n")
    out = run_cli("lists", "import", str(f))
    assert out.returncode == 0 and "2 entries added (1 new paper," in out.stdout
    again = run_cli("lists", "import", str(f))
    assert "0 entries added" in again.stdout
    f.write_text("name: mine\npapers:\n  - id: 1706.03762\n  - id: [\n")
    bad = run_cli("lists", "import", str(f))
    assert bad.returncode == 1 and f"{f}:5:" in bad.stderr


def test_lists_move_changes_the_order_everywhere(home: Path) -> None:
    out = run_cli("lists", "move", "transformers-core", "1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("transformers-core → deep-learning-foundations")
    lists = json.loads(run_cli("lists", "--json").stdout)["lists"]
    assert [x["name"] for x in lists][:2] == ["transformers-core", "deep-learning-foundations"]
    assert json.loads(run_cli("next", "--n", "1", "--json").stdout)["papers"][0]["list"] == (
        "transformers-core"
    )
    back = run_cli("lists", "reset-order")
    assert back.stdout.startswith("deep-learning-foundations → nlp-foundations")


def test_lists_move_past_the_end_is_a_usage_error(home: Path) -> None:
    before = [x["name"] for x in json.loads(run_cli("lists", "--json").stdout)["lists"]]
    n = len(before)
    out = run_cli("lists", "move", "transformers-core", "99")
    assert out.returncode == 2
    assert f"99 is past the end: there are {n} lists, so POSITION is 1 to {n}" in out.stderr
    after = [x["name"] for x in json.loads(run_cli("lists", "--json").stdout)["lists"]]
    assert after == before
    last = run_cli("lists", "move", "transformers-core", str(n))
    assert last.returncode == 0 and last.stdout.rstrip().endswith("→ transformers-core")
    typo = run_cli("lists", "move", "transformer-core", "99")  # the name's error comes first
    assert typo.returncode == 1 and "did you mean 'transformers-core'" in typo.stderr


def test_lists_json_is_the_summaries_to_json(lib: Library) -> None:
    """``lists --json`` is a documented format: ListSummary.to_json() for each list, in roadmap
    order, with the keys in the order of the record's fields."""
    from dataclasses import fields

    from paperdesk.services.listing import ListSummary, list_summaries
    from paperdesk.services.papers import mark
    from paperdesk.storage.fastread import SessionReader

    mark(lib, "1706.03762", "read")
    mark(lib, "1706.03762", "reproduced")
    data = json.loads(run_cli("lists", "--json").stdout)
    assert data["lists"] == [s.to_json() for s in list_summaries(SessionReader(lib))]
    assert {tuple(x) for x in data["lists"]} == {tuple(f.name for f in fields(ListSummary))}
    core = next(x for x in data["lists"] if x["name"] == "transformers-core")
    assert (core["read"], core["reproduced"], core["replication_planned"]) == (1, 1, 1)
