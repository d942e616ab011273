"""Layout: the first frame is already the right one, 80x24 keeps bars and footer keys whole,
a jump from a search hit scrolls the table to the paper, the picker's digits match its states,
and the main screen opens where the user left it (the first time: the roadmap's start)."""

from __future__ import annotations

from typing import Any

import pytest

from paperdesk.library import Library
from paperdesk.services.listing import list_summaries
from paperdesk.storage.fastread import SessionReader
from paperdesk.tui.data import View
from paperdesk.tui.screens.pickers import StatePicker
from paperdesk.tui.widgets.detail import DetailPane
from tests.tui.conftest import key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_the_first_frame_has_the_final_layout(lib: Library) -> None:
    for size, klass in (((80, 24), "-narrow"), ((120, 40), "-medium"), ((160, 48), "-wide")):
        app = make_app(lib.settings)
        async with app.run_test(size=size) as pilot:
            main = app.main  # composed, not yet resized or settled
            assert main.has_class(klass)
            detail = main.query_one(DetailPane)
            assert detail.row is not None  # never the "No paper selected." placeholder
            assert "No paper selected" not in screen_text(app)
            await settle(pilot)
            assert main.has_class(klass)


async def test_80x24_keeps_bars_and_footer_keys(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert any(line.lstrip().startswith("read  ") for line in lines)
        assert any(line.lstrip().startswith("repro ") for line in lines)
        footer = lines[-1]
        for shown in ("r Read", "p Repro", "n Note", "/ Search", "a Add", "f Fetch", "o Open"):
            assert shown in footer, footer
        assert "? Help" in footer and "q Quit" in footer
        table = app.main.table
        assert dict((c.key, w) for c, w in table.columns())["title"] >= 16


async def test_a_jump_scrolls_the_table_to_the_paper(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.main.table
        last = table.rows[-1]
        app.main.jump_to(last.id, page=3)  # what Enter on a search hit does
        await settle(pilot)
        assert table.current_key == last.id
        top = int(table.scroll_offset.y)
        assert top <= table.cursor < top + table.size.height - 1
        assert str(last.title)[:12] in screen_text(app)


async def test_the_picker_numbers_match_its_states(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, StatePicker)
        assert "1-6" in screen_text(app) and "1-7" not in screen_text(app)
        await pilot.press("6")  # the sixth reading state
        await settle(pilot)
        assert app.main.table.current.reading == "dropped"


async def test_opens_on_the_roadmap_start_then_on_the_last_list(lib: Library) -> None:
    first = next(s.name for s in list_summaries(SessionReader(lib)) if s.source == "seed")
    app = make_app(lib.settings, view=None)  # nothing remembered yet
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.view == View("list", first)
        assert app.main.table.rows  # the list's papers, in stage order
        app.main.lists_panel.select(View("list", "transformers-core"))
        await settle(pilot)
    app = make_app(lib.settings, view=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.view == View("list", "transformers-core")
        assert app.main.table.current_key == key_of(lib, "1409.0473")
        assert "transformers-core" in app.main.sub_title


async def test_a_remembered_list_that_is_gone_falls_back(lib: Library, tmp_path: Any) -> None:
    app = make_app(lib.settings, view="list:deleted-meanwhile")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.view.is_list and app.main.table.rows


@pytest.mark.parametrize("width", [50, 60])
async def test_the_palette_key_ends_the_footer_on_a_narrow_terminal(
    lib: Library, width: int
) -> None:
    """No letter of a key scrolled under it shows after "^p palette" (a compact footer's
    right margin on a key docked right)."""
    from textual.widgets import Footer

    app = make_app(lib.settings)
    async with app.run_test(size=(width, 20)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        palette = footer.query_one(".-command-palette")
        assert palette.region.right == footer.region.right
        assert screen_text(app).splitlines()[-1].endswith("▏^p palette")
