"""The CLI's progress bar off a terminal: nothing drawn, and messages (a failed or skipped
paper) on stderr only when asked for, with terminal control characters removed."""

from __future__ import annotations

import pytest

from paperdesk.cli.progressbar import RichProgress


def test_off_a_terminal_nothing_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    with RichProgress("papers") as progress:
        assert not progress.enabled  # stderr is captured: not a terminal
        progress.start(3, "Fetching")
        progress.advance(item="vaswani2017attention", nbytes=2048)
        progress.message("devlin2018bert: not on arXiv")
        assert not progress.cancelled()
    assert capsys.readouterr() == ("", "")


def test_echoed_messages_go_to_stderr_without_controls(capsys: pytest.CaptureFixture[str]) -> None:
    with RichProgress(echo=True) as progress:
        progress.start(None)
        progress.message("skipped \x1b]0;pwned\x07Evil: no PDF")
    out, err = capsys.readouterr()
    assert out == "" and err == "skipped ]0;pwnedEvil: no PDF\n"
