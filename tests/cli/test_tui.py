"""``paperdesk tui`` after a crash: exit code 1, one line naming the error and the log file
that holds Textual's traceback; a clean quit says nothing."""

from __future__ import annotations

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
    monkeypatch.setattr("paperdesk.tui.app.PaperdeskApp", lambda settings: Crashing())
    monkeypatch.setattr(cli_tui, "run_app", lambda app, logs: run_app(app, logs, headless=True))
    with pytest.raises(SystemExit) as exit_:
        cli_tui.tui.main([], standalone_mode=False)
    assert exit_.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: the TUI crashed (ImportError")
    assert str(tmp_path / "logs") in err[0]
