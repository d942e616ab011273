"""Text stored with terminal control characters (from before the checks at the door, or from a
PDF's own metadata) is printed without them: lists, tables and errors."""

from __future__ import annotations

from paperdesk.library import Library
from paperdesk.storage.models import Paper
from tests.conftest import run_cli

EVIL = "\x1b[2J\x1b]0;pwned\x07Evil \u202etitle\x9b31m"


def test_tables_and_details_print_no_control_characters(lib: Library) -> None:
    with lib.session() as s:
        s.add(Paper(key="evil2020", title=EVIL, authors=["\x1b[31mMal Lory"], year=2020))
    for args in (["papers"], ["show", "evil2020"]):
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        out = done.stdout + done.stderr
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        assert "\x9b" not in out
    assert "Evil title" in run_cli("papers").stdout
