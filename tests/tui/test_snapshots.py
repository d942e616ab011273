"""Screen snapshots at 120x40 (pytest-textual-snapshot). Fixed data, no clock in view.

Review changed snapshots with the HTML report pytest writes on failure; accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, TextArea

from paperdesk.library import Library
from paperdesk.tui.data import View
from paperdesk.tui.screens.note import NoteScreen
from paperdesk.tui.screens.search import SearchScreen
from tests.tui.conftest import hash_embedder, key_of, make_app, settle

SIZE = (120, 40)


async def _main_view(pilot: Any) -> None:
    app = pilot.app
    await settle(pilot)
    app.main.lists_panel.select(View("list", "transformers-core"))
    await settle(pilot)
    app.main.table.move_to(key_of(pilot.app.library, "1706.03762"))
    await settle(pilot)


def test_main_screen(demo_lib: Library, snap_compare: Any) -> None:
    assert snap_compare(make_app(demo_lib.settings), terminal_size=SIZE, run_before=_main_view)


def test_help_screen(demo_lib: Library, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _main_view(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(demo_lib.settings), terminal_size=SIZE, run_before=run_before)


def test_note_editor(demo_lib: Library, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _main_view(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NoteScreen)
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(demo_lib.settings), terminal_size=SIZE, run_before=run_before)


def test_search_screen(demo_lib: Library, snap_compare: Any) -> None:
    service = pytest.importorskip("paperdesk.services.search", reason="search not installed yet")
    service.index_library(demo_lib, embedder=hash_embedder())

    async def run_before(pilot: Any) -> None:
        await _main_view(pilot)
        await pilot.press("slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        pilot.app.screen.query_one(Input).cursor_blink = False
        await pilot.press(*"attention")
        await settle(pilot)

    assert snap_compare(make_app(demo_lib.settings), terminal_size=SIZE, run_before=run_before)
