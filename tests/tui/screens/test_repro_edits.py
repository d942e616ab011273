"""The replication screen's edits (the forms behind e, a, r, n, A, d and u), read back from the
library: a claim added with its label made from metric and setting, then edited; a run
recorded and its result set; a new attempt shown at once; an earlier attempt takes results
but refuses the other edits with what to press; bad versions stay in the form.

The screen runs in the small host app of ``test_replication.py``; notifications are read from
the host's ``notify`` (what the toast says), never from Textual's internals.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Static

from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.tui.screens.forms import FormScreen
from paperdesk.tui.screens.replication import ReplicationScreen
from paperdesk.tui.screens.repro_edits import kv_text
from tests.tui.screens.test_replication import Host, burst, ready

pytestmark = pytest.mark.anyio
ATTENTION, BAHDANAU = "1706.03762", "1409.0473"  # seeded claims; none


class Noted(Host):
    """The host, keeping what each notification said."""

    def __init__(self, library: Library, key: str) -> None:
        super().__init__(library, key)
        self.notes: list[str] = []

    def notify(self, message: str, **kw: Any) -> None:  # type: ignore[override]
        self.notes.append(message)
        super().notify(message, **kw)


async def _screen(pilot: Any) -> ReplicationScreen:
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReplicationScreen)
    return screen


async def _form(pilot: Any, *keys: str) -> FormScreen:
    await pilot.press(*keys)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen), form
    return form


def _set(form: FormScreen, name: str, value: str) -> None:
    form.query_one(f"#field-{name}", Input).value = value


def _claims(lib: Library, ref: str) -> dict[str, Any]:
    return {c["label"]: c for c in rep.record(lib, ref)["claims"]}


def test_kv_text_is_what_the_versions_field_reads_back() -> None:
    assert kv_text({"python": "3.11", "torch": "2.3"}) == "python=3.11; torch=2.3"
    assert kv_text({}) == ""


async def test_without_claims_e_and_r_say_how_to_add_one(lib: Library) -> None:
    app = Noted(lib, BAHDANAU)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        for key in ("e", "r"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
            assert app.notes[-1] == "No claim selected: press a to add one."
    assert rep.record(lib, BAHDANAU)["attempts"] == []


async def test_a_claim_added_then_edited(lib: Library) -> None:
    app = Noted(lib, BAHDANAU)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        form = await _form(pilot, "a")
        assert form.values()["label"] == "" and form.values()["lower"] is False
        _set(form, "metric", "BLEU")
        _set(form, "setting", "WMT14 en-fr")
        _set(form, "value", "26.75")
        _set(form, "source", "Table 1")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.screen is screen and screen.selected_label() == "bleu-wmt14-en-fr"

        form = await _form(pilot, "e")  # prefilled with what was saved
        values = form.values()
        assert (values["label"], values["metric"], values["value"]) == (
            "bleu-wmt14-en-fr",
            "BLEU",
            "26.75",
        )
        assert (values["tolerance"], values["source"], values["lower"]) == ("", "Table 1", False)
        _set(form, "label", "bleu-fr")
        _set(form, "tolerance", "0.5")
        form.query_one("#flag-lower", Checkbox).value = True
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.screen is screen
    (claim,) = _claims(lib, BAHDANAU).values()
    assert (claim["label"], claim["metric"], claim["setting"]) == ("bleu-fr", "BLEU", "WMT14 en-fr")
    assert (claim["value"], claim["tolerance"], claim["higher_is_better"]) == (26.75, 0.5, False)


async def test_a_run_recorded_then_its_result_set(lib: Library) -> None:
    app = Noted(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        burst(app, ["n", *"python train.py", "tab", *"a1b2c3d", "tab", *"big model", "enter"])
        await ready(pilot)
        assert app.screen is screen
        run = rep.record(lib, ATTENTION)["attempts"][-1]["runs"][-1]
        form = await _form(pilot, "r")  # into that run, not a new one
        title = str(form.query_one(".form-title", Static).render())
        assert title == f"Result for bleu-en-de · attempt 1, run {run['id']} (empty clears)"
        await pilot.press(*"28.1", "enter")
        await ready(pilot)
        form = await _form(pilot, "r")  # shows the result; empty clears it
        assert form.values()["value"] == "28.1"
        await pilot.press("backspace", "enter")
        await ready(pilot)
    (run,) = rep.record(lib, ATTENTION)["attempts"][-1]["runs"]
    assert (run["command"], run["commit"], run["notes"]) == (
        "python train.py",
        "a1b2c3d",
        "big model",
    )
    assert run["results"] == {}


async def test_a_new_attempt_is_shown_at_once(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})
    rep.new_attempt(lib, ATTENTION)
    app = Noted(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        await pilot.press("left_square_bracket")  # attempt 1 of 2 shown
        await pilot.pause()
        assert "attempt 1 of 2" in str(screen.query_one("#repro-facts", Static).render())
        form = await _form(pilot, "A")
        assert str(form.query_one(".form-title", Static).render()).startswith("Start attempt 3")
        await pilot.press(*"more steps", "tab", *"base only", "enter")
        await ready(pilot)
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert "attempt 3 of 3" in facts and "goal more steps" in facts
    a = rep.record(lib, ATTENTION)["attempts"][-1]
    assert (a["number"], a["goal"], a["scope"]) == (3, "more steps", "base only")


async def test_an_earlier_attempt_takes_results_but_refuses_other_edits(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 27.0})
    rep.new_attempt(lib, ATTENTION)
    before = rep.record(lib, ATTENTION)
    app = Noted(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        for key, what in (
            ("n", "a new run"),
            ("d", "a change of details"),
            ("u", "the repository"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            assert app.notes[-1] == (
                f"Attempt 1 is an earlier attempt; {what} goes to the current attempt 2: "
                "press ] to show it."
            )
        assert rep.record(lib, ATTENTION) == before
        await _form(pilot, "r")  # results do go to an earlier attempt's run
        await pilot.press(*"27.4", "enter")
        await ready(pilot)
    first, second = rep.record(lib, ATTENTION)["attempts"]
    assert first["runs"][-1]["results"] == {"bleu-en-de": 27.4} and second["runs"] == []


async def test_bad_versions_stay_in_the_details_form(lib: Library) -> None:
    app = Noted(lib, ATTENTION)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _screen(pilot)
        form = await _form(pilot, "d")
        assert form.query_one("#field-env_kv", Input).placeholder == "python=3.11; torch=2.3"
        _set(form, "goal", "base BLEU")
        _set(form, "env_kv", "python=3.11; torch")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "environment entry 'torch' must look like LABEL=VALUE" in error
        assert rep.record(lib, ATTENTION)["attempts"] == []  # checked before anything is written
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
