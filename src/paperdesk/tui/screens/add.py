"""``a``: add a paper by arXiv id or URL, checked as you type with the error shown inline."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label

from paperdesk.errors import InvalidIdError
from paperdesk.ids import parse_arxiv_id
from paperdesk.tui.keys import DIALOG_KEYS, Key, bindings
from paperdesk.tui.screens.typeahead import TypeAhead


def check(text: str) -> tuple[str | None, str]:
    """(canonical id or None, the line to show under the input)."""
    if not text.strip():
        return None, "arXiv id or URL, e.g. 1706.03762, arXiv:1810.04805v2, an abs/pdf link"
    try:
        aid = parse_arxiv_id(text)
    except InvalidIdError as exc:
        return None, str(exc)
    return aid.base, f"arXiv:{aid.versioned}"


class AddScreen(TypeAhead, ModalScreen[tuple[str, str | None] | None]):
    """Dismisses with (id, list name or None); nothing is added while the input is invalid.
    Keys typed right behind the ``a`` that opened it land in the input (:class:`TypeAhead`)."""

    DEFAULT_CSS = """
    AddScreen { align: center middle; }
    AddScreen > Vertical {
        width: 72; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    AddScreen .add--title { text-style: bold; }
    AddScreen #add-message { color: $text-muted; height: auto; width: 1fr; }
    AddScreen #add-message.-error { color: $text-error; }
    AddScreen #add-message.-ok { color: $text-success; }
    AddScreen Input.-invalid { border: tall $error; }
    AddScreen .add--hint { color: $text-muted; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = DIALOG_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG_KEYS)

    def __init__(self, list_name: str | None = None) -> None:
        super().__init__()
        self.list_name = list_name
        self.valid: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add a paper", classes="add--title")
            yield Input(placeholder="1706.03762 or https://arxiv.org/abs/…", id="add-input")
            yield Label(check("")[1], id="add-message")
            if self.list_name:
                yield Checkbox(f"also add it to {self.list_name}", value=True, id="add-to-list")
            yield Label("enter add · escape cancel", classes="add--hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.valid, text = check(event.value)
        message = self.query_one("#add-message", Label)
        message.update(text)
        bad = self.valid is None and bool(event.value.strip())
        message.set_class(bad, "-error")
        message.set_class(self.valid is not None, "-ok")
        event.input.set_class(bad, "-invalid")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.valid, text = check(event.value)
        if self.valid is None:
            message = self.query_one("#add-message", Label)
            message.update(text if event.value.strip() else "type an arXiv id or URL first")
            message.add_class("-error")
            return
        to_list = self.list_name if self.list_name and self.query_one(Checkbox).value else None
        self.dismiss((self.valid, to_list))

    def action_cancel(self) -> None:
        self.dismiss(None)
