"""A small modal form (labelled inputs and check boxes) that survives fast typing and paste.

Three races lose or misplace typed keys in a Textual form, and all are handled here:

- ``tab`` is a *priority* binding. Otherwise the app forwards the keys typed after a tab to
  the input that still has focus while the tab is bubbling up to the binding that moves focus,
  so ``bleu-base<tab>BLEU`` typed quickly ends up as ``bleu-baseBLEU`` in the first field.
  While keys typed before the tab still wait in the form's queue, the move waits behind them.
- An input's editing keys (backspace, end, ...) are bindings, which Textual runs late: the
  form's inputs run them as they arrive (:class:`~paperdesk.tui.screens.keyflow.OrderedInput`).
- Keys typed right behind the key that opened the form reach it before its first input has
  focus (see :mod:`paperdesk.tui.screens.keyflow`, which also hands them up from the screen
  below): the form focuses its first input and types them there instead of dropping them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from paperdesk.errors import PaperdeskError
from paperdesk.tui.screens.keyflow import OrderedInput, OrderedKeys, type_into


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""


class FormScreen(OrderedKeys, ModalScreen[bool]):
    """The ``save`` callback gets the values ({field name: text, flag name: bool}); a
    :class:`PaperdeskError` from it is shown in the form (which stays open), success closes
    it with True."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 84; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $accent; background: $surface;
    }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen .form-row { height: 1; margin-bottom: 1; }
    FormScreen .form-label { width: 20; }
    FormScreen .form-row Input { width: 1fr; }
    FormScreen #form-error { color: $error; height: auto; }
    FormScreen .form-hint { color: $text-muted; height: auto; }
    FormScreen .form-buttons { height: auto; margin-top: 1; }
    FormScreen .form-buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("tab", "step(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "step(-1)", "Previous field", show=False, priority=True),
    ]

    class Step(Message):
        """Move ``by`` fields, after the keys queued before it."""

        def __init__(self, by: int) -> None:
            super().__init__()
            self.by = by

    def __init__(
        self,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, Any]], None],
        *,
        flags: dict[str, tuple[str, bool]] | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.flags = flags or {}
        self.save = save
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="form-title", markup=False)
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(f.label, classes="form-label", markup=False)
                    yield OrderedInput(
                        f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True
                    )
            for name, (label, value) in self.flags.items():
                yield Checkbox(label, value, id=f"flag-{name}", compact=True)
            if self.hint:
                yield Static(self.hint, classes="form-hint", markup=False)
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="form-save", compact=True)
                yield Button("Cancel  esc", id="form-cancel", compact=True)

    def on_mount(self) -> None:
        if self.fields:
            self.set_focus(self.query_one(f"#field-{self.fields[0].name}", Input))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields
        }
        out.update({name: self.query_one(f"#flag-{name}", Checkbox).value for name in self.flags})
        return out

    # -- keys that arrived before an input had focus -----------------------------------------

    def _first_input(self) -> Input | None:
        """Focus the first input when nothing has focus yet (keys arrived before it had)."""
        if self.focused is None and self.fields:
            self.set_focus(self.query_one(f"#field-{self.fields[0].name}", Input))
        return self.focused if isinstance(self.focused, Input) else None

    def on_key(self, event: events.Key) -> None:  # type: ignore[override]
        # then OrderedKeys.on_key types a printable key into the input that has focus
        self._first_input()

    def action_step(self, by: int) -> None:
        """Tab: a priority binding, so it runs before the keys typed after it are sent on (the
        ones before it are already on their way to the input that has focus). While no input
        has focus yet (the form is opening), keys wait in this screen's queue: the move waits
        behind them there."""
        if self.focused is None:
            self.post_message(self.Step(by))
            return
        self._step(by)

    def _step(self, by: int) -> None:
        if self._first_input() is not None or self.focused is not None:
            self.focus_next() if by > 0 else self.focus_previous()

    def on_form_screen_step(self, message: Step) -> None:
        self._step(message.by)

    def on_paste(self, event: events.Paste) -> None:
        if (target := self._first_input()) is not None and event.text:
            event.stop()
            type_into(target, event.text.splitlines()[0])

    # -- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            self.save(self.values())
        except PaperdeskError as exc:
            self.query_one("#form-error", Static).update(f"error: {exc}")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
