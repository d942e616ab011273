"""The lists panel moves as the table does: j/k one entry, g/G (and Home/End) to the ends."""

from __future__ import annotations

import pytest

from paperdesk.library import Library
from paperdesk.tui.data import ALL
from tests.tui.conftest import make_app, settle

pytestmark = pytest.mark.anyio


async def test_g_and_shift_g_go_to_the_first_and_the_last_list(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.main.lists_panel
        await pilot.press("left")
        assert app.focused is panel.options
        await pilot.press("G")
        await settle(pilot)
        assert panel.options.highlighted == panel.options.option_count - 1
        assert panel.current == app.main.view != ALL
        await pilot.press("g")
        await settle(pilot)
        assert panel.options.highlighted == 0
        assert panel.current == app.main.view == ALL
