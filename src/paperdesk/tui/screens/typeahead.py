"""Keys typed fast land where the person meant them, around a key that opens a dialog.

Textual forwards each key to the widget focused when the key is read. Keys typed right behind
one that opens a dialog (``a`` then an arXiv id, ``/`` then a query) are read before the
dialog's input has focus: they go to the screen below, which ignores them or, worse, runs its
own keys. :class:`PassOn` (the main screen) hands such keys, and a paste, to the screen now on
top; :class:`TypeAhead` (the dialog) gives its first input focus and types what arrives before
the input had it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.screen import Screen
from textual.widgets import Input

from paperdesk.tui.screens.keyflow import bindings_of, posted_to_top


class PassOn:
    """Mixed into a screen that opens dialogs (first in the bases). Its bindings, and those of
    the focused widget and its containers, run when the key reaches the screen, in Textual's
    order (a binding whose action does not apply, such as scrolling what cannot scroll, passes
    the key on), so a key that opens a dialog does so before the next key is looked at. A key
    or a paste that reaches the screen once another screen is on top is posted again, to be
    read by that screen."""

    async def on_key(self: Screen[Any], event: events.Key) -> None:  # type: ignore[misc]
        if not self.is_attached or posted_to_top(self, event):
            return
        node: Any = self.focused if self.focused is not None else self
        while node is not None:
            for binding in bindings_of(node, event.key):
                if not binding.priority and await self.app.run_action(binding.action, node):
                    event.stop()
                    event.prevent_default()
                    return
            if node is self:
                return
            node = node.parent

    def on_paste(self: Screen[Any], event: events.Paste) -> None:  # type: ignore[misc]
        if self.is_attached:
            posted_to_top(self, event)


class TypeAhead:
    """Mixed into a dialog (first in the bases); ``FIRST_INPUT`` selects its input."""

    FIRST_INPUT: ClassVar[str] = "Input"

    def _first_input(self: Any) -> Input | None:
        if self.focused is None:
            self.set_focus(self.query_one(self.FIRST_INPUT, Input))
        return self.focused if isinstance(self.focused, Input) else None

    def on_key(self: Screen[Any], event: events.Key) -> None:  # type: ignore[misc]
        """A printable key reaching the screen with an input focused was read before the input
        had focus (an input keeps every printable key it gets): type it there."""
        target = self._first_input()  # type: ignore[attr-defined]
        if target is not None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            target.insert_text_at_cursor(event.character)

    def on_paste(self: Screen[Any], event: events.Paste) -> None:  # type: ignore[misc]
        if self.focused is None and event.text:
            target = self._first_input()  # type: ignore[attr-defined]
            if target is not None:
                event.stop()
                target.insert_text_at_cursor(event.text.splitlines()[0].strip())
