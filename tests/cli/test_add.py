"""``paperdesk add``: an id already in the library, and ids that are not ones."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def test_add_existing_and_invalid(home: Path) -> None:
    out = run_cli("add", "https://arxiv.org/abs/1706.03762v7")
    assert out.returncode == 0 and "already in the library" in out.stdout
    bad = run_cli("add", "1706.3762")
    assert bad.returncode == 1
    assert "'1706.3762'" in bad.stderr and "Traceback" not in bad.stderr
    mixed = run_cli("add", "2106.09999", "cs/03060")
    assert (
        mixed.returncode == 1
        and "added arxiv210609999" in mixed.stdout  # provisional until fetched
        and "'cs/03060'" in mixed.stderr
    )
    count = json.loads(run_cli("papers", "--json").stdout)["count"]
    assert count == 54
