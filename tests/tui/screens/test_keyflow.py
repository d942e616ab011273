"""Keys typed in one burst on a screen with :class:`OrderedKeys` run in the order typed: the
cursor moves before the key that reads it, keys behind one that focuses an input are typed
into it (not run as the screen's keys), and keys (and a paste) behind one that opens a dialog
go to the dialog (which types those that arrive before its input has focus). A binding that
focuses an input does so at once (``set_focus``), as the replication screen's do.
``type_into`` types over a selection; ``bindings_of`` is a node's own; an ``OrderedInput`` runs
its editing keys in the order typed."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Input

from paperdesk.tui.screens.keyflow import (
    OrderedInput,
    OrderedKeys,
    bindings_of,
    posted_to_top,
    type_into,
)
from paperdesk.tui.screens.typeahead import TypeAhead
from paperdesk.tui.widgets.claims_table import RowsTable

pytestmark = pytest.mark.anyio
_NAMES = {" ": "space", "/": "slash"}


class Dialog(TypeAhead, ModalScreen[str]):
    """As the app's dialogs: it types the keys that arrive before its input has focus."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        yield Input(id="dialog-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_close(self) -> None:
        self.dismiss(self.query_one(Input).value)


class Rows(OrderedKeys, Screen[None]):
    """A table; ``r`` reads the row under the cursor, ``l`` focuses the log input, ``q``
    quotes, ``a`` opens a dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "read_row", "Read"),
        Binding("l", "focus_log", "Log"),
        Binding("q", "quote", "Quote"),
        Binding("a", "open", "Open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.read: list[str | None] = []
        self.quoted = 0
        self.dialog: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield RowsTable(id="rows")
        yield OrderedInput(id="log")

    def on_mount(self) -> None:
        table = self.query_one(RowsTable)
        table.refill(("row",), [(f"r{n}", [f"row {n}"]) for n in range(5)])
        table.focus()

    def action_read_row(self) -> None:
        self.read.append(self.query_one(RowsTable).selected_key())

    def action_focus_log(self) -> None:
        self.set_focus(self.query_one("#log", Input))  # at once: the next key finds it

    def action_quote(self) -> None:
        self.quoted += 1

    def action_open(self) -> None:
        self.app.push_screen(Dialog(), self.dialog.append)


class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Rows())


def burst(app: App[Any], text: str | list[str]) -> None:
    """Keys as a fast typist (or tmux send-keys) delivers them: all queued at once."""
    for key in text:
        app.post_message(events.Key(_NAMES.get(key, key), key if len(key) == 1 else None))


async def _rows(pilot: Any) -> Rows:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, Rows)
    return screen


async def test_the_cursor_moves_before_the_key_that_reads_it() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        burst(app, "jjrkr")
        await pilot.pause()
        assert rows.read == ["r2", "r1"]


async def test_keys_behind_the_one_that_focuses_an_input_are_typed_there() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        burst(app, "lquote me")
        await pilot.pause()
        assert rows.query_one("#log", Input).value == "quote me"
        assert rows.quoted == 0 and rows.read == []  # not run as the screen's q and r
        assert rows.focused is rows.query_one("#log", Input)


async def test_editing_keys_behind_the_one_that_focuses_an_input_run_there_in_order() -> None:
    """Typed at once, the text is not selected by the focus that arrives after it (the next
    key replaced it), and a backspace in the burst deletes what was typed before it."""
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        burst(app, ["l", *"oomx", "backspace", *" at b64", "home", *"an "])
        await pilot.pause()
        await pilot.pause()
        log = rows.query_one("#log", Input)
        assert log.value == "an oom at b64" and log.selection.is_empty
        await pilot.press("end", "!")
        assert log.value == "an oom at b64!"


async def test_keys_and_a_paste_behind_the_one_that_opens_a_dialog_go_to_it() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        burst(app, "ajr")
        app.post_message(events.Paste("q pasted"))
        burst(app, ["escape"])
        await pilot.pause()
        await pilot.pause()
        assert rows.dialog == ["jrq pasted"]
        assert rows.read == [] and rows.quoted == 0
        assert rows.query_one(RowsTable).selected_key() == "r0"  # j did not move the table
        assert app.screen is rows


async def test_posted_to_top_only_for_a_screen_below() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        key = events.Key("x", "x")
        assert posted_to_top(rows, key) is False
        await app.push_screen(Dialog())
        await pilot.pause()
        assert posted_to_top(rows, events.Key("z", "z")) is True
        await pilot.pause()
        assert app.screen.query_one("#dialog-input", Input).value == "z"


async def test_type_into_types_over_a_selection() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        log = rows.query_one("#log", Input)
        log.value = "prefilled"
        log.focus()
        await pilot.pause()
        log.select_all()
        type_into(log, "new")
        await pilot.pause()
        assert log.value == "new"
        type_into(log, " text\nsecond line")  # nothing selected: at the cursor; one line
        await pilot.pause()
        assert log.value == "new text"


async def test_bindings_of_is_the_nodes_own() -> None:
    app = Host()
    async with app.run_test(size=(60, 16)) as pilot:
        rows = await _rows(pilot)
        assert [b.action for b in bindings_of(rows, "r")] == ["read_row"]
        assert bindings_of(rows, "j") == []  # the table's, not the screen's
        assert [b.action for b in bindings_of(rows.query_one(RowsTable), "j")] == ["cursor_down"]


class Typing(App[None]):
    def compose(self) -> ComposeResult:
        yield OrderedInput("base model", id="ordered")


async def test_an_ordered_input_runs_its_editing_keys_in_the_order_typed() -> None:
    app = Typing()
    async with app.run_test(size=(60, 8)) as pilot:
        field = app.query_one(OrderedInput)
        field.focus()
        await pilot.pause()
        burst(app, ["end", *" onlyx", "backspace", "home", *"the "])
        await pilot.pause()
        await pilot.pause()
        assert field.value == "the base model only"
