"""The Feed screen (N): empty until r fetches from the local listing in a worker, then ranked
rows with the abstract beside; x dismisses (remembered), a adds to a list, o opens (or copies
the arXiv link without a display). Hash embedder."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.storage.models import FeedEntry, ListEntry, Paper, ReadingList, utcnow
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.discovery import ListPrompt
from paperdesk.tui.screens.feed import FeedScreen
from tests.fetch.feedserver import FeedArxiv, records, serving
from tests.tui.conftest import make_app, screen_text, settle


def _fill(fake: FeedArxiv) -> None:
    attention, physics = records()
    now = utcnow()
    for n in range(12):
        rec = attention[n] if n % 3 == 0 else physics[n]
        fake.add(n, rec, "cs.CL", now - timedelta(hours=n + 1))


def test_feed_refresh_dismiss_add_open(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with serving() as fake:
        _fill(fake)
        settings = dataclasses.replace(
            lib.settings, arxiv_api_url=fake.api_url, feed_categories="cs.CL"
        )
        asyncio.run(_feed(Library(settings, lib.db), fake))


async def _feed(lib: Library, fake: FeedArxiv) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FeedScreen)
        text = screen_text(app)
        assert "Feed · new on arXiv in cs.CL · last 7 days" in text
        assert "Nothing in the feed" in text and not fake.hits

        await pilot.press("r")  # fetch, embed, rank: in a worker
        await settle(pilot)
        assert len(fake.hits) == 1 and screen.table.row_count == 12
        first = screen.current
        assert first is not None and first.rank == 1
        text = screen_text(app)
        assert "12 new papers ranked by a classifier" in text
        assert first.abstract.split()[0] in text  # the abstract beside the table

        await pilot.press("j")
        second = screen.current
        await pilot.press("x")
        await settle(pilot)
        assert screen.table.row_count == 11 and second.arxiv_id not in screen_text(app)
        with lib.session() as s:
            entry = s.scalar(select(FeedEntry).where(FeedEntry.arxiv_id == second.arxiv_id))
            assert entry is not None and entry.dismissed_at is not None

        await pilot.press("k", "a")
        await settle(pilot)
        assert isinstance(app.screen, ListPrompt)
        assert app.screen.query_one("Input").value == "to-read"  # offered, selected
        await pilot.press(*"picks", "enter")  # typing replaces it
        await settle(pilot)
        await pilot.pause(KEY_GUARD + 0.1)
        assert app.screen is screen, [n.message for n in app.notices]
        assert screen.table.row_count == 10, [n.message for n in app.notices]
        with lib.session() as s:
            key = s.scalar(
                select(Paper.key)
                .join(ListEntry, ListEntry.paper_id == Paper.id)
                .join(ReadingList, ReadingList.id == ListEntry.list_id)
                .where(ReadingList.name == "picks", Paper.arxiv_id == first.arxiv_id)
            )
            assert key is not None

        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == f"https://arxiv.org/abs/{screen.current.arxiv_id}"

        await pilot.press("r")  # nothing new since the last run: one request, same rows
        await settle(pilot)
        assert len(fake.hits) == 2 and screen.table.row_count == 10
        text = screen_text(app)  # the status line is given back though no row changed
        assert "fetching what is new" not in text and "10 new papers ranked" in text
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "MainScreen"


def test_feed_at_80_columns_puts_the_abstract_below(lib: Library) -> None:
    asyncio.run(_narrow(lib))


async def _narrow(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        side = app.screen.query_one(".disc--side")
        assert side.region.width >= 76 and side.region.y > 3


def test_a_refresh_offline_gives_the_status_line_back(lib: Library) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on: "offline"
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = dataclasses.replace(
        lib.settings,
        arxiv_api_url=f"http://127.0.0.1:{port}/api/query",
        feed_categories="cs.CL",
        arxiv_retries=0,
        arxiv_delay=0.0,
    )
    asyncio.run(_offline(Library(settings, lib.db)))


async def _offline(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, FeedScreen)
        text = screen_text(app)
        assert "fetching what is new" not in text
        assert "Refresh failed: r tries again" in text
