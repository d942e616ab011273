"""Keys typed as a dialog closes land nowhere; ``o`` either opens a viewer or says why not
(keys typed fast behind the opening key: screens/test_typeahead.py)."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.services.notes import get_note
from paperdesk.services.papers import paper_detail
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.pickers import StatePicker
from tests.tui.conftest import burst, key_of, make_app, make_pdf, settle

pytestmark = pytest.mark.anyio
ATTENTION = "1706.03762"


async def test_keys_typed_right_after_a_dialog_closes_go_nowhere(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(lib, ATTENTION))
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, StatePicker)
        burst(app, "3note")  # pick "reading", then type at once
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # no note editor opened
        assert paper_detail(lib, ATTENTION).reading == "reading"
        assert get_note(lib, ATTENTION).body == ""
        # a moment later keys work again
        await pilot.pause(0.5)
        await pilot.press("n")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteScreen"


def with_pdf(lib: Library) -> None:
    """Store a real PDF for the Transformer paper."""
    from paperdesk.services.attach import attach_pdf

    pdf = lib.settings.home / "attention.pdf"
    pdf.write_bytes(make_pdf())
    attach_pdf(lib, pdf, ref=ATTENTION)


async def test_open_without_a_pdf_says_why(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(lib, ATTENTION))
        await pilot.press("o")
        await settle(pilot)
        messages = [n.message for n in app.notices]
        assert any("no PDF stored" in m for m in messages), messages


async def test_open_without_a_viewer_names_what_it_looked_for(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_pdf(lib)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no xdg-open, no zathura, nothing
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(lib, ATTENTION))
        await pilot.press("o")
        await settle(pilot)
        messages = [n.message for n in app.notices]
        assert any("no PDF viewer found (looked for zathura" in m for m in messages), messages
        assert not any(m.startswith("Opened") for m in messages)


async def test_open_with_a_viewer_runs_it_at_the_page(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_pdf(lib)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    called = tmp_path / "called"
    viewer = bin_dir / "zathura"  # a stand-in viewer that records how it was called
    viewer.write_text(f'#!/bin/sh\necho "$@" > {called}\n')
    viewer.chmod(viewer.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        key = key_of(lib, ATTENTION)
        app.main.jump_to(key, page=1)  # as after a search hit on page 1
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        messages = [n.message for n in app.notices]
        assert any(m.startswith("Opened") and "at page 1" in m for m in messages), messages
    for _ in range(100):
        if called.exists():
            break
        await asyncio.sleep(0.05)
    assert called.read_text().startswith("--page 1 ")


async def test_keys_typed_right_after_escape_are_for_the_screen_below(lib: Library) -> None:
    """Escape says "back": the keys behind it are meant for the screen it goes back to, so
    none is dropped (QA: the 'a' typed after closing Suggestions was lost, and the id typed
    for the Add dialog went to the main screen, its 'n' opening a note editor)."""
    from paperdesk.tui.screens.add import AddScreen
    from paperdesk.tui.screens.suggestions import SuggestionsScreen

    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        await pilot.press("escape", "a")  # as fast as Pilot types, well inside the guard
        await settle(pilot)
        assert isinstance(app.screen, AddScreen)
        await pilot.press("escape", "r")  # a dialog cancelled, then the next key
        await settle(pilot)
        assert isinstance(app.screen, StatePicker)
        await pilot.press("escape", "q")
        await pilot.pause(0.2)
        assert app.return_code == 0  # q quits at once after closing a screen too
