"""At 80x24 nothing of the main screen shows through or beside a dialog: the help dialog
takes the whole width (the detail pane's scrollbar sat in the margin beside it), and the
help's and the palette's own scrollbars are one column, unlike the detail pane's two."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.containers import VerticalScroll

from paperdesk.library import Library
from paperdesk.tui.screens.help import HelpScreen
from tests.tui.conftest import make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_help_covers_the_width_at_80x24(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one(VerticalScroll)
        assert box.region.x == 0 and box.region.width == 80
        assert box.styles.scrollbar_size_vertical == 1
        rows = screen_text(app).splitlines()[box.region.y : box.region.bottom]
        assert rows and all(r[0] == "█" and r.rstrip()[-1] == "█" for r in rows), rows


async def test_the_palette_scrollbar_is_its_own(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(CommandList).styles.scrollbar_size_vertical == 1
