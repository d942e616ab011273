"""The note editor: autosave on pause, save on leaving and on quit, conflicts keep both."""

from __future__ import annotations

import pytest

from paperdesk.library import Library
from paperdesk.services.notes import get_note, save_note
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.note import CONFLICT_MESSAGE, NoteScreen
from tests.tui.conftest import key_of, make_app, settle

pytestmark = pytest.mark.anyio
KEY = "1706.03762"


def keys_for(text: str) -> list[str]:
    names = {" ": "space", "\n": "enter", "-": "minus", ".": "full_stop", "#": "number_sign"}
    return [names.get(ch, ch) for ch in text]


async def open_note(pilot, key: str = KEY) -> NoteScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await settle(pilot)
    assert app.main.table.move_to(key_of(app.library, key))
    await pilot.press("n")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, NoteScreen) and screen.loaded
    return screen


async def test_write_a_note_and_quit_then_read_it_back(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        note = await open_note(pilot)
        await pilot.press(*keys_for("first idea"))
        await settle(pilot)  # the idle timer fired: saved while the editor is still open
        assert get_note(lib, KEY).body == "first idea"
        assert "saved" in str(note.query_one("#note-status").render())
        await pilot.press(*keys_for(" more"))  # no pause: only the quit saves this
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert get_note(lib, KEY).body == "first idea more"


async def test_leaving_the_editor_saves_and_shows_the_note(lib: Library) -> None:
    save_note(lib, KEY, "# Notes\n")
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        note = await open_note(pilot)
        assert note.area.text == "# Notes\n"
        await pilot.press(*keys_for("8 heads"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert get_note(lib, KEY).body == "# Notes\n8 heads"
        detail = app.main.detail_pane.detail
        assert detail is not None and "8 heads" in detail.note


async def test_a_note_changed_elsewhere_is_merged(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        note = await open_note(pilot)
        # another process saves the same note while it is open here
        start = get_note(lib, KEY)
        save_note(lib, KEY, "written in another window\n", base_revision=start.revision)
        await pilot.press(*keys_for("mine"))
        await settle(pilot)
        body = get_note(lib, KEY).body
        assert body.startswith("written in another window")
        assert body.endswith("mine")
        assert note.area.text == body  # the editor shows both edits, merged three-way
        assert "merged" in str(note.query_one("#note-status").render())
        assert not any(n.message == CONFLICT_MESSAGE for n in app.notices)
        # later saves build on the merged note: nothing is duplicated or lost
        await pilot.press(*keys_for(" again"))
        await pilot.press("escape")
        await settle(pilot)
        assert get_note(lib, KEY).body == body + " again"
