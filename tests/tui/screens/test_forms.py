"""The small modal form: labelled inputs and check boxes, saved with enter, ctrl+s or the
button into a real library; an error from the save stays in the open form; escape cancels;
tab moves between fields even when the keys arrive in one burst right as the form opens; a
paste fills the first field with its first line."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.tui.screens.forms import Field, FormScreen
from paperdesk.tui.screens.keyflow import OrderedKeys

pytestmark = pytest.mark.anyio
ATTENTION = "1706.03762"
_NAMES = {" ": "space", ".": "full_stop", "-": "minus"}


def attempt_form(lib: Library) -> FormScreen:
    """The form that writes the attempt's goal, scope and compute spent."""

    def save(v: dict[str, Any]) -> None:
        rep.set_goal(lib, ATTENTION, v["goal"])
        rep.set_scope(lib, ATTENTION, v["scope"])
        rep.set_compute(lib, ATTENTION, spent=v["spent"] or None)
        if v["running"]:
            rep.set_status(lib, ATTENTION, "running")

    return FormScreen(
        "Attempt 1",
        [
            Field("goal", "goal", placeholder="reproduce Table 2"),
            Field("scope", "scope", "base model"),
            Field("spent", "compute spent"),
        ],
        save,
        flags={"running": ("running already", False)},
        hint="empty compute: unchanged",
    )


class Forms(App[None]):
    """Keeps what each form it opened was closed with."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.closed: list[bool | None] = []


class Host(Forms):
    """Opens the form at once."""

    def on_mount(self) -> None:
        self.push_screen(attempt_form(self.library), self.closed.append)


def burst(app: App[Any], keys: list[str]) -> None:
    """Keys as a fast typist delivers them: all queued before the first is handled."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(_NAMES.get(key, key), char))


def _attempt(lib: Library) -> Any:
    attempts = rep.record(lib, ATTENTION)["attempts"]
    return attempts[-1] if attempts else None


async def test_the_form_shows_its_fields_and_saves_with_enter(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert str(form.query_one(".form-title", Static).render()) == "Attempt 1"
        assert str(form.query_one(".form-hint", Static).render()) == "empty compute: unchanged"
        assert form.query_one("#field-goal", Input).placeholder == "reproduce Table 2"
        assert form.values() == {"goal": "", "scope": "base model", "spent": "", "running": False}
        assert form.focused is form.query_one("#field-goal", Input)  # the first field
        await pilot.press(*"BLEU", "enter")
        await pilot.pause()
        assert app.closed == [True] and app.screen is not form
    attempt = _attempt(lib)
    assert (attempt["goal"], attempt["scope"], attempt["compute_spent"]) == (
        "BLEU",
        "base model",
        None,
    )


async def test_tab_and_check_box_then_ctrl_s(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        await pilot.press(*"base BLEU", "tab")
        assert form.focused is form.query_one("#field-scope", Input)
        await pilot.press(*"1 GPU", "tab", *"12.5", "tab")
        assert form.focused is form.query_one("#flag-running", Checkbox)
        await pilot.press("space", "shift+tab")
        assert form.focused is form.query_one("#field-spent", Input)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.closed == [True]
    attempt = _attempt(lib)
    assert (attempt["goal"], attempt["scope"]) == ("base BLEU", "1 GPU")  # typed over the value
    assert attempt["compute_spent"] == 12.5
    assert rep.record(lib, ATTENTION)["status"] == "running"


async def test_an_error_stays_in_the_form_and_escape_changes_nothing(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", "tab", *"-3")
        await pilot.click("#form-save")
        await pilot.pause()
        assert app.screen is form and app.closed == []
        error = str(form.query_one("#form-error", Static).render())
        assert error.startswith("error: ") and "compute spent" in error
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed == [False]
    assert _attempt(lib)["compute_spent"] is None  # the goal and scope saved before the error
    assert rep.record(lib, ATTENTION)["status"] != "running"


async def test_the_cancel_button_closes_without_saving(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"never saved")
        app.screen.query_one("#form-cancel", Button).press()
        await pilot.pause()
        assert app.closed == [False]
    assert _attempt(lib) is None


class Opener(OrderedKeys, Screen[None]):
    """Opens the form on ``a``, as the replication screen does: the keys behind it arrive
    before the form's first input has focus."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Static("claims", id="spot")  # focused, as the claims table is

    def on_mount(self) -> None:
        self.query_one("#spot").can_focus = True
        self.query_one("#spot").focus()

    def action_open(self) -> None:
        app = self.app
        assert isinstance(app, Forms)
        app.push_screen(attempt_form(app.library), app.closed.append)


class LateHost(Forms):
    def on_mount(self) -> None:
        self.push_screen(Opener())


async def test_keys_typed_in_one_burst_with_the_opening_key_land_in_their_fields(
    lib: Library,
) -> None:
    app = LateHost(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, ["a", *"bleu-base", "tab", *"BLEU", "tab", *"3", "enter"])
        await pilot.pause()
        await pilot.pause()
        assert app.closed == [True]
    attempt = _attempt(lib)
    # the scope's prefilled value is all selected when the field gets focus: typed over
    assert (attempt["goal"], attempt["scope"], attempt["compute_spent"]) == (
        "bleu-base",
        "BLEU",
        3.0,
    )


async def test_a_paste_as_the_form_opens_fills_the_first_field(lib: Library) -> None:
    app = LateHost(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(app, ["a"])
        app.post_message(events.Paste("reproduce Table 2\nand more"))
        for _ in range(20):  # the form opens, then the paste is passed on: on a loaded machine
            await pilot.pause()  # that can take more than one idle wait
            form = app.screen
            if isinstance(form, FormScreen) and form.values()["goal"]:
                break
        assert isinstance(form, FormScreen)
        assert form.values()["goal"] == "reproduce Table 2"


async def test_editing_keys_in_a_burst_act_in_the_order_typed(lib: Library) -> None:
    """An input's own keys (backspace, end, home) are bindings, which Textual runs only once the
    key has bubbled up to the app: typed keys right behind them must not overtake them."""
    app = Host(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        burst(app, [*"bleux", "backspace", *"-base", "tab", "end", *" only", "tab"])
        await pilot.pause()
        await pilot.pause()
        assert form.values()["goal"] == "bleu-base"
        assert form.values()["scope"] == "base model only"  # end, then typed after the value
        burst(app, ["shift+tab", "home", *"the "])
        await pilot.pause()
        await pilot.pause()
        assert form.values()["scope"] == "the base model only"
