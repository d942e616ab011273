"""``feed``: a 200-entry ``search_query=cat:cs.CL`` listing over two pages from a local HTTP
server, fetched politely, stored apart from the library, embedded once, ranked by the library
(hash embedder: words, which is enough to tell attention papers from physics)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from paperdesk.library import Library
from paperdesk.search.abstracts import content_hash
from paperdesk.search.embedder import HashEmbedder
from paperdesk.services.feed import embed_feed, fetch_feed
from paperdesk.services.feedlist import add_feed, dismiss_feed, pick, rank_feed
from paperdesk.storage.models import Embedding, FeedEntry, Paper, utcnow
from paperdesk.tracking import set_state
from tests.fetch.feedserver import FeedArxiv, first_sentence, mixed_feed, records, serving

EMB = HashEmbedder(512)


@pytest.fixture
def arxiv_feed() -> Iterator[FeedArxiv]:
    with serving() as fake:
        yield fake


def _library(lib: Library, fake: FeedArxiv, *, short: bool = False, **settings: object) -> Library:
    """The library on attention papers (12 real abstracts, 5 read), talking to the fake."""
    attention, _ = records()
    values = {
        "arxiv_api_url": fake.api_url,
        "arxiv_delay": 0.2,
        "arxiv_retries": 2,
        "arxiv_timeout": 5,
        "feed_categories": "cs.CL",
        **settings,
    }
    changed = dataclasses.replace(lib.settings, **values)
    out = Library(changed, lib.db)
    with out.session() as s:
        s.execute(delete(Paper))
        for n, rec in enumerate(attention[-12:]):
            paper = Paper(
                arxiv_id=rec["id"].split("v")[0],
                title=rec["title"],
                abstract=first_sentence(rec["abstract"]) if short else rec["abstract"],
                authors=["Grace Hopper"],
                categories=["cs.CL"],
                year=rec["year"],
            )
            s.add(paper)
            s.flush()
            set_state(s, paper, "reading", "read" if n < 5 else "unread")
    return out


def _fetch_politely(base: Library, fake: FeedArxiv) -> tuple[Library, set[str], set[str]]:
    """The 200-entry cs.CL listing fetched through a busy server: checks the requests and
    what was stored; returns the library and the attention and physics ids."""
    attention, physics = records()
    # a title and one sentence each: the real model embeds the 212 texts in seconds
    att_ids, phys_ids = mixed_feed(fake, attention[:-12], physics, short=True)
    assert len(att_ids) > 20 and len(att_ids) + len(phys_ids) == 200
    lib = _library(base, fake, short=True)
    fake.faults = ["503:1"]  # busy at first: retried after the Retry-After second
    report = fetch_feed(lib)
    assert report.new == 200 and report.counts()["listed"] == 200
    hits = fake.hits
    assert len(hits) == 3 and report.requests == 3  # the 503, then two pages of 100
    assert hits[1].at - hits[0].at >= 1.0  # Retry-After honoured
    assert hits[2].at - hits[1].at >= 0.2  # the politeness delay between pages
    q = hits[1].query
    assert q["search_query"] == ["cat:cs.CL"] and q["sortBy"] == ["submittedDate"]
    assert q["sortOrder"] == ["descending"]
    assert [h.query["start"] for h in hits[1:]] == [["0"], ["100"]]
    with lib.session() as s:
        assert s.query(FeedEntry).count() == 200
        assert s.query(Paper).count() == 12  # the feed is not the library
    return lib, att_ids, phys_ids


def test_fetch_store_embed_once_and_since_last(any_lib: Library, arxiv_feed: FeedArxiv) -> None:
    lib, _, _ = _fetch_politely(any_lib, arxiv_feed)
    assert embed_feed(lib, EMB) == 212  # 200 entries, 12 library abstracts
    assert embed_feed(lib, EMB) == 0  # stored: a re-run embeds nothing
    ranking = rank_feed(lib, EMB.name, limit=10)
    assert ranking.model == "classifier" and ranking.total == 200 and len(ranking.items) == 10
    again = fetch_feed(lib, since_last=True)
    assert again.new == 0 and again.counts()["listed"] == 0
    assert len(arxiv_feed.hits) == 4  # one page, whose newest entry is not new: done


@pytest.mark.slow
def test_the_library_topic_ranks_first(lib: Library, arxiv_feed: FeedArxiv) -> None:
    """With the real model: hashed words cannot tell these apart (the attention papers are
    about vision, video, time series… and share few words with the library's)."""
    from paperdesk.search.embedder import SentenceTransformerEmbedder

    model = SentenceTransformerEmbedder(threads=2)
    lib, att_ids, phys_ids = _fetch_politely(lib, arxiv_feed)
    assert embed_feed(lib, model) == 212
    ranking = rank_feed(lib, model.name, limit=200)
    assert ranking.model == "classifier" and ranking.total == 200
    order = [i.arxiv_id for i in ranking.items]
    last_attention = max(order.index(a) for a in att_ids)
    first_physics = min(order.index(p) for p in phys_ids)
    assert last_attention < first_physics, "every attention paper ranks above every physics one"
    top = ranking.items[0]
    assert top.reason.startswith("like ") and len(top.like) == 2
    assert all(n.label in set(_library_ids(lib)) for n in top.like)


def _library_ids(lib: Library) -> list[str]:
    with lib.session() as s:
        return list(s.scalars(select(Paper.arxiv_id)))


def test_since_last_fetches_only_what_is_new(lib: Library, arxiv_feed: FeedArxiv) -> None:
    attention, physics = records()
    now = utcnow()
    for n in range(30):
        arxiv_feed.add(n, physics[n], "cs.CL", now - timedelta(hours=n + 1))
    lib = _library(lib, arxiv_feed, arxiv_delay=0)
    assert fetch_feed(lib, days=2).new == 30
    arxiv_feed.add(99, attention[0], "cs.CL", now - timedelta(minutes=5))
    arxiv_feed.add(98, attention[1], "cs.CL", now - timedelta(minutes=10))
    newer = fetch_feed(lib, since_last=True)
    assert newer.new_ids == ["2611.00099", "2611.00098"]
    embed_feed(lib, EMB)
    ranking = rank_feed(lib, EMB.name, new_ids=newer.new_ids)
    assert [i.arxiv_id for i in ranking.items[:2]] == ["2611.00099", "2611.00098"]
    assert ranking.items[0].new and not ranking.items[2].new
    # older than the window: stored, not shown
    assert rank_feed(lib, EMB.name, days=1, now=now + timedelta(hours=12)).total < 32


def test_small_library_falls_back_to_the_centroid(lib: Library, arxiv_feed: FeedArxiv) -> None:
    attention, physics = records()
    now = utcnow()
    arxiv_feed.add(1, physics[0], "cs.CL", now - timedelta(hours=1))
    arxiv_feed.add(2, attention[0], "cs.CL", now - timedelta(hours=2))
    lib = _library(lib, arxiv_feed, arxiv_delay=0)
    with lib.session() as s:
        for p in list(s.scalars(select(Paper)))[3:]:
            s.delete(p)
    fetch_feed(lib)
    embed_feed(lib, EMB)
    ranking = rank_feed(lib, EMB.name)
    assert ranking.model == "centroid" and ranking.positives == 3
    assert [i.arxiv_id for i in ranking.items] == ["2611.00002", "2611.00001"]


def test_add_and_dismiss(any_lib: Library, arxiv_feed: FeedArxiv) -> None:
    attention, physics = records()
    now = utcnow()
    for n in range(12):
        arxiv_feed.add(n, attention[n] if n % 2 else physics[n], "cs.CL", now - timedelta(hours=n))
    lib = _library(any_lib, arxiv_feed, arxiv_delay=0)
    fetch_feed(lib)
    embed_feed(lib, EMB)
    ranking = rank_feed(lib, EMB.name)
    first = ranking.items[0]
    added = add_feed(lib, pick(ranking, ["1"]), "new-papers")
    assert [(a.arxiv_id, a.created) for a in added] == [(first.arxiv_id, True)]
    with lib.session() as s:
        paper = s.scalar(select(Paper).where(Paper.arxiv_id == first.arxiv_id))
        assert paper is not None and paper.title == first.title and paper.abstract
        assert paper.authors == ["Ada Lovelace", "Alan Turing"] and paper.version == 1
        assert paper.key.startswith(f"lovelace{utcnow().year}")  # made from the feed's authors
        # its vector came along: the abstract passage's text hashes to the feed entry's
        assert s.scalar(select(Embedding.id).where(Embedding.model == EMB.name)) is not None
    after = rank_feed(lib, EMB.name)
    assert first.arxiv_id not in [i.arxiv_id for i in after.items]
    assert after.total == ranking.total - 1
    gone = after.items[0].arxiv_id
    assert dismiss_feed(lib, [gone]) == 1 and dismiss_feed(lib, [gone]) == 0
    final = rank_feed(lib, EMB.name)
    assert gone not in [i.arxiv_id for i in final.items] and final.dismissed == 1
    assert pick(final, ["2611.00003"]) == ["2611.00003"]


def test_feed_entries_stay_out_of_papers_and_search(lib: Library, arxiv_feed: FeedArxiv) -> None:
    from paperdesk.services.listing import PaperFilter, list_papers, open_reader

    _, physics = records()
    now = datetime.now()
    for n in range(5):
        arxiv_feed.add(n, physics[n], "cs.CL", now - timedelta(hours=n))
    lib = _library(lib, arxiv_feed, arxiv_delay=0)
    fetch_feed(lib)
    reader = open_reader(lib.settings)
    rows = list_papers(reader, PaperFilter(None, None, None, None, None))
    reader.close()
    assert len(rows) == 12 and not {r.arxiv_id for r in rows} & {f"2611.{n:05d}" for n in range(5)}


def test_feed_entries_stay_out_of_search_and_exports_until_added(
    lib: Library, arxiv_feed: FeedArxiv, tmp_path: Path
) -> None:
    from paperdesk.export.bibtex import export_bibtex
    from paperdesk.services.search import index_library, search

    attention, _ = records()
    word = "walrusformer"  # in the feed entry only
    rec = {**attention[0], "title": f"The {word}: attention for long inputs"}
    arxiv_feed.add(7, rec, "cs.CL", utcnow() - timedelta(hours=1))
    lib = _library(lib, arxiv_feed, arxiv_delay=0)
    fetch_feed(lib)
    embed_feed(lib, EMB)
    index_library(lib, embedder=EMB)
    assert search(lib, word, mode="keyword", embedder=EMB) == []
    near = search(lib, word, mode="hybrid", embedder=EMB)  # library papers only
    assert near and not any(word in h.title.lower() for h in near)
    bib = tmp_path / "library.bib"
    export_bibtex(lib, bib)
    assert word not in bib.read_text().lower()

    add_feed(lib, ["2611.00007"], "later")
    index_library(lib, embedder=EMB)
    hits = search(lib, word, mode="keyword", embedder=EMB)
    with lib.session() as s:
        key = s.scalar(select(Paper.key).where(Paper.arxiv_id == "2611.00007"))
    assert [h.key for h in hits][:1] == [key]
    export_bibtex(lib, bib)
    assert word in bib.read_text().lower()


def test_nothing_to_rank_embeds_nothing(any_lib: Library, arxiv_feed: FeedArxiv) -> None:
    """An empty feed, or one whose entries are all dismissed, in the library or older than the
    window, loads no model: not even the library's abstracts are embedded."""
    lib = _library(any_lib, arxiv_feed)

    def stored() -> int:
        with lib.session() as s:
            return s.query(Embedding).count()

    assert embed_feed(lib, EMB) == 0 and stored() == 0
    assert rank_feed(lib, EMB.name).total == 0
    attention, _ = records()
    now = utcnow()
    held_id = attention[-1]["id"].split("v")[0]
    with lib.session() as s:
        for aid, title, published, dismissed in (
            ("2601.00001", "Old", now - timedelta(days=30), None),
            ("2601.00002", "Gone", now, now),
            (held_id, "Held", now, None),
        ):
            s.add(
                FeedEntry(
                    arxiv_id=aid,
                    title=title,
                    published=published,
                    dismissed_at=dismissed,
                    content_hash=content_hash(title),
                )
            )
    assert embed_feed(lib, EMB) == 0 and stored() == 0
    assert embed_feed(lib, EMB, days=60) > 0  # the old entry is in a 60-day window
    assert stored() > 0
