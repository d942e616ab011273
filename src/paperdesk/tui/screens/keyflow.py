"""Keys typed quickly land where the person meant them, on screens that open forms or move
focus with a key.

Textual's app forwards each key to the focused widget at once, but runs a (non-priority)
binding only when that key has bubbled back up to the app. Keys typed right behind a key that
opens a form or focuses an input (``a`` then ``bleu``, ``/`` then ``quote``) have by then
been sent to the widget that had focus before: they are lost, or worse, run this screen's
bindings (``q`` quoting, ``l`` focusing the log). :class:`OrderedKeys` makes the screen the
point where keys are put in order:

- the bindings of the focused widget, its containers and the screen run when the key reaches
  the screen, in the order the keys were typed (``j`` then ``r``: the cursor moves first);
- a printable key that reaches the screen while an input has focus was sent before the input
  had it: it is typed into that input;
- a key (or a paste) that reaches the screen after another screen was pushed on top goes to
  that screen;
- an :class:`OrderedInput` runs its own editing keys (backspace, end, ...) as they reach it,
  not once they have bubbled up to the app, so the keys typed behind them cannot overtake them.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding, NoBinding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input


class OrderedKeys:
    """Mixed into a :class:`~textual.screen.Screen` (first in the bases)."""

    def _binding_for(self: Screen[Any], key: str) -> tuple[Any, Any] | None:  # type: ignore[misc]
        """The (node, binding) that would run for ``key``: the focused widget's, then its
        containers', then the screen's, as Textual looks them up."""
        node: DOMNode | None = self.focused if self.focused is not None else self
        while node is not None:
            if found := bindings_of(node, key):
                return node, found[0]
            if node is self:
                return None
            node = node.parent
        return None

    async def on_key(self: Screen[Any], event: events.Key) -> None:  # type: ignore[misc]
        if not self.is_attached or posted_to_top(self, event):
            return
        focused = self.focused
        if isinstance(focused, Input):
            if event.is_printable and event.character:
                # an Input stops every printable key it gets: this one was sent before it had
                # focus
                event.stop()
                event.prevent_default()
                type_into(focused, event.character)
            elif isinstance(focused, OrderedInput) and bindings_of(focused, event.key):
                # an editing key sent before the input had focus: it runs there, in order
                event.stop()
                event.prevent_default()
                focused.post_message(events.Key(event.key, event.character))
            return  # other keys: the input's own bindings, as usual
        found = self._binding_for(event.key)  # type: ignore[attr-defined]
        if found is None:
            return
        node, binding = found
        if binding.priority:
            return  # the app ran it before forwarding the key
        event.stop()
        event.prevent_default()
        await node.run_action(binding.action)

    def on_paste(self: Screen[Any], event: events.Paste) -> None:  # type: ignore[misc]
        if self.is_attached:
            posted_to_top(self, event)


class OrderedInput(Input):
    """An input that runs its own keys (backspace, end, home, ...) when they reach it, in the
    order typed. Textual runs a binding only once its key has bubbled up to the app, while a
    printable key is typed at once: ``x backspace -`` typed fast gave ``x-`` (the backspace ran
    after the ``-``, or after a tab, in the next field)."""

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # typed by Input itself
        found = bindings_of(self, event.key)
        if found and not found[0].priority:
            event.stop()
            event.prevent_default()
            await self.run_action(found[0].action)


def type_into(target: Input, text: str) -> None:
    """Type ``text`` (its first line) into ``target`` as a paste, behind what its queue holds:
    after the focus it was just given, which selects a prefilled value (the text types over
    it) and which, run after text typed at once, would select that text (the next key typed
    replaced it)."""
    target.post_message(events.Paste(text))


def posted_to_top(screen: Screen[Any], event: events.Key | events.Paste) -> bool:
    """A key or a paste that reached ``screen`` once another screen was pushed on top is
    posted again, to be read by that screen; True when it was."""
    if screen.app.screen is screen:
        return False
    event.stop()
    event.prevent_default()
    if isinstance(event, events.Key):
        screen.app.post_message(events.Key(event.key, event.character))
    else:
        screen.app.post_message(events.Paste(event.text))
    return True


def bindings_of(node: Any, key: str) -> list[Binding]:
    """The bindings ``node`` itself has for ``key`` (Textual has no public lookup)."""
    try:
        return list(node._bindings.get_bindings_for_key(key))
    except NoBinding:
        return []
