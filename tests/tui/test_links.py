"""The code links a paper prints, in the TUI: the detail pane lists them, the replication
screen names the first, and ``u`` offers it as the repository."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from paperdesk.library import Library
from paperdesk.services.links import save_links
from paperdesk.storage import repository as repo
from paperdesk.tui.screens.replication import FormScreen, ReplicationScreen
from tests.tui.conftest import key_of, make_app, settle

pytestmark = pytest.mark.anyio
KEY = "1706.03762"
LINKS = [
    {
        "url": "https://huggingface.co/example/finder",
        "kind": "model",
        "host": "huggingface.co",
        "page": 1,
    },
    {
        "url": "https://github.com/example-lab/link-finder",
        "kind": "code",
        "host": "github.com",
        "page": 2,
    },
]


async def test_links_in_the_detail_pane_and_the_replication_screen(lib: Library) -> None:
    with lib.session() as s:
        save_links(s, repo.find_paper(s, KEY), LINKS)
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(app.library, KEY))
        await settle(pilot)
        pane = str(app.main.detail_pane.query_one("#detail-text", Static).render())
        assert "Model: https://huggingface.co/example/finder  p. 1" in pane
        assert "Code: https://github.com/example-lab/link-finder  p. 2" in pane
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplicationScreen)
        facts = str(screen.query_one("#repro-facts", Static).render())
        # the code link is the one offered, though the model link comes first
        assert "in the paper code https://github.com/example-lab/link-finder p. 2" in facts
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        urls = [i.value for i in app.screen.query(Input)]
        assert urls[0] == "https://github.com/example-lab/link-finder"
