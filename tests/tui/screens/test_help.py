"""The help dialog lists every key of the key map."""

from __future__ import annotations

import pytest

from paperdesk.library import Library
from paperdesk.tui.keys import MAIN_KEYS
from paperdesk.tui.screens.help import HelpScreen
from tests.tui.conftest import make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_help_lists_every_key(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in MAIN_KEYS:
            assert key.help[:30] in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
