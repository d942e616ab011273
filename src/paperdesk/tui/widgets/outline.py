"""The reading view's outline: the paper's headings, indented by level, with their pages.

Choosing a heading (enter, click) posts :class:`Outline.Jump`; the reader moves the
highlight to follow the text without jumping.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperdesk.services.reading import OutlineEntry


def entry_prompt(entry: OutlineEntry) -> Text:
    """``  4 ␣␣4.1 Approaches``: the page (dim, aligned), the heading indented by level, cut
    with an ellipsis rather than wrapped, so the outline keeps one line per heading."""
    page = "" if entry.page is None else str(entry.page)
    text = Text(f"{page:>3} ", style="dim", no_wrap=True, overflow="ellipsis")
    text.append("  " * max(0, entry.level - 1))
    text.append(entry.label, style="bold" if entry.level <= 1 else "")
    return text


class Outline(OptionList):
    DEFAULT_CSS = """
    Outline { border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    class Jump(Message):
        """Go to outline entry ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def show(self, outline: list[OutlineEntry]) -> None:
        self.clear_options()
        self.add_options(Option(entry_prompt(e), id=str(i)) for i, e in enumerate(outline))

    def follow(self, index: int | None) -> None:
        """Highlight entry ``index`` (the section being read) without jumping."""
        if index is not None and index != self.highlighted:
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(event.option_index))
