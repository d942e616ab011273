"""The papers table never sends a stored title's escape sequences to the terminal."""

from __future__ import annotations

from paperdesk.tui.widgets.papers_table import fit


def test_cells_are_stripped_of_control_characters() -> None:
    cell = fit("\x1b[2J\x1b]0;pwned\x07Evil\u202e title\x9b", 20)
    assert cell == "[2J]0;pwnedEvil tit…"
    assert cell.isprintable()
