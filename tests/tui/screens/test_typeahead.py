"""Keys typed fast behind one that opens a dialog (``a`` then an id, ``/`` then a query), and a
paste, land in the dialog's input, not on the screen below."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from paperdesk.library import Library
from paperdesk.tui.screens.add import AddScreen
from paperdesk.tui.screens.search import SearchScreen
from tests.tui.conftest import burst, make_app, settle

pytestmark = pytest.mark.anyio


async def test_fast_typing_behind_the_opening_key_lands_in_the_dialog(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(app, "a2307.09288")
        await settle(pilot)
        assert isinstance(app.screen, AddScreen)
        assert app.screen.query_one(Input).value == "2307.09288"
        await pilot.press("escape")
        await pilot.pause(0.5)
        burst(app, "/attention")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-query", Input).value == "attention"


async def test_a_paste_behind_the_opening_key_lands_in_the_dialog(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(app, "a")
        app.post_message(events.Paste("https://arxiv.org/abs/1706.03762v5\n"))
        await settle(pilot)
        assert isinstance(app.screen, AddScreen)
        assert app.screen.query_one(Input).value == "https://arxiv.org/abs/1706.03762v5"
        assert "arXiv:1706.03762v5" in str(app.screen.query_one("#add-message").render())
