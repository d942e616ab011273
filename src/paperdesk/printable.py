"""Text that is safe to put on a terminal: no control characters, no bidi overrides.

Titles, authors and notes come from files and servers paperdesk does not control; an escape
sequence in one could recolour, retitle or clear the terminal it is printed on, and a bidi
override can make a line read differently from what it holds. Pure (``re`` only), so that the
errors module and the CLI's output helpers can use it without importing anything heavy.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; tab, newline and carriage return are kept where lines are
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# bidi overrides and isolates: they reorder how a line reads on screen (a "Trojan source")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str, *, lines: bool = True) -> str:
    """``text`` without terminal control characters or bidi overrides (NUL included); with
    ``lines`` it keeps tabs and line breaks."""
    return _BIDI.sub("", (_CONTROL if lines else _CONTROL_LINE).sub("", text))


def for_terminal(text: str) -> str:
    """What may be printed of a stored value (one stored before the checks at the door may
    still hold escape sequences)."""
    if text.isprintable():
        return text
    return strip_controls(text)
