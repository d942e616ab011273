"""The Suggestions screen (c): the cited-but-missing works of the parsed references, most cited
first, who cites them beside; x dismisses (remembered), a adds to a list."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.services.suggest import suggest
from paperdesk.storage.models import Paper, SuggestionDismissal
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.discovery import ListPrompt
from paperdesk.tui.screens.suggestions import SuggestionsScreen
from tests.services.test_suggest import _library
from tests.tui.conftest import make_app, screen_text, settle


def test_suggestions_rank_dismiss_and_add(lib: Library) -> None:
    _library(lib)
    asyncio.run(_suggestions(lib))


async def _suggestions(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        assert screen.table.row_count == 3
        first = screen.current
        assert first is not None and first.title == "Layer normalization" and first.cites == 4
        text = screen_text(app)
        assert "3 works cited but missing" in text
        assert "Cited by 4 of your" in text  # beside, with who they are
        assert "• dai2019transformerxl" in text
        assert "4 (2r)" in text

        await pilot.press("j", "x")  # Adam: never again
        await settle(pilot)
        assert screen.table.row_count == 2
        with lib.session() as s:
            assert s.scalar(select(SuggestionDismissal.key)) == "arxiv:1412.6980"

        await pilot.press("k", "a")
        await settle(pilot)
        assert isinstance(app.screen, ListPrompt)
        await pilot.press("enter")  # the offered list, "to-read"
        await settle(pilot)
        await pilot.pause(KEY_GUARD + 0.1)
        assert screen.table.row_count == 1
        with lib.session() as s:
            added = s.scalar(select(Paper).where(Paper.arxiv_id == "1607.06450"))
            assert added is not None and added.title == "Layer normalization"
        assert [w.doi for w in suggest(lib).suggestions] == ["10.1162/neco.1997.9.8.1735"]


def test_no_references_says_what_to_do(lib: Library) -> None:
    asyncio.run(_empty(lib))


async def _empty(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "No suggestions" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)  # nothing to add: no prompt


def test_a_title_too_long_for_its_column_ends_in_an_ellipsis(lib: Library) -> None:
    _library(lib)
    asyncio.run(_narrow(lib))


async def _narrow(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(50, 24)) as pilot:  # a title column of 16
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionsScreen)
        assert "Layer normaliza… " in screen_text(app)
