"""``?``: the key map of every screen (the same tuples the bindings, the command palette and
the README table are built from)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from paperdesk.tui.keys import HELP_SCREEN_KEYS, HELP_SECTIONS, Key, bindings

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
        table.add_row(k.keys or "ctrl+p", k.help)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        scrollbar-size-vertical: 1;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen Static { margin-bottom: 1; }
    HelpScreen .help--hint { color: $text-muted; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = HELP_SCREEN_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(HELP_SCREEN_KEYS)

    def compose(self) -> ComposeResult:
        from paperdesk.tui.commands import PALETTE_JOBS

        with VerticalScroll():
            for title, keys in HELP_SECTIONS:
                yield Static(key_table(title, keys))
            yield Static(key_table("Command palette only", PALETTE_JOBS[:-1]))
            yield Label(MARKERS, classes="help--hint")
            yield Label("escape closes this help", classes="help--hint")

    def action_close(self) -> None:
        self.dismiss(None)
