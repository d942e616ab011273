"""``paperdesk note``: text from a pipe with ``-``, a clear usage message instead of an editor
on a non-terminal, the editor on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli

PAPER = "1706.03762"


def test_append_and_set_read_standard_input(home: Path) -> None:
    out = run_cli("note", PAPER, "--append", "-", input="First thought.\n")
    assert out.returncode == 0, out.stderr
    run_cli("note", PAPER, "--append", "-", input="Second, ünïcode.")
    assert run_cli("note", PAPER, "--print").stdout == "First thought.\n\nSecond, ünïcode.\n"
    replaced = run_cli("note", PAPER, "--set", "-", input="# Attention\n\nall of it\n")
    assert replaced.returncode == 0 and "note saved" in replaced.stdout
    assert run_cli("note", PAPER, "--print").stdout == "# Attention\n\nall of it\n"
    assert run_cli("note", PAPER, "--set", "literal text").returncode == 0
    assert run_cli("note", PAPER, "--print").stdout == "literal text\n"  # the line is ended


def test_empty_or_binary_input_saves_nothing(home: Path) -> None:
    run_cli("note", PAPER, "--set", "kept")
    empty = run_cli("note", PAPER, "--append", "-", input="  \n")
    assert empty.returncode == 1 and "nothing to append" in empty.stderr
    binary = subprocess.run(
        [sys.executable, "-m", "paperdesk", "note", PAPER, "--set", "-"],
        input=b"\xff\xfe\x00bad",
        capture_output=True,
    )
    assert binary.returncode == 1 and b"not UTF-8" in binary.stderr
    assert run_cli("note", PAPER, "--print").stdout == "kept\n"


def test_no_editor_on_a_pipe(home: Path) -> None:
    out = run_cli("note", PAPER, input="piped text that must not vanish")
    assert out.returncode == 2
    assert "--append -" in out.stderr and "--set -" in out.stderr
    assert run_cli("note", PAPER, "--print").stdout == ""


def test_options_exclude_each_other(home: Path) -> None:
    both = run_cli("note", PAPER, "--set", "a", "--append", "b")
    assert both.returncode == 2 and "--append and --set do not go together" in both.stderr


def on_terminal(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m paperdesk ARGS`` with a terminal (a pty) on standard input."""
    primary, secondary = pty.openpty()
    try:
        return subprocess.run(
            [sys.executable, "-m", "paperdesk", *args],
            stdin=secondary,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=120,
        )
    finally:
        os.close(primary)
        os.close(secondary)


def test_on_a_terminal_the_editor_runs(home: Path, tmp_path: Path) -> None:
    """With a terminal on standard input the editor starts (here a script that writes)."""
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "edited in the editor\\n" > "$1"\n')
    editor.chmod(0o755)
    done = on_terminal("note", PAPER, env={"EDITOR": str(editor), "VISUAL": ""})
    broken = on_terminal("note", PAPER, env={"EDITOR": "/nonexistent-editor", "VISUAL": ""})
    assert done.returncode == 0, done.stderr
    assert run_cli("note", PAPER, "--print").stdout == "edited in the editor\n"
    assert broken.returncode == 1 and broken.stderr.startswith("error: cannot run the editor")


def test_note_in_editor(home: Path, tmp_path: Path) -> None:
    editor = tmp_path / "ed.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('from the editor\\n')\n")
    out = on_terminal("note", "1810.04805", env={"EDITOR": f"{sys.executable} {editor}"})
    assert out.returncode == 0, out.stderr
    assert run_cli("note", "1810.04805", "--print").stdout == "from the editor\n"


def test_note_exclusive_options(home: Path) -> None:
    # the editor's failure is tested on a terminal in tests/cli/test_note.py
    both = run_cli("note", "1706.03762", "--print", "--append", "x")
    assert both.returncode == 2 and "do not go together" in both.stderr
    assert run_cli("note", "1706.03762", "--print").stdout == ""
