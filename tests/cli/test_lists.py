"""``paperdesk lists``: the seeded lists with their counts, importing a list file, and moving a
list (the order every view follows)."""

from __future__ import annotations

import json
from pathlib import Path

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
