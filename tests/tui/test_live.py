"""Live data: writes by another process show in the open app (table, detail pane, open dialogs,
the note editor) within two seconds, without moving the cursor or touching unsaved typing."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from paperdesk.library import Library
from paperdesk.services.notes import get_note, save_note
from paperdesk.tui.screens.note import NoteScreen
from paperdesk.tui.screens.pickers import StatePicker
from tests.conftest import seed
from tests.tui.conftest import key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio
SQUAD = "1606.05250"


def paperdesk(*args: str) -> None:
    """The real CLI in another process, on the same PAPERDESK_HOME."""
    proc = subprocess.run(
        [sys.executable, "-m", "paperdesk", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


async def within(pilot: Any, seconds: float, ok: Callable[[], bool]) -> float:
    """Wait (without sleeping the UI) until ``ok()``; return how long it took."""
    start = time.monotonic()
    while not ok():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not seen within {seconds} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_a_mark_from_another_process_shows_within_two_seconds(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.main.table
        squad = key_of(lib, SQUAD)
        assert table.move_to(squad)
        await settle(pilot)
        cursor = table.cursor
        assert table.current.reading == "unread"
        await asyncio.to_thread(paperdesk, "mark", SQUAD, "skimmed")
        await within(pilot, 2.0, lambda: table.current.reading == "skimmed")
        await settle(pilot)
        assert table.cursor == cursor and table.current_key == squad  # the cursor stayed
        detail = app.main.detail_pane.detail
        assert detail is not None and detail.reading == "skimmed"
        assert "reading: skimmed" in screen_text(app)


async def test_an_open_state_dialog_follows_a_change_made_elsewhere(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(lib, SQUAD))
        await settle(pilot)
        await pilot.press("r")
        picker = app.screen
        assert isinstance(picker, StatePicker) and picker.current == "unread"
        await asyncio.to_thread(paperdesk, "mark", SQUAD, "queued")
        await within(pilot, 2.0, lambda: picker.current == "queued")
        assert "queued" in screen_text(app) and "next up" in screen_text(app)
        prompt = str(picker.query_one("OptionList").get_option("queued").prompt)
        assert prompt.endswith("●")


async def test_the_note_editor_shows_a_note_saved_elsewhere_but_keeps_typing(
    lib: Library,
) -> None:
    key = key_of(lib, SQUAD)
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key)
        await pilot.press("n")
        await settle(pilot)
        note = app.screen
        assert isinstance(note, NoteScreen) and note.loaded
        # nothing typed here: the other window's text appears
        await asyncio.to_thread(save_note, lib, SQUAD, "from the other window\n")
        await within(pilot, 2.0, lambda: note.area.text == "from the other window\n")
        # typing here, not saved yet: a change elsewhere does not replace it
        await pilot.press("m", "i", "n", "e")
        typed = note.area.text
        other = get_note(lib, SQUAD)
        await asyncio.to_thread(
            save_note, lib, SQUAD, "again elsewhere\n", base_revision=other.revision
        )
        await settle(pilot)  # the autosave merges: both texts are kept
        body = get_note(lib, SQUAD).body
        assert "again elsewhere" in body and "mine" in body
        assert "mine" in note.area.text and typed.endswith("mine")


async def test_a_colleague_on_the_same_database_shows_too(any_lib: Library) -> None:
    """SQLite and (when PAPERDESK_TEST_POSTGRES_URL is set) PostgreSQL: a second library, as a
    colleague's paperdesk would open it, writes; the open app follows."""
    from paperdesk.services.papers import mark

    colleague = Library.open(any_lib.settings)
    try:
        app = make_app(any_lib.settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table = app.main.table
            assert table.move_to(key_of(any_lib, SQUAD))
            await settle(pilot)
            await asyncio.to_thread(mark, colleague, SQUAD, "read")
            await within(pilot, 2.0, lambda: table.current.reading == "read")
            assert app.main.lists_panel.sidebar.total == seed().papers
    finally:
        colleague.close()
