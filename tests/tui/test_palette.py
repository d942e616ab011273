"""The command palette opens, lists the main screen's actions with their keys, and runs them."""

from __future__ import annotations

import pytest

from paperdesk.library import Library
from paperdesk.tui.screens.help import HelpScreen
from tests.tui.conftest import make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_palette_lists_every_action_and_runs_one(lib: Library) -> None:
    from textual.command import CommandPalette

    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        await settle(pilot)
        text = screen_text(app)
        assert "Add  ·  a" in text and "Fetch list  ·  F" in text
        # keys that are markup characters ("/" and "?") are shown literally
        await pilot.press(*"search")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Search  ·  /" in screen_text(app)
        await pilot.press(*["backspace"] * 6, *"help")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Help  ·  ?" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
