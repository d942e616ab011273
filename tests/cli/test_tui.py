"""``paperdesk tui`` after a crash: exit code 1, one line naming the error and the log file
that holds Textual's traceback; a clean quit says nothing. Without a terminal it says it needs
one and exits 1 at once, never drawing into a pipe or waiting for keys."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static

from paperdesk.cli.tui import run_app


class Crashing(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("about to fail")

    def on_mount(self) -> None:
        self.set_timer(0.05, self.boom)

    def boom(self) -> None:
        raise ImportError("cannot import name 'Gone' from 'paperdesk.tui.screens'")


class FailingWorker(App[None]):
    """A worker that raises (exit_on_error, the default): the error named is the worker's."""

    def on_mount(self) -> None:
        self.load()

    @work(thread=True)
    def load(self) -> None:
        raise ValueError("the settings file names no library " + "and says so at length " * 5)


class Quitting(App[None]):
    def on_mount(self) -> None:
        self.set_timer(0.05, self.exit)


def test_a_crash_is_one_line_and_a_saved_traceback(tmp_path: Path) -> None:
    app = Crashing()
    line = run_app(app, tmp_path / "logs", headless=True)
    assert app.return_code == 1
    assert line is not None and "\n" not in line
    assert "the TUI crashed (ImportError: cannot import name 'Gone'" in line
    (log,) = (tmp_path / "logs").glob("tui-crash-*.log")
    assert line.endswith(f"traceback saved in {log}")
    saved = log.read_text()
    assert "Traceback" in saved and "def boom" in saved and "ImportError" in saved


def test_a_failed_worker_is_named_with_its_whole_message(tmp_path: Path) -> None:
    """The message wraps at the terminal's width in the traceback; the line has all of it."""
    line = run_app(FailingWorker(), tmp_path / "logs", headless=True)
    message = "the settings file names no library " + "and says so at length " * 5
    assert line is not None and f"the TUI crashed (ValueError: {message.strip()})" in line


def test_a_clean_quit_reports_nothing(tmp_path: Path) -> None:
    assert run_app(Quitting(), tmp_path / "logs", headless=True) is None
    assert not (tmp_path / "logs").exists()


def test_the_command_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import paperdesk.cli.tui as cli_tui

    monkeypatch.setenv("PAPERDESK_HOME", str(tmp_path))
    monkeypatch.setattr(cli_tui, "not_a_terminal", lambda: None)  # pytest's stdin is no tty
    monkeypatch.setattr("paperdesk.tui.app.PaperdeskApp", lambda settings: Crashing())
    monkeypatch.setattr(cli_tui, "run_app", lambda app, logs: run_app(app, logs, headless=True))
    with pytest.raises(SystemExit) as exit_:
        cli_tui.tui.main([], standalone_mode=False)
    assert exit_.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: the TUI crashed (ImportError")
    assert str(tmp_path / "logs") in err[0]


def _tui(tmp_path: Path, stdin: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAPERDESK_HOME": str(tmp_path), "PAPERDESK_MODEL": "hash"}
    return subprocess.run(
        [sys.executable, "-m", "paperdesk", "tui"],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # a TUI waiting for keys would hang here
    )


def test_without_a_terminal_it_says_so_and_exits_1(tmp_path: Path) -> None:
    done = _tui(tmp_path, subprocess.DEVNULL)  # paperdesk tui </dev/null | head
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: the TUI needs a terminal (standard input and standard output are not one); "
        "run 'paperdesk tui' in a terminal, or 'paperdesk lists' and 'paperdesk papers' for text"
    ]
    assert not (tmp_path / "library.sqlite").exists()  # nothing opened or seeded


def test_keys_from_a_terminal_but_output_into_a_pipe_is_refused_too(tmp_path: Path) -> None:
    leader, follower = pty.openpty()  # paperdesk tui | head, typed in a terminal
    try:
        done = _tui(tmp_path, follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 1 and done.stdout == ""
    assert "the TUI needs a terminal (standard output is not one)" in done.stderr
