"""``paperdesk feed``: recent arXiv submissions, kept apart from the library and ranked by it.

Three steps, each usable alone (the CLI runs all three, the TUI ranks what is stored and
fetches in a worker):

1. :func:`fetch_feed` lists each configured category's submissions of the last days (or, with
   ``since_last``, those newer than the newest one seen by the previous run) through the polite
   arXiv client, and stores them in ``feed_entries``: never in ``papers``, so the papers table,
   search and exports do not see them.
2. :func:`embed_feed` embeds the entries' title + abstract, and the library's, with the
   configured model. Vectors go to ``embeddings`` keyed by the hash of that text, so nothing is
   embedded twice and a feed entry added to the library brings its vector along. With nothing
   to rank in the window (no entry, or all dismissed or in the library) it loads no model.
3. :func:`rank_feed` trains :mod:`paperdesk.services.feedrank`'s model of the library on the
   stored vectors and ranks the entries, each with the library papers it is most like.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from paperdesk.errors import StateError
from paperdesk.library import Library
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.search.abstracts import abstract_text, content_hash
from paperdesk.storage.models import Embedding, FeedEntry, Meta, Paper, utcnow

if TYPE_CHECKING:
    from paperdesk.fetch.client import Metadata
    from paperdesk.fetch.http import Http
    from paperdesk.search.embedder import Embedder

LAST_KEY = "feed:last:"  # + category: the newest submission time seen (ISO), for since_last
EMBED_CHUNK = 64


# --- fetching ----------------------------------------------------------------------------------


@dataclass
class CategoryFetch:
    category: str
    since: datetime
    listed: int = 0  # entries the API returned after ``since``
    new: int = 0
    updated: int = 0  # a newer version of an entry already stored


@dataclass
class FeedFetchReport:
    categories: list[CategoryFetch] = field(default_factory=list)
    requests: int = 0
    new_ids: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return len(self.new_ids)

    def counts(self) -> dict[str, int]:
        return {
            "listed": sum(c.listed for c in self.categories),
            "new": self.new,
            "updated": sum(c.updated for c in self.categories),
            "requests": self.requests,
        }


def categories_of(lib: Library, given: Iterable[str] = ()) -> list[str]:
    from paperdesk.fetch.feed import parse_categories

    given = list(given)
    if given:
        return parse_categories(given, "--category")
    return parse_categories(lib.settings.feed_categories, "PAPERDESK_FEED_CATEGORIES")


def fetch_feed(
    lib: Library,
    categories: Iterable[str] = (),
    *,
    days: int | None = None,
    since_last: bool = False,
    http: Http | None = None,
    now: datetime | None = None,
    progress: Progress = NullProgress(),
) -> FeedFetchReport:
    """List and store each category's recent submissions (see the module docstring); each
    category's entries are committed once listed, so a failure later keeps them."""
    from paperdesk.fetch.client import ArxivClient
    from paperdesk.fetch.feed import recent
    from paperdesk.fetch.http import Http

    cats = categories_of(lib, categories)
    days = window_days(lib, days)
    now = now or utcnow()
    own = http is None
    http = http or Http.from_settings(lib.settings)
    client = ArxivClient(lib.settings, http)
    report = FeedFetchReport()
    before = http.requests_made
    try:
        for cat in cats:
            since = now - timedelta(days=days)
            if since_last:
                with lib.session() as s:
                    row = s.get(Meta, LAST_KEY + cat)
                    if row is not None:
                        since = datetime.fromisoformat(row.value)
            done = CategoryFetch(cat, since)
            report.categories.append(done)
            progress.start(None, f"feed {cat}")
            listed: list[Metadata] = []
            for meta in recent(client, cat, since, limit=lib.settings.feed_max):
                listed.append(meta)
                progress.advance(item=meta.arxiv_id.base)
                if progress.cancelled():
                    raise Cancelled()
            done.listed = len(listed)
            with lib.session() as s:
                _store(s, listed, done, report)
                newest = max((m.published for m in listed if m.published), default=None)
                if newest is not None:
                    _set_last(s, cat, newest)
    finally:
        report.requests = http.requests_made - before
        if own:
            http.close()
    return report


def window_days(lib: Library, days: int | None) -> int:
    days = lib.settings.feed_days if days is None else days
    if days < 1:
        raise StateError(f"--days must be at least 1 (got {days})")
    return days


