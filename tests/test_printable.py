"""What reaches a terminal: escape sequences, C1 controls and bidi overrides are dropped; tabs
and line breaks stay where lines are wanted; printable text comes back as it was."""

from __future__ import annotations

from paperdesk.printable import for_terminal, strip_controls

EVIL = "\x1b[2J\x1b]0;pwned\x07Evil \u202etitle\x9b31m\x00"


def test_controls_and_bidi_overrides_are_dropped() -> None:
    assert strip_controls(EVIL) == "[2J]0;pwnedEvil title31m"
    assert "\x1b" not in for_terminal(EVIL) and "\u202e" not in for_terminal(EVIL)


def test_lines_keep_tabs_and_breaks_unless_one_line_is_wanted() -> None:
    text = "first\tcolumn\r\nsecond\x0cline"
    assert strip_controls(text) == "first\tcolumn\r\nsecondline"
    assert strip_controls(text, lines=False) == "firstcolumnsecondline"


def test_printable_text_is_unchanged() -> None:
    for text in ("Attention Is All You Need", "Łukasz Kaiser · 注意力", ""):
        assert for_terminal(text) == text
