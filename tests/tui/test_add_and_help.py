"""Adding papers (validated as you type), help, the command palette, export."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from paperdesk.library import Library
from paperdesk.storage.models import ListEntry, Paper, ReadingList
from paperdesk.tui.data import View
from paperdesk.tui.keys import MAIN_KEYS, markdown_table
from paperdesk.tui.screens.add import AddScreen, check
from paperdesk.tui.screens.help import HelpScreen
from tests.tui.conftest import key_of, make_app, screen_text, settle

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
        assert app.main.lists_panel.sidebar.total == 54
    with lib.session() as s:
        rl = s.scalar(select(ReadingList).where(ReadingList.name == "long-context"))
        keys = [e.paper.key for e in s.scalars(select(ListEntry).where(ListEntry.list_id == rl.id))]
    assert key_of(lib, "2307.09288") in keys


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


async def test_every_action_is_in_the_command_palette(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for key in MAIN_KEYS:
            if key.action and key.action not in ("quit", "help"):
                assert any(t.startswith(key.title) for t in titles), key
        assert any(t.startswith("Index for search") for t in titles)
        assert "`r` | Set the reading state" in markdown_table()


async def test_export_markdown_runs_in_the_background(lib: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "vault"
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        assert any("Exported" in n.message for n in app.notices), [n.message for n in app.notices]
    assert target.is_dir() and any(target.rglob("*.md"))
