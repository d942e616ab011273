"""The papers table never sends a stored title's escape sequences to the terminal, and its
last row is in view after G (no horizontal scrollbar hides it)."""

from __future__ import annotations

import asyncio

from paperdesk.library import Library
from paperdesk.tui.widgets.papers_table import fit
from tests.tui.conftest import make_app, screen_text, settle


def test_cells_are_stripped_of_control_characters() -> None:
    cell = fit("\x1b[2J\x1b]0;pwned\x07Evil\u202e title\x9b", 20)
    assert cell == "[2J]0;pwnedEvil tit…"
    assert cell.isprintable()


def test_last_row_is_in_view_after_g_at_80_columns(lib: Library) -> None:
    asyncio.run(_last_row_in_view(lib))


async def _last_row_in_view(lib: Library) -> None:
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.main.table
        table.focus()
        await pilot.press("G")
        await pilot.pause()
        last = table.rows[-1]
        assert table.current_key == last.id
        top = int(table.scroll_offset.y)
        assert top <= table.cursor < top + table.visible_rows
        title = last.title[:15]
        shown = [line for line in screen_text(app).splitlines() if title in line]
        assert len(shown) >= 2  # its row in the table, and the detail pane's heading
        await pilot.press("g")
        await pilot.pause()
        assert table.cursor == 0 and int(table.scroll_offset.y) == 0
