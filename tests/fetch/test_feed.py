"""The category listing: stops at the cutoff (one page when nothing is new), checks
categories, names a rejected listing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from paperdesk.config import Settings
from paperdesk.errors import ConfigError
from paperdesk.fetch.client import ArxivClient
from paperdesk.fetch.feed import parse_categories, recent
from paperdesk.storage.models import utcnow
from tests.fetch.feedserver import FeedArxiv, records, serving


@pytest.fixture
def listing(tmp_path) -> Iterator[tuple[FeedArxiv, ArxivClient]]:
    _, physics = records()
    now = utcnow()
    with serving() as fake:
        for n in range(250):
            fake.add(n, physics[n], "cs.CL", now - timedelta(hours=n))
        fake.add(900, physics[300], "hep-th", now)
        settings = Settings(home=tmp_path, arxiv_api_url=fake.api_url, arxiv_delay=0)
        client = ArxivClient(settings)
        yield fake, client
        client.http.close()


def test_pages_until_the_cutoff(listing: tuple[FeedArxiv, ArxivClient]) -> None:
    fake, client = listing
    since = utcnow() - timedelta(hours=149, minutes=30)
    got = list(recent(client, "cs.CL", since, limit=1000))
    assert len(got) == 150 and got[0].arxiv_id.base == "2611.00000"
    assert [m.published for m in got] == sorted((m.published for m in got), reverse=True)
    assert [h.query["start"] for h in fake.hits] == [["0"], ["100"]]  # not the third page


def test_nothing_new_costs_one_request(listing: tuple[FeedArxiv, ArxivClient]) -> None:
    fake, client = listing
    assert list(recent(client, "cs.CL", utcnow() + timedelta(minutes=1), limit=1000)) == []
    assert len(fake.hits) == 1


def test_limit_bounds_a_run(listing: tuple[FeedArxiv, ArxivClient]) -> None:
    _, client = listing
    assert len(list(recent(client, "cs.CL", utcnow() - timedelta(days=30), limit=120))) == 120


def test_categories() -> None:
    assert parse_categories("cs.CL, cs.LG cs.CL", "x") == ["cs.CL", "cs.LG"]
    assert parse_categories(["stat.ML", "hep-th,astro-ph.GA"], "x") == [
        "stat.ML",
        "hep-th",
        "astro-ph.GA",
    ]
    with pytest.raises(ConfigError, match=r"config.toml: 'cs:CL' is not an arXiv category"):
        parse_categories("cs:CL", "config.toml")
    with pytest.raises(ConfigError, match="no arXiv category given"):
        parse_categories(" , ", "--category")


def test_feed_settings_from_the_config_file_and_env(tmp_path) -> None:
    from paperdesk.config import load_settings

    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('feed_categories = ["cs.CL", "stat.ML"]\nfeed_days = 3\n')
    s = load_settings({"PAPERDESK_HOME": str(home)})
    assert (s.feed_categories, s.feed_days, s.feed_max) == ("cs.CL,stat.ML", 3, 2000)
    assert parse_categories(s.feed_categories, "x") == ["cs.CL", "stat.ML"]
    env = load_settings({"PAPERDESK_HOME": str(home), "PAPERDESK_FEED_CATEGORIES": "cs.IR"})
    assert env.feed_categories == "cs.IR"
    with pytest.raises(ConfigError, match="PAPERDESK_FEED_DAYS and PAPERDESK_FEED_MAX must be"):
        load_settings({"PAPERDESK_HOME": str(home), "PAPERDESK_FEED_DAYS": "0"})
