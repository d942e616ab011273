"""Members in the TUI (issue 17): B's detail pane shows A reading the selected paper (and
follows A's next mark live), B's own state stays B's; alone, no "also" line. The Team screen
is in tests/tui/screens/test_team.py, which uses this module's ``as_member`` and ``seen``.
SQLite, and PostgreSQL when PAPERDESK_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.services import papers
from tests.tui.conftest import key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio
ATTENTION, BERT = "1706.03762", "1810.04805"

As = Callable[[str], Library]


@pytest.fixture
def as_member(
    settings: Settings, any_lib: Library, monkeypatch: pytest.MonkeyPatch
) -> Iterator[As]:
    """``as_member("ana")``: the library as member ana opens it (PAPERDESK_USER); the app made
    after it acts as the last member named. (``settings`` first: the hash model for the app.)"""
    opened: list[Library] = []

    def open_as(name: str) -> Library:
        monkeypatch.setenv("PAPERDESK_USER", name)
        lib = Library.open(any_lib.settings)
        opened.append(lib)
        return lib

    yield open_as
    for lib in opened:
        lib.close()


async def seen(pilot: Any, ok: Callable[[], bool], what: str, seconds: float = 15.0) -> None:
    """Wait until ``ok()`` (the change poll and the detail's worker take their time)."""
    deadline = time.monotonic() + seconds
    while not ok():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not shown:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def my_state(app: Any) -> str:
    """The reading state the table shows for the paper under the cursor."""
    row = app.main.table.current
    assert row is not None
    return str(row.reading)


def detail_text(app: Any) -> str:
    return str(app.main.detail_pane.query_one("#detail-text").render())


async def test_b_sees_a_reading_the_paper(as_member: As) -> None:
    ana = as_member("ana")
    await asyncio.to_thread(papers.mark, ana, ATTENTION, "reading")
    bo = as_member("bo")  # the app below is bo's
    key = key_of(bo, ATTENTION)
    app = make_app(bo.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key)
        await seen(pilot, lambda: "also: ana reading" in detail_text(app), "ana reading")
        assert "also: ana reading" in screen_text(app)
        assert my_state(app) == "unread"  # ana's state is not bo's
        assert "reading: unread" in detail_text(app)

        await asyncio.to_thread(papers.mark, ana, ATTENTION, "read")  # live, from elsewhere
        await seen(pilot, lambda: "also: ana read " in detail_text(app), "ana read")
        assert my_state(app) == "unread"

        other = key_of(bo, BERT)  # nobody reads BERT: no line
        # the table's reload after ana's change may still be on its way: the cursor stays
        assert app.main.table.move_to(other)
        await settle(pilot)
        assert app.main.table.current_key == other
        await seen(pilot, lambda: "BERT" in detail_text(app), "BERT's detail")
        assert "also:" not in detail_text(app)


async def test_a_single_member_sees_no_also_line(as_member: As) -> None:
    me = as_member("ana")
    await asyncio.to_thread(papers.mark, me, ATTENTION, "reading")
    app = make_app(me.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(me, ATTENTION))
        await settle(pilot)
        await seen(pilot, lambda: "reading: reading" in detail_text(app), "my state")
        assert "also:" not in screen_text(app)


def test_also_line_dates_finished_states_and_counts_the_rest() -> None:
    from datetime import datetime

    from paperdesk.dates import today
    from paperdesk.members import Reader
    from paperdesk.tui.widgets.detail import also_line

    this_year = today().year
    readers = [
        Reader("ana", "reading", datetime(this_year, 1, 5, 9)),
        Reader("bo", "read", datetime(this_year, 12, 3, 9)),
        Reader("cy", "dropped", datetime(this_year - 1, 3, 1, 9)),
        Reader("di", "queued", None),
        Reader("ed", "skimmed", datetime(this_year, 2, 1)),
        Reader("fay", "read", datetime(this_year, 2, 2)),
    ]
    assert also_line([]) is None
    assert also_line(readers[:2]) == "also: ana reading · bo read 3 Dec"
    assert also_line(readers) == (
        f"also: ana reading · bo read 3 Dec · cy dropped 1 Mar {this_year - 1} · di queued · 2 more"
    )
