"""Small modal choosers: a reading / replication state, a paper's tags."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from paperdesk.states import TRACKS

STATE_HELP = {
    "unread": "not started",
    "queued": "next up",
    "reading": "in progress",
    "read": "done",
    "skimmed": "looked through",
    "dropped": "not worth it",
    "none": "no replication",
    "planned": "want to reproduce",
    "running": "under way",
    "reproduced": "claims met",
    "partial": "some claims met",
    "failed": "claims not met",
    "abandoned": "stopped",
}


class StatePicker(ModalScreen[str | None]):
    """Pick one state of ``track``; the current one is highlighted. Digits pick directly."""

    DEFAULT_CSS = """
    StatePicker { align: center middle; }
    StatePicker > Vertical {
        width: 48; height: auto; max-height: 90%; border: thick $primary;
        background: $surface; padding: 0 1;
    }
    StatePicker .picker--title { text-style: bold; width: 1fr; text-wrap: nowrap;
                                 text-overflow: ellipsis; }
    StatePicker OptionList, StatePicker OptionList:focus {
        height: auto; max-height: 12; border: none; padding: 0;
    }
    StatePicker .picker--hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 8)),
    ]

    def __init__(self, track: str, current: str, title: str) -> None:
        super().__init__()
        self.track, self.current, self.paper_title = track, current, title
        self.states = TRACKS[track]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.track.capitalize()} state", classes="picker--title")
            yield Label(self.paper_title, classes="picker--hint")
            yield OptionList(
                *(
                    Option(
                        f"{n}  {s:<11}{STATE_HELP.get(s, ''):<18}"
                        + ("●" if s == self.current else ""),
                        id=s,
                    )
                    for n, s in enumerate(self.states, start=1)
                )
            )
            yield Label("enter choose · 1-7 · escape cancel", classes="picker--hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.states:
            options.highlighted = self.states.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.states):
            self.dismiss(self.states[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsScreen(ModalScreen[tuple[list[str], list[str]] | None]):
    """Edit tags as text: ``nlp survey``; the result is (added, removed)."""

    DEFAULT_CSS = """
    TagsScreen { align: center middle; }
    TagsScreen > Vertical {
        width: 60; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    TagsScreen .picker--hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, key: str, tags: list[str]) -> None:
        super().__init__()
        self.key, self.tags = key, tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Tags of {self.key}", classes="picker--title")
            yield Input(" ".join(self.tags), placeholder="tags, separated by spaces")
            yield Label("enter save · escape cancel", classes="picker--hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        new = [t.strip().lstrip("#").lower() for t in event.value.replace(",", " ").split()]
        new = list(dict.fromkeys(t for t in new if t))
        self.dismiss(
            ([t for t in new if t not in self.tags], [t for t in self.tags if t not in new])
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