def _set_last(s: Session, category: str, newest: datetime) -> None:
    row = s.get(Meta, LAST_KEY + category)
    if row is None:
        s.add(Meta(key=LAST_KEY + category, value=newest.isoformat()))
    elif datetime.fromisoformat(row.value) < newest:
        row.value = newest.isoformat()


def _store(
    s: Session, listed: list[Metadata], done: CategoryFetch, report: FeedFetchReport
) -> None:
    ids = [m.arxiv_id.base for m in listed]
    have = {e.arxiv_id: e for e in s.scalars(select(FeedEntry).where(FeedEntry.arxiv_id.in_(ids)))}
    for meta in listed:
        base = meta.arxiv_id.base
        entry = have.get(base)
        if entry is None:
            entry = FeedEntry(arxiv_id=base)
            s.add(entry)
            have[base] = entry
            done.new += 1
            report.new_ids.append(base)
        elif (meta.version or 0) > (entry.version or 0):
            done.updated += 1
        else:
            continue  # listed under two categories, or unchanged since the last run
        entry.version = meta.version
        entry.title = meta.title
        entry.authors = list(meta.authors)
        entry.abstract = meta.abstract
        entry.categories = list(meta.categories)
        entry.primary_category = meta.primary_category or None
        entry.published, entry.updated = meta.published, meta.updated
        entry.doi, entry.journal_ref, entry.comment = meta.doi, meta.journal_ref, meta.comment
        entry.pdf_url = meta.pdf_url
        entry.content_hash = content_hash(embed_text(entry.title, entry.abstract, base))
    s.flush()


def embed_text(title: str | None, abstract: str | None, arxiv_id: str | None) -> str:
    """What is embedded: the text of the abstract passage the paper would have."""
    return abstract_text(title, abstract, arxiv_id) or ""


# --- embedding ---------------------------------------------------------------------------------


def _library_texts(s: Session) -> dict[str, str]:
    out: dict[str, str] = {}
    for title, abstract, arxiv_id in s.execute(select(Paper.title, Paper.abstract, Paper.arxiv_id)):
        if text := abstract_text(title, abstract, arxiv_id):
            out.setdefault(content_hash(text), text)
    return out


def _have(s: Session, model: str, hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        found.update(
            s.scalars(
                select(Embedding.content_hash).where(
                    Embedding.model == model, Embedding.content_hash.in_(chunk)
                )
            )
        )
    return found


def has_candidates(s: Session, since: datetime) -> bool:
    """Whether any feed entry submitted since ``since`` (or undated) is neither dismissed nor
    in the library: something :func:`~paperdesk.services.feedlist.rank_feed` would rank."""
    held = select(Paper.arxiv_id).where(Paper.arxiv_id.is_not(None))
    first = (
        select(FeedEntry.id)
        .where(
            FeedEntry.dismissed_at.is_(None),
            or_(FeedEntry.published.is_(None), FeedEntry.published >= since),
            FeedEntry.arxiv_id.not_in(held),
        )
        .limit(1)
    )
    return s.scalar(first) is not None


def embed_feed(
    lib: Library,
    embedder: Embedder,
    *,
    days: int | None = None,
    now: datetime | None = None,
    progress: Progress = NullProgress(),
) -> int:
    """Embed every feed entry and library abstract that has no vector for the model; returns
    how many texts were embedded (0 on a re-run). Nothing is embedded (and no model loaded)
    when no entry of the last ``days`` (config ``feed_days``) is there to rank."""
    from paperdesk.search import vectors

    since = (now or utcnow()) - timedelta(days=window_days(lib, days))
    with lib.session() as s:
        if not has_candidates(s, since):
            return 0
        texts = _library_texts(s)
        for h, title, abstract, arxiv_id in s.execute(
            select(FeedEntry.content_hash, FeedEntry.title, FeedEntry.abstract, FeedEntry.arxiv_id)
        ):
            texts.setdefault(h, embed_text(title, abstract, arxiv_id))
        have = _have(s, embedder.name, list(texts))
    todo = sorted(((h, t) for h, t in texts.items() if h not in have), key=lambda r: len(r[1]))
    progress.start(len(todo), f"embedding the feed with {embedder.name}")
    for start in range(0, len(todo), EMBED_CHUNK):
        if progress.cancelled():
            raise Cancelled()
        chunk = todo[start : start + EMBED_CHUNK]
        vecs = embedder.encode([t for _, t in chunk])
        with lib.session() as s:
            vectors.store(s, embedder.name, [h for h, _ in chunk], vecs)
        progress.advance(len(chunk))
    return len(todo)
