"""The Up next screen (u): the roadmap order of the list shown, live after a paper is read,
Enter shows the paper in the main table, the plan line when the list has a plan."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from paperdesk.library import Library
from paperdesk.services import papers, plans
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.upnext import UpNextScreen, column_widths
from tests.tui.conftest import key_of, make_app, screen_text, settle

LIST = "deep-learning-foundations"


def test_up_next_starts_with_the_first_paper_and_moves_on(lib: Library) -> None:
    asyncio.run(_up_next_starts_with_the_first_paper_and_moves_on(lib))


async def _up_next_starts_with_the_first_paper_and_moves_on(lib: Library) -> None:
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UpNextScreen)
        assert screen.current_key == key_of(lib, "1207.0580")
        text = screen_text(app)
        assert f"Up next in {LIST}" in text
        assert text.index("1207.0580") < text.index("1412.6980")

        papers.mark(lib, "1207.0580", "read")
        app.main.changed(key_of(lib, "1207.0580"))  # what a write in the TUI posts
        await settle(pilot)
        assert screen.current_key == key_of(lib, "1412.6980")
        assert "1207.0580" not in screen_text(app)
        assert "1 done" in screen_text(app)


def test_enter_shows_the_paper_in_the_table(lib: Library) -> None:
    asyncio.run(_enter_shows_the_paper_in_the_table(lib))


async def _enter_shows_the_paper_in_the_table(lib: Library) -> None:
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.table.current_key == key_of(lib, "1412.6980")


def test_all_papers_follow_the_roadmap_and_v_reads(lib: Library) -> None:
    asyncio.run(_all_papers_follow_the_roadmap_and_v_reads(lib))


async def _all_papers_follow_the_roadmap_and_v_reads(lib: Library) -> None:
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Up next in the roadmap" in screen_text(app)
        assert app.screen.current_key == key_of(lib, "1207.0580")  # type: ignore[attr-defined]
        await pilot.press("v")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"
        assert app.screen.key == key_of(lib, "1207.0580")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UpNextScreen)


def test_the_plan_of_the_list_is_the_line_above(lib: Library) -> None:
    asyncio.run(_the_plan_of_the_list_is_the_line_above(lib))


async def _the_plan_of_the_list_is_the_line_above(lib: Library) -> None:
    today = date(2026, 12, 2)
    plans.set_plan(lib, LIST, "3/week", start="2026-11-23", today=today)
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(UpNextScreen(LIST, today=today), app.main._jump_result)
        await settle(pilot)
        text = screen_text(app)
        assert "Plan 3/week · 0/7 read · behind by" in text
        assert "due this week" in text and "projected finish" in text


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    today = date(2026, 12, 2)
    plans.set_plan(lib, "transformers-core", "3/week", start="2026-11-23", today=today)
    papers.mark(lib, "1409.0473", "read")

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(UpNextScreen("transformers-core", today=today))
        await settle(pilot)

    app = make_app(lib.settings, view="list:transformers-core")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_at_80_columns_long_cells_end_in_an_ellipsis(lib: Library) -> None:
    asyncio.run(_ellipsis(lib))


async def _ellipsis(lib: Library) -> None:
    app = make_app(lib.settings, view=f"list:{LIST}")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UpNextScreen)
        row = next(r for r in screen_text(app).splitlines() if "1207.0580" in r)
        assert "Improving neural ne… " in row  # the title, cut with "…"
        assert f"next in {LIST[:20]}" in row and row.rstrip().endswith("…")  # the reason too


def test_ids_are_whole_and_a_long_one_ends_in_an_ellipsis() -> None:
    labels = ["radford2018improving", "radford2019language"]
    assert dict(column_widths(80, labels))["id"] == 20
    assert dict(column_widths(120, ["1706.03762"]))["id"] == 10
    assert dict(column_widths(80, ["a" * 40]))["id"] == 20  # a quarter of 80; the cell ends in …
    assert sum(w + 2 for _, w in column_widths(80, labels)) + 2 <= 80


def test_keys_of_papers_not_on_arxiv_show_whole_at_80_columns(lib: Library) -> None:
    asyncio.run(_whole_keys(lib))


async def _whole_keys(lib: Library) -> None:
    app = make_app(lib.settings, view="list:transformers-core")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        text = screen_text(app)
        assert "radford2018improving" in text and "radford2019language" in text


def test_a_list_without_stages_or_links_gives_its_order_as_the_reason(lib: Library) -> None:
    """Without citation links the reason is the list's order ("next in pubs"), never
    "after <paper>", which reads as if one paper needed the other (QA)."""
    papers.add_papers(lib, ["1706.03762", "1810.04805", "2005.14165"], list_name="pubs")
    asyncio.run(_list_order(lib))


async def _list_order(lib: Library) -> None:
    app = make_app(lib.settings, view="list:pubs")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UpNextScreen)
        rows = [x for x in screen_text(app).splitlines() if "unread" in x]
        assert len(rows) == 3, rows
        assert all(x.rstrip().endswith("next in pubs") for x in rows), rows
        assert " after " not in screen_text(app)
