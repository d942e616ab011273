"""The ranked feed and what is done with it (services/feedlist.py), on feed entries stored
directly (no network; the fetching is services/feed.py's): entries in the library or dismissed
are not ranked, the library's topic ranks first, a rank or an arXiv id picks a row, adding an
entry makes a paper from the feed's metadata at the end of a list, and dismissing counts once
(SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.search.abstracts import content_hash
from paperdesk.search.embedder import HashEmbedder
from paperdesk.services.feed import embed_feed
from paperdesk.services.feedlist import (
    FeedItem,
    FeedRanking,
    Neighbour,
    add_feed,
    dismiss_feed,
    pick,
    rank_feed,
)
from paperdesk.storage import repository as repo
from paperdesk.storage.models import FeedEntry, utcnow

EMB = HashEmbedder(256)
NOW = utcnow()
ENTRIES = {
    "2611.00001": ("Sparse attention for long transformer sequences", "We study attention."),
    "2611.00002": ("Dark matter halos in dwarf galaxies", "We observe galaxies and halos."),
    "2611.00003": ("Quark gluon plasma at high temperature", "Lattice quarks and gluons."),
}


def _store(lib: Library, ids: list[str] | None = None) -> None:
    with lib.session() as s:
        for n, (aid, (title, abstract)) in enumerate(ENTRIES.items()):
            if ids is not None and aid not in ids:
                continue
            s.add(
                FeedEntry(
                    arxiv_id=aid,
                    version=2,
                    title=title,
                    authors=["Grace Hopper", "Alan Turing"],
                    abstract=abstract,
                    categories=["cs.CL"],
                    primary_category="cs.CL",
                    published=NOW - timedelta(hours=n + 1),
                    updated=NOW - timedelta(hours=n + 1),
                    content_hash=content_hash(f"{title}\n\n{abstract}"),
                    fetched_at=NOW,
                )
            )


def test_add_makes_a_paper_from_the_feed(any_lib: Library) -> None:
    _store(any_lib)
    added = add_feed(any_lib, ["2611.00001", "2611.00002"], "from-the-feed")
    assert [(a.arxiv_id, a.created) for a in added] == [("2611.00001", True), ("2611.00002", True)]
    assert added[0].paper_key.startswith("hopper2026")
    with any_lib.session() as s:
        paper = repo.find_paper(s, "2611.00001")
        assert paper.title == ENTRIES["2611.00001"][0] and paper.key == added[0].paper_key
        assert paper.authors == ["Grace Hopper", "Alan Turing"] and paper.version == 2
    again = add_feed(any_lib, ["2611.00001"], "other")  # already a paper: only listed
    assert [(a.paper_key, a.created) for a in again] == [(added[0].paper_key, False)]
    with pytest.raises(NotFoundError, match=r"not in the feed: 2611\.09999"):
        add_feed(any_lib, ["2611.00003", "2611.09999"], "from-the-feed")


def test_dismiss_counts_once(any_lib: Library) -> None:
    _store(any_lib)
    assert dismiss_feed(any_lib, ["2611.00002", "2611.09999"]) == 1
    assert dismiss_feed(any_lib, ["2611.00002"]) == 0


def test_ranking_leaves_out_the_library_and_the_dismissed(lib: Library) -> None:
    _store(lib)
    embed_feed(lib, EMB, now=NOW)
    ranked = rank_feed(lib, EMB.name, now=NOW)
    assert ranked.total == 3 and [i.rank for i in ranked.items] == [1, 2, 3]
    assert ranked.items[0].arxiv_id == "2611.00001"  # the seeded library is about attention
    add_feed(lib, ["2611.00001"], "mine")
    dismiss_feed(lib, ["2611.00003"])
    after = rank_feed(lib, EMB.name, now=NOW)
    assert [i.arxiv_id for i in after.items] == ["2611.00002"] and after.total == 1
    # the window: entries published before it are not ranked
    assert rank_feed(lib, EMB.name, days=1, now=NOW + timedelta(days=3)).total == 0


def _item(rank: int, aid: str, like: list[Neighbour] | None = None) -> FeedItem:
    return FeedItem(rank, aid, "t", [], "", [], datetime(2026, 11, 1), 0.5, like=like or [])


def test_pick_by_rank_or_id() -> None:
    ranking = FeedRanking([_item(1, "2611.00007"), _item(2, "2611.00008")], total=2)
    assert pick(ranking, []) == ["2611.00007", "2611.00008"]
    assert pick(ranking, ["2", "arXiv:2611.00007v3", "2611.00008"]) == ["2611.00008", "2611.00007"]
    with pytest.raises(StateError, match=r"'7' is neither a rank shown \(1-2\) nor an arXiv id"):
        pick(ranking, ["7"])


def test_the_reason_in_words() -> None:
    read = Neighbour("1706.03762", "vaswani2017attention", "Attention", True, 0.9)
    unread = Neighbour("2106.09685", "hu2021lora", "LoRA", False, 0.8)
    both = _item(1, "2611.00001", [read, unread])
    assert both.reason == "like 1706.03762 (read) and 2106.09685"
    assert both.like_short == "1706.03762, 2106.09685"
    only_read = _item(1, "2611.00001", [read])
    assert only_read.reason == "like 1706.03762 that you read"
    assert only_read.like_short == "1706.03762 (read)"
    assert _item(1, "2611.00001").reason == "" and _item(1, "x").url == "https://arxiv.org/abs/x"
