"""``paperdesk whoami`` and ``paperdesk members`` in fresh processes, on a real library."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import pytest

from paperdesk.library import Library
from tests.conftest import run_cli


@pytest.fixture(autouse=True)
def _no_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERDESK_USER", raising=False)


def _ok(*args: str, user: str = "", **env: str) -> str:
    """Run the CLI (as member ``user`` when given); its stdout."""
    done = run_cli(*args, env={**({"PAPERDESK_USER": user} if user else {}), **env})
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert not done.stderr
    return done.stdout


def _json(*args: str, user: str = "", **env: str) -> Any:
    return json.loads(_ok(*args, "--json", user=user, **env))


def test_whoami_before_any_activity_names_the_source_and_the_library(
    lib: Library, home: Path
) -> None:
    lib.close()
    me = _json("whoami", user="zoe")
    assert me["name"] == me["configured_name"] == "zoe"
    assert me["source"] == "PAPERDESK_USER"
    assert me["member"] is None  # a read path never makes a member row
    assert me["library"] == f"sqlite:///{home / 'library.sqlite'}"
    text = _ok("whoami", user="zoe")
    assert "name:    zoe" in text
    assert "PAPERDESK_USER environment variable" in text
    assert "(no activity yet" in text
    assert "zoe" not in {m["name"] for m in _json("members", user="zoe")["members"]}


def test_whoami_from_the_config_file_and_from_the_os(lib: Library, home: Path) -> None:
    lib.close()
    me = _json("whoami")
    assert (me["name"], me["source"]) == (getpass.getuser(), "os")
    assert "the OS user name" in _ok("whoami")
    (home / "config.toml").write_text('user = "carla"\n')
    me = _json("whoami")
    assert (me["name"], me["source"]) == ("carla", "config")
    assert "'user' in the config file" in _ok("whoami")
    assert _json("whoami", user="dora")["source"] == "PAPERDESK_USER"  # env wins


def test_whoami_after_activity_and_the_single_user_rule(lib: Library) -> None:
    lib.close()
    _ok("mark", "1706.03762", "read", user="ana")
    me = _json("whoami", user="ana")
    assert me["member"]["read"] == 1 and me["member"]["id"] >= 1
    assert "1 read, 0 reading" in _ok("whoami", user="ana")
    if getpass.getuser() != "ana":
        # the name comes from the OS and the library has one member: that member is me
        me = _json("whoami")
        assert (me["name"], me["configured_name"], me["source"]) == (
            "ana",
            getpass.getuser(),
            "os",
        )
        assert "the library's only member" in _ok("whoami")


def test_members_lists_everyone_with_me_marked(lib: Library) -> None:
    lib.close()
    _ok("mark", "1706.03762", "read", user="ana")
    _ok("mark", "1810.04805", "reading", user="ana")
    _ok("mark", "1706.03762", "reading", user="bo")
    _ok("repro", "1706.03762", "status", "running", user="bo")
    data = _json("members", user="bo")
    assert data["count"] == len(data["members"]) == 2
    rows = {m["name"]: m for m in data["members"]}
    assert {k: rows["ana"][k] for k in ("me", "read", "reading", "attempts")} == {
        "me": False,
        "read": 1,
        "reading": 1,
        "attempts": 0,
    }
    assert {k: rows["bo"][k] for k in ("me", "read", "reading", "attempts")} == {
        "me": True,
        "read": 0,
        "reading": 1,
        "attempts": 1,
    }
    assert rows["bo"]["joined"] and rows["bo"]["last_active"]
    text = _ok("members", user="bo").splitlines()
    assert text[0].split() == ["member", "joined", "read", "reading", "last", "active", "attempts"]
    assert text[1].split()[:1] == ["ana"] and text[2].split()[:2] == ["*", "bo"]
    assert text[-1] == "2 members  (* you)"


def test_member_names_complete_after_reader_and_by(lib: Library, home: Path) -> None:
    from tests.cli.test_completion import complete

    lib.close()
    _ok("mark", "1706.03762", "read", user="ana")
    _ok("mark", "1706.03762", "read", user="anton")
    _ok("mark", "1706.03762", "read", user="bo")
    assert complete(home, "papers", "--reader", "an") == ["ana", "anton"]
    assert complete(home, "repro", "--summary", "--by", "b") == ["bo"]


def test_a_bad_member_name_is_one_clear_line(lib: Library) -> None:
    lib.close()
    done = run_cli("whoami", env={"PAPERDESK_USER": "a/b"})
    assert done.returncode == 1
    assert done.stderr.startswith("error: PAPERDESK_USER") and "'/'" in done.stderr
    assert "Traceback" not in done.stderr


def test_whoami_never_prints_a_database_password(any_lib: Library) -> None:
    url = any_lib.db.url
    any_lib.close()
    if not url.startswith("postgresql://"):
        assert _json("whoami")["library"] == url  # a SQLite path has nothing to hide
        return
    secret = url.replace("postgresql://postgres@", "postgresql://postgres:hunter2@")
    out = _ok("whoami", PAPERDESK_DATABASE_URL=secret)
    assert "hunter2" not in out and "***" in out
    assert "hunter2" not in _ok("whoami", "--json", PAPERDESK_DATABASE_URL=secret)
