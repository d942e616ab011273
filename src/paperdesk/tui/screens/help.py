"""``?``: the key map (the same list the command palette and the README use)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from paperdesk.tui.keys import MAIN_KEYS, NOTE_KEYS, SEARCH_KEYS, Key

MARKERS = "Markers in the PTI column: P PDF fetched · T text parsed · I indexed · ↑ newer version"


def key_table(title: str, keys: tuple[Key, ...]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        show_header=False,
        padding=(0, 2, 0, 0),
        expand=True,
    )
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column(ratio=1)
    for k in keys:
        table.add_row(k.keys, k.help)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen Static { margin-bottom: 1; }
    HelpScreen .help--hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(key_table("Papers", MAIN_KEYS))
            yield Static(key_table("Note editor", NOTE_KEYS))
            yield Static(key_table("Search", SEARCH_KEYS))
            yield Label(MARKERS, classes="help--hint")
            yield Label("escape closes this help", classes="help--hint")

    def action_close(self) -> None:
        self.dismiss(None)
