"""The replication screen: edit a claim and a result with the keyboard, read them back from the
database. A minimal host app stands in for the real TUI (which binds ``p`` to this screen).
No async test plugin is needed: each test drives its scenario with asyncio.run."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Select, Static

from paperdesk.library import Library
from paperdesk.services import replication as rep
from paperdesk.tui.screens.replication import FormScreen, ReplicationScreen

ATTENTION = "1706.03762"


class Host(App[None]):
    def __init__(self, library: Library, key: str) -> None:
        super().__init__()
        self.library = library
        self.key = key
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(ReplicationScreen(self.key), self.screen_closed)

    def screen_closed(self, _: None) -> None:
        self.closed = True


async def _type(pilot, text: str) -> None:
    await pilot.press("home", "ctrl+k", *text)


def _row(table: DataTable, label: str) -> list[str]:
    return [str(cell) for cell in table.get_row(label)]


def test_edit_a_claim_and_a_result(lib: Library) -> None:
    asyncio.run(_edit_a_claim_and_a_result(lib))


async def _edit_a_claim_and_a_result(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplicationScreen)
        table = screen.query_one("#repro-claims", DataTable)
        assert table.row_count == 2 and screen.selected_label() == "bleu-en-de"
        assert _row(table, "bleu-en-de")[8] == "unmeasured"

        # edit the claim: tolerance 0.2, then save with Enter
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-tolerance", Input).focus()
        await _type(pilot, "0.2")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen

        # move to the second claim and give it a result
        await pilot.press("down", "r")
        assert isinstance(app.screen, FormScreen)
        await _type(pilot, "41.5")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        fr = _row(table, "bleu-en-fr")
        assert fr[4] == "41.5" and fr[5] == "−0.3" and fr[8] == "within"
        assert screen.selected_label() == "bleu-en-fr"

        # a result for the first claim, outside its new tolerance
        await pilot.press("up", "r")
        await _type(pilot, "28.1")
        await pilot.press("enter")
        await pilot.pause()
        de = _row(table, "bleu-en-de")
        assert de[4] == "28.1" and de[7] == "0.2" and de[8] == "outside"

    rec = rep.record(lib, ATTENTION)
    claims = {c["label"]: c for c in rec["claims"]}
    assert claims["bleu-en-de"]["tolerance"] == 0.2
    assert claims["bleu-en-de"]["obtained"] == 28.1
    assert claims["bleu-en-fr"]["obtained"] == 41.5
    runs = rec["attempts"][0]["runs"]
    assert len(runs) == 1 and runs[0]["notes"] == "entered by hand"
    assert runs[0]["results"] == {"bleu-en-fr": 41.5, "bleu-en-de": 28.1}
    assert rec["status"] == "running"


def test_bad_input_stays_in_the_form(lib: Library) -> None:
    asyncio.run(_bad_input_stays_in_the_form(lib))


def test_opening_the_screen_changes_nothing(lib: Library) -> None:
    asyncio.run(_opening_the_screen_changes_nothing(lib))


async def _opening_the_screen_changes_nothing(lib: Library) -> None:
    rep.set_status(lib, ATTENTION, "running")
    rep.set_repo(lib, ATTENTION, "https://example.org/[t2t]", "a1b2c3d")
    before = rep.record(lib, ATTENTION)
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#repro-status", Select).value == "running"
        facts = str(screen.query_one("#repro-facts", Static).render())
        assert "https://example.org/[t2t] @ a1b2c3d" in facts
    assert rep.record(lib, ATTENTION) == before


async def _bad_input_stays_in_the_form(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.screen
        await pilot.press("r")
        form = app.screen
        await _type(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "result for bleu-en-de must be a number, not 'lots'" in error
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    assert rep.record(lib, ATTENTION)["attempts"] == []


def test_status_log_and_new_claim(lib: Library) -> None:
    asyncio.run(_status_log_and_new_claim(lib))


async def _status_log_and_new_claim(lib: Library) -> None:
    app = Host(lib, ATTENTION)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.screen
        screen.query_one("#repro-status", Select).value = "planned"
        await pilot.pause()
        await pilot.press("l", *"OOM b64", "enter")
        await pilot.pause()
        log = str(screen.query_one("#repro-log-text", Static).render())
        assert "OOM b64" in log
        await pilot.press("escape")  # leaves the log input, not the screen
        assert app.screen is screen and not app.closed
        assert screen.focused is screen.query_one("#repro-claims", DataTable)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-metric", Input).focus()
        await _type(pilot, "PPL")
        form.query_one("#field-value", Input).focus()
        await _type(pilot, "4.33")
        form.query_one("#field-label", Input).focus()
        await _type(pilot, "ppl")
        form.query_one("#flag-lower").focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#repro-claims", DataTable).row_count == 3
        await pilot.press("escape")  # back to the caller, which is told
        await pilot.pause()
        assert app.closed and app.screen is not screen

    rec = rep.record(lib, ATTENTION)
    assert rec["status"] == "planned"
    assert rec["attempts"][0]["log"][0]["text"] == "OOM b64"
    ppl = next(c for c in rec["claims"] if c["label"] == "ppl")
    assert ppl["value"] == pytest.approx(4.33) and ppl["higher_is_better"] is False
