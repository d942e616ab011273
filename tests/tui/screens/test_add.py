"""Adding papers: ids validated as you type, an inline error that adds nothing, a good id
added to the list shown; a paper already in the library added to the list is said to be."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from paperdesk.library import Library
from paperdesk.storage.models import ListEntry, Paper, ReadingList
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.data import View
from paperdesk.tui.screens.add import AddScreen, check
from tests.conftest import seed
from tests.tui.conftest import key_of, make_app, settle

pytestmark = pytest.mark.anyio


def paper_count(lib: Library) -> int:
    with lib.session() as s:
        return int(s.scalar(select(func.count(Paper.id))) or 0)


def test_check_explains_bad_ids() -> None:
    assert check("https://arxiv.org/abs/2307.09288v2") == ("2307.09288", "arXiv:2307.09288v2")
    bad, message = check("1706.3762")
    assert bad is None and "1706.3762" in message
    assert check("   ")[0] is None


async def test_a_bad_id_shows_an_inline_error_and_adds_nothing(lib: Library) -> None:
    before = paper_count(lib)
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AddScreen)
        await pilot.press(*"1706.3762")
        message = app.screen.query_one("#add-message")
        assert message.has_class("-error")
        assert "1706.3762" in str(message.render())
        await pilot.press("enter")  # refused: the screen stays, nothing is added
        await settle(pilot)
        assert isinstance(app.screen, AddScreen) and message.has_class("-error")
        await pilot.press("escape")
        await settle(pilot)
    assert paper_count(lib) == before


async def test_adding_a_good_id_to_the_list_shown(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.lists_panel.select(View("list", "long-context"))
        await settle(pilot)
        await pilot.press("a", *"arXiv:2307.09288v2")
        assert app.screen.query_one("#add-message").has_class("-ok")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.table.current_key == key_of(
            lib, "2307.09288"
        )  # the cursor is on the new paper
        assert app.main.lists_panel.sidebar.total == seed().papers + 1
    with lib.session() as s:
        rl = s.scalar(select(ReadingList).where(ReadingList.name == "long-context"))
        keys = [e.paper.key for e in s.scalars(select(ListEntry).where(ListEntry.list_id == rl.id))]
    assert key_of(lib, "2307.09288") in keys


async def test_a_paper_already_in_the_library_is_said_to_be_added_to_the_list(
    lib: Library,
) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main.lists_panel.select(View("list", "long-context"))
        await settle(pilot)
        for _ in range(2):
            await pilot.press("a", *"1706.03762")
            assert app.screen.query_one("#add-to-list").value  # "also add it to" is ticked
            await pilot.press("enter")
            await settle(pilot)
            await pilot.pause(KEY_GUARD + 0.1)  # keys typed as a dialog closes are dropped
        said = [n.message for n in app.notices]
        assert said[-2].startswith("1706.03762 is already in the library (Attention")
        assert said[-2].endswith(" (added to long-context)")
        assert said[-1].endswith(" (already in long-context)")  # the second time
        assert app.main.table.current_key == key_of(lib, "1706.03762")
    with lib.session() as s:
        rl = s.scalar(select(ReadingList).where(ReadingList.name == "long-context"))
        keys = [e.paper.key for e in s.scalars(select(ListEntry).where(ListEntry.list_id == rl.id))]
    assert keys.count(key_of(lib, "1706.03762")) == 1
