"""The tag editor (``t``) holds tags to the CLI's rule: spaces and commas separate tags (as its
hint says and as the shell splits ``paperdesk tag ID a b``); a bad tag keeps the dialog open
with the text and the CLI's message; good ones are saved."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from paperdesk.library import Library
from paperdesk.services.papers import paper_detail
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.pickers import TagsScreen
from tests.tui.conftest import key_of, make_app, settle

pytestmark = pytest.mark.anyio
BERT = "1810.04805"


async def test_spaces_and_commas_separate_tags_and_a_bad_one_is_refused_as_by_the_cli(
    lib: Library,
) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main.table.move_to(key_of(lib, BERT))
        await settle(pilot)
        await pilot.press("t")
        dialog = app.screen
        assert isinstance(dialog, TagsScreen)
        assert dialog.query_one(Input).placeholder == "tags, separated by spaces or commas"
        long = "x" * 51
        await pilot.press(*f"encoder {long}", "enter")
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one(Input).value == f"encoder {long}"
        error = str(dialog.query_one("#tags-error", Static).render())
        assert error == f"error: tag '{long}' must be one word (no spaces or commas, at most 50)"
        assert paper_detail(lib, BERT).tags == []

        await pilot.press("ctrl+a", "ctrl+k", *"#Encoder, Bad Tag!", "enter")  # QA's case
        await settle(pilot)
        await pilot.pause(KEY_GUARD + 0.1)
        assert isinstance(app.screen, MainScreen)
        assert paper_detail(lib, BERT).tags == ["bad", "encoder", "tag!"]

        await pilot.press("t", "end", *" nlp,survey ,, ", "enter")  # mixed, doubled
        await settle(pilot)
        assert paper_detail(lib, BERT).tags == ["bad", "encoder", "nlp", "survey", "tag!"]
