"""The command palette lists every action of the screen it opens on (with its key, escaped),
the app's own and the jobs without a key (parse, index, sync, export), and runs them."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.command import CommandPalette

from paperdesk.library import Library
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.commands import PALETTE_JOBS
from paperdesk.tui.keys import MAIN_KEYS, NOTE_KEYS, markdown_table, palette_title
from paperdesk.tui.screens.add import AddScreen
from paperdesk.tui.screens.export import ExportScreen
from paperdesk.tui.screens.help import HelpScreen
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.note import NoteScreen
from tests.tui.conftest import key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio


def titles(app: Any) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def run_from_palette(pilot: Any, words: str) -> None:
    """Open the palette, type ``words`` (keys Pilot can type: no "·"), run the first match."""
    await pilot.pause(KEY_GUARD + 0.1)  # keys right behind a closing dialog are dropped
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*words)
    await settle(pilot)
    await palette_ready(pilot, words)
    from textual.command import CommandList

    if pilot.app.screen.query_one(CommandList).highlighted is None:
        await pilot.press("down")  # highlight the best hit, as a person would see it first
    await pilot.press("enter")
    deadline = time.monotonic() + 10
    while isinstance(pilot.app.screen, CommandPalette) and time.monotonic() < deadline:
        await pilot.pause(0.05)  # the palette closes, then runs the command after a refresh
    await settle(pilot)


async def close_dialog(pilot: Any) -> None:
    """Escape from a dialog the palette opened: keys right behind a closing dialog (the
    palette) are dropped by design, so wait that long first, as a person would."""
    await pilot.pause(KEY_GUARD + 0.1)
    await pilot.press("escape")
    await settle(pilot)


async def palette_ready(pilot: Any, words: str, timeout: float = 10.0) -> None:
    """Wait until the palette shows the typed words and its search has finished with hits (it
    gathers hits in a worker: a loaded machine takes longer than any fixed pause)."""
    from textual.command import CommandInput, CommandList

    palette = pilot.app.screen
    deadline = time.monotonic() + timeout
    steady = 0
    while time.monotonic() < deadline:
        typed = palette.query_one(CommandInput).value
        hits = palette.query_one(CommandList)
        busy = any(not w.is_finished for w in palette.workers)
        steady = steady + 1 if typed == words and not busy and hits.option_count else 0
        if steady >= 6:  # the same for 0.3 s: the last keystroke's search has run
            return
        await pilot.pause(0.05)
    typed = palette.query_one(CommandInput).value
    raise AssertionError(f"the palette did not find {words!r} within {timeout} s (typed {typed!r})")


def test_every_main_action_and_job_is_an_entry(lib: Library) -> None:
    app = make_app(lib.settings)
    names = titles_of_main(app)
    for key in MAIN_KEYS:
        if key.action:
            assert palette_title(key) in names, key
    for key in PALETTE_JOBS:  # "Export" is there once, with its key on the main screen
        assert any(name.startswith(key.title) for name in names), key
    assert "Cancel jobs  ·  x" in names and "Cancel jobs" not in names
    assert "Theme" in names and "Quit" in names


def titles_of_main(app: Any) -> list[str]:
    return [c.title for c in app.get_system_commands(MainScreen())]


async def test_palette_searches_and_runs_entries(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        await settle(pilot)
        # keys that are markup characters ("/" and "?") are shown literally
        await pilot.press(*"search")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Search  ·  /" in screen_text(app)
        await close_dialog(pilot)

        # index: a job, shown in the table's markers when done
        assert not any(r.indexed for r in app.main.table.rows)
        await run_from_palette(pilot, "index for")
        assert any("index is up to date" in n.message for n in app.notices)
        assert all(r.indexed for r in app.main.table.rows)
        assert "··I" in screen_text(app)

        await run_from_palette(pilot, "help")
        assert isinstance(app.screen, HelpScreen)
        await close_dialog(pilot)

        await run_from_palette(pilot, "add  a")
        assert isinstance(app.screen, AddScreen)
        await close_dialog(pilot)

        await run_from_palette(pilot, "export  e")
        assert isinstance(app.screen, ExportScreen)
        await close_dialog(pilot)

        assert app.main.table.move_to(key_of(lib, "1706.03762"))
        await run_from_palette(pilot, "read  r")  # the reading-state picker
        assert type(app.screen).__name__ == "StatePicker"
        await close_dialog(pilot)


async def test_the_palette_on_the_note_editor_lists_its_keys(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        names = titles(app)
        assert palette_title(NOTE_KEYS[1]) in names  # Save · ctrl+s
        assert "Index for search" in names and "Sync" in names
        assert palette_title(MAIN_KEYS[2]) not in names  # the main screen's keys stay there
        assert "Cancel jobs" in names  # x cancels on the main screen only: not named here
        await run_from_palette(pilot, "back")
        assert isinstance(app.screen, MainScreen)


async def test_sync_without_a_network_says_so(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    from paperdesk.config import load_settings

    app = make_app(load_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_from_palette(pilot, "sync")
        await settle(pilot, timeout=60)
        messages = [n.message for n in app.notices]
        assert any("Parse all papers" in m for m in messages), messages


async def test_every_action_is_in_the_command_palette(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for key in MAIN_KEYS:
            if key.action and key.action not in ("quit", "help"):
                assert any(t.startswith(key.title) for t in titles), key
        assert any(t.startswith("Index for search") for t in titles)
        assert "`r` | Set the reading state" in markdown_table()
