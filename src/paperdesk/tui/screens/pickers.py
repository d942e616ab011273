"""Small modal choosers: a reading / replication state, a paper's tags."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from paperdesk.states import TRACKS
from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import DIALOG_KEYS, PICKER_KEYS, Key, bindings
from paperdesk.tui.screens.typeahead import TypeAhead

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

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


class StatePicker(WorkerFailures, ModalScreen[str | None]):
    """Pick one state of ``track``; the current one is highlighted and marked. Digits pick
    directly. A change made meanwhile (another process) moves the mark."""

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
    KEYS: ClassVar[tuple[Key, ...]] = PICKER_KEYS
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(PICKER_KEYS),
        *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)),
    ]

    current: reactive[str] = reactive("", init=False)

    app: PaperdeskApp

    def __init__(self, track: str, key: str, current: str, title: str) -> None:
        super().__init__()
        self.track, self.key, self.paper_title = track, key, title
        self.states = TRACKS[track]
        self.set_reactive(StatePicker.current, current)

    def _prompt(self, n: int, state: str) -> str:
        mark = "●" if state == self.current else ""
        return f"{n}  {state:<11}{STATE_HELP.get(state, ''):<18}{mark}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.track.capitalize()} state", classes="picker--title")
            yield Label(self.paper_title, classes="picker--hint")
            yield OptionList(
                *(Option(self._prompt(n, s), id=s) for n, s in enumerate(self.states, start=1))
            )
            yield Label(
                f"enter choose · 1-{len(self.states)} · escape cancel", classes="picker--hint"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.states:
            options.highlighted = self.states.index(self.current)
        options.focus()
        self.watch(self.app, "change", lambda _: self.reread(), init=False)  # type: ignore[arg-type]

    def watch_current(self) -> None:
        options = self.query_one(OptionList)
        for n, state in enumerate(self.states, start=1):
            options.replace_option_prompt(state, self._prompt(n, state))

    @work(exclusive=True, group="reread", exit_on_error=False, description="reading the paper")
    async def reread(self) -> None:
        from paperdesk.services.papers import paper_detail

        detail = await asyncio.to_thread(paper_detail, self.app.library, self.key)
        self.current = detail.reading if self.track == "reading" else detail.replication

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.states):
            self.dismiss(self.states[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsScreen(TypeAhead, ModalScreen[tuple[list[str], list[str]] | None]):
    """Edit tags as text: ``nlp survey`` (or ``nlp, survey``): spaces and commas separate tags,
    as the shell splits ``paperdesk tag ID nlp survey``; the result is (added, removed). Each tag
    must pass the CLI's rule (at most 50 characters): a bad one keeps the dialog open, text
    kept."""

    DEFAULT_CSS = """
    TagsScreen { align: center middle; }
    TagsScreen > Vertical {
        width: 60; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    TagsScreen .picker--hint { color: $text-muted; }
    TagsScreen #tags-error { color: $error; height: auto; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = DIALOG_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG_KEYS)

    def __init__(self, key: str, tags: list[str]) -> None:
        super().__init__()
        self.key, self.tags = key, tags

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Tags of {self.key}", classes="picker--title")
            yield Input(" ".join(self.tags), placeholder="tags, separated by spaces or commas")
            yield Static("", id="tags-error", markup=False)
            yield Label("enter save · escape cancel", classes="picker--hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from paperdesk.errors import PaperdeskError
        from paperdesk.storage.repository import check_tag

        event.stop()
        text = event.value
        parts = re.split(r"[\s,]+", text)
        try:
            new = [check_tag(t.lstrip("#")) for t in parts if t.lstrip("#")]
        except PaperdeskError as exc:
            self.query_one("#tags-error", Static).update(f"error: {exc}")
            return
        new = list(dict.fromkeys(new))
        self.dismiss(
            ([t for t in new if t not in self.tags], [t for t in self.tags if t not in new])
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
