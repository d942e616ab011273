"""Where the library lives: a PAPERDESK_HOME whose name has URL characters still opens (the
database URL is built from the path, not pasted into one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli, seed


@pytest.mark.parametrize("name", ["a#b?c", "fifty%41", "sp ace"])
def test_home_with_url_characters(tmp_path: Path, name: str) -> None:
    home = tmp_path / name
    env = {"PAPERDESK_HOME": str(home)}
    out = run_cli("lists", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["papers"] == seed().papers
    assert (home / "library.sqlite").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    code = (
        "import sys, runpy\nsys.argv = ['paperdesk', 'papers', '--json']\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\nprint('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    fast = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}
    )
    assert fast.stderr.strip().splitlines()[-1] == "False", "the fast read path is used"
