"""``paperdesk config``: the number of threads in effect and why; bad values refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_threads_show_the_number_used_and_why(home: Path) -> None:
    cores = os.cpu_count() or 1
    used = max(1, min(4, cores))
    out = run_cli("config", env={"PAPERDESK_THREADS": "0"})
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("threads "))
    assert f"{used} (all {cores} core" in line and "at most 4)" in line
    data = json.loads(run_cli("config", "--json", env={"PAPERDESK_THREADS": "3"}).stdout)
    assert data["settings"]["threads"]["value"] == 3
    assert data["settings"]["threads"]["source"] == "env PAPERDESK_THREADS"


def test_negative_threads_are_refused_like_a_negative_delay(home: Path) -> None:
    for var, value in (("PAPERDESK_THREADS", "-2"), ("PAPERDESK_ARXIV_DELAY", "-5")):
        out = run_cli("config", env={var: value})
        assert out.returncode == 1, (var, out.stdout)
        assert out.stderr.startswith(f"error: {var} must be >= 0"), out.stderr
        assert "Traceback" not in out.stderr


def test_a_home_that_is_a_file_is_one_clear_line(tmp_path: Path) -> None:
    afile = tmp_path / "qa-file"
    afile.write_text("")
    out = run_cli("papers", env={"PAPERDESK_HOME": str(afile)})
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"error: PAPERDESK_HOME {afile.resolve()} is a file, not a folder: point it at a folder"
    )
    assert afile.read_text() == ""  # nothing written over it


def test_user_shows_the_member_name_in_effect_as_whoami(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``user`` left empty means the OS user name: config shows that name and why, as whoami
    resolves it; the variable and the config file each name their source."""
    import getpass

    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    env: dict[str, str] = {}
    data = json.loads(run_cli("config", "--json", env=env).stdout)["settings"]["user"]
    me = json.loads(run_cli("whoami", "--json", env=env).stdout)
    assert data["value"] == getpass.getuser() != ""
    assert data["value"] == me["name"]
    assert (data["source"], data["why"]) == ("default", "the OS user name")
    line = next(x for x in run_cli("config", env=env).stdout.splitlines() if x.startswith("user"))
    assert f"{getpass.getuser()} (the OS user name)" in line and line.endswith("default")
    data = json.loads(run_cli("config", "--json", env={"PAPERDESK_USER": "ana"}).stdout)
    assert data["settings"]["user"]["value"] == "ana"
    assert data["settings"]["user"]["source"] == "env PAPERDESK_USER"
    (home / "config.toml").write_text('user = "bo"\n', "utf-8")
    data = json.loads(run_cli("config", "--json", env=env).stdout)["settings"]["user"]
    assert (data["value"], data["source"]) == ("bo", "file") and "why" not in data
