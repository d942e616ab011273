"""Screen snapshots (pytest-textual-snapshot) of every screen and dialog this suite owns, at
80x24 and 120x40 (and the main screen at 160x48). Fixed data, no clock, no blinking cursor.

Review changed snapshots with the HTML report pytest writes on failure; accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from paperdesk.library import Library
from paperdesk.tui.screens.add import AddScreen
from paperdesk.tui.screens.export import ExportScreen
from paperdesk.tui.screens.help import HelpScreen
from paperdesk.tui.screens.note import NoteScreen
from paperdesk.tui.screens.search import SearchScreen
from tests.tui.conftest import hash_embedder, key_of, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Steps = Callable[[Any], Awaitable[None]]


async def _main_view(pilot: Any, paper: str = "1409.0473") -> None:
    app = pilot.app
    await settle(pilot)
    app.main.table.move_to(key_of(app.library, paper))
    await settle(pilot)


def _no_blink(pilot: Any) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False


def snap(lib: Library, snap_compare: Any, size: tuple[int, int], steps: Steps | None) -> bool:
    async def run_before(pilot: Any) -> None:
        await _main_view(pilot)
        if steps is not None:
            await steps(pilot)
        _no_blink(pilot)
        await pilot.pause()

    app = make_app(lib.settings, view="list:transformers-core")
    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap(demo_lib, snap_compare, size, None)


def test_main_screen_wide(demo_lib: Library, snap_compare: Any) -> None:
    assert snap(demo_lib, snap_compare, (160, 48), None)


@pytest.mark.parametrize("size", SIZES)
def test_detail(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    async def steps(pilot: Any) -> None:  # the Transformer: a note, a tag, replication planned
        await _main_view(pilot, "1706.03762")

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    async def steps(pilot: Any) -> None:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_note_editor(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    async def steps(pilot: Any) -> None:
        await _main_view(pilot, "1706.03762")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteScreen)

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_search_screen(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    from paperdesk.services.search import index_library

    index_library(demo_lib, embedder=hash_embedder())

    async def steps(pilot: Any) -> None:
        await pilot.press("slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        _no_blink(pilot)
        await pilot.press(*"attention")
        await settle(pilot)

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    async def steps(pilot: Any) -> None:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        path = pilot.app.screen.query_one("#export-path", Input)
        path.value = "/home/you/notes/paperdesk-notes"  # not the machine's working folder

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_add_dialog(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    async def steps(pilot: Any) -> None:
        await pilot.press("a")
        assert isinstance(pilot.app.screen, AddScreen)
        _no_blink(pilot)
        await pilot.press(*"1706.3762")  # a digit short: the error shows as you type
        await settle(pilot)

    assert snap(demo_lib, snap_compare, size, steps)


@pytest.mark.parametrize("size", SIZES)
def test_palette(demo_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    from textual.command import CommandPalette

    async def steps(pilot: Any) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(pilot.app.screen, CommandPalette)
        _no_blink(pilot)
        await pilot.press(*"fetch")
        await pilot.pause(0.5)
        await settle(pilot)

    assert snap(demo_lib, snap_compare, size, steps)
