"""Keys typed quickly land where the person meant them, on screens that open forms or move
focus with a key.

Textual's app forwards each key to the focused widget at once, but runs a (non-priority)
binding only when that key has bubbled back up to the app. Keys typed right behind a key that
opens a form or focuses an input (``a`` then ``bleu``, ``/`` then ``quote``) have by then
been sent to the widget that had focus before: they are lost, or worse, run this screen's
bindings (``q`` quoting, ``l`` focusing the log). :class:`OrderedKeys` makes the screen the
point where keys are put in order:

- the screen's own bindings run when the key reaches the screen, before the next key is
  looked at (unless the focused widget binds that key itself);
- a printable key that reaches the screen while an input has focus was sent before the input
  had it: it is typed into that input;
- a key that reaches the screen after another screen was pushed on top goes to that screen.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import NoBinding
from textual.screen import Screen
from textual.widgets import Input


class OrderedKeys:
    """Mixed into a :class:`~textual.screen.Screen` (first in the bases)."""

    def _bound_below(self: Screen[Any], key: str) -> bool:  # type: ignore[misc]
        """Does the focused widget, or a container between it and the screen, bind ``key``?"""
        node = self.focused
        while node is not None and node is not self:
            if _has(node, key):
                return True
            node = node.parent  # type: ignore[assignment]
        return False

    async def on_key(self: Screen[Any], event: events.Key) -> None:  # type: ignore[misc]
        if not self.is_attached:
            return
        if self.app.screen is not self:
            event.stop()
            event.prevent_default()
            self.app.post_message(events.Key(event.key, event.character))
            return
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character:
            # an Input stops every printable key it gets: this one was sent before it had focus
            event.stop()
            event.prevent_default()
            focused.insert_text_at_cursor(event.character)
            return
        if isinstance(focused, Input) or self._bound_below(event.key):  # type: ignore[attr-defined]
            return
        if _has(self, event.key):
            binding = self._bindings.get_bindings_for_key(event.key)[0]
            if binding.priority:
                return  # the app ran it before forwarding the key
            event.stop()
            event.prevent_default()
            await self.run_action(binding.action)


def _has(node: Any, key: str) -> bool:
    try:
        return bool(node._bindings.get_bindings_for_key(key))
    except NoBinding:
        return False
