"""Dialogs that open on a key and start with an input (add, tags, search, export): what is
typed or pasted right behind the opening key lands in that input, not on the screen below.

The keys typed behind the opening one reach the new screen before its input has focus (it is
focused when the screen mounts). :class:`~paperdesk.tui.screens.keyflow.OrderedKeys` brings
them here; this mixin gives the first input focus, and ``OrderedKeys`` types the key into it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.screen import Screen
from textual.widgets import Input

from paperdesk.tui.screens.keyflow import OrderedKeys


class TypeAhead(OrderedKeys):
    """Mixed into a screen (first in the bases); ``FIRST_INPUT`` selects its input."""

    FIRST_INPUT: ClassVar[str] = "Input"

    def _first_input(self: Any) -> Input | None:
        if self.focused is None:
            self.set_focus(self.query_one(self.FIRST_INPUT, Input))
        return self.focused if isinstance(self.focused, Input) else None

    def on_key(self: Screen[Any], event: events.Key) -> None:  # type: ignore[misc]
        self._first_input()  # type: ignore[attr-defined]

    def on_paste(self: Screen[Any], event: events.Paste) -> None:  # type: ignore[misc]
        if self.focused is None and event.text:
            target = self._first_input()  # type: ignore[attr-defined]
            if target is not None:
                event.stop()
                target.insert_text_at_cursor(event.text.splitlines()[0].strip())
