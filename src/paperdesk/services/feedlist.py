"""The ranked feed: stored entries scored by the model of the library
(:mod:`paperdesk.services.feedrank`), each with the library papers it is most like; adding an
entry to the library (a paper with the arXiv metadata the feed gave) and dismissing one.

Ranking reads stored vectors only (no model is loaded): :func:`paperdesk.services.feed.
embed_feed` must have run for entries to be ranked; those without a vector are counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.members import member_id_for_read, my_reading
from paperdesk.search.abstracts import abstract_text, content_hash
from paperdesk.services import feedrank
from paperdesk.services.feed import window_days
from paperdesk.storage.models import Embedding, FeedEntry, Paper, PaperTag, utcnow

if TYPE_CHECKING:
    import numpy as np

# a read paper weighs 3 positives, a tagged one 2; a dismissed entry 3 negatives
READ_WEIGHT, TAG_WEIGHT, DISMISSED_WEIGHT = 3.0, 2.0, 3.0
NEIGHBOURS = 2  # library papers named in each row's reason


@dataclass(frozen=True)
class Neighbour:
    """A library paper a feed entry is like."""

    label: str  # its arXiv id, else its key
    key: str
    title: str
    read: bool
    similarity: float


@dataclass
class FeedItem:
    rank: int
    arxiv_id: str
    title: str
    authors: list[str]
    abstract: str
    categories: list[str]
    published: datetime | None
    score: float
    new: bool = False  # fetched by this run
    like: list[Neighbour] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """Why it ranks where it does: "like 1706.03762 and 2106.09685 that you read"."""
        if not self.like:
            return ""
        if all(n.read for n in self.like):
            return f"like {' and '.join(n.label for n in self.like)} that you read"
        names = [f"{n.label} (read)" if n.read else n.label for n in self.like]
        return f"like {' and '.join(names)}"

    @property
    def like_short(self) -> str:
        """The reason in a table cell: "1706.03762, 2106.09685 (read)"."""
        if not self.like:
            return ""
        read = " (read)" if all(n.read for n in self.like) else ""
        return ", ".join(n.label for n in self.like) + read

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"


@dataclass
class FeedRanking:
    items: list[FeedItem] = field(default_factory=list)
    total: int = 0  # entries ranked (``items`` may be the first ``limit``)
    model: str = "none"  # "classifier", "centroid", or "none" (no library vectors yet)
    positives: int = 0
    negatives: int = 0
    unembedded: int = 0  # entries in the window without a vector (run embed_feed)
    dismissed: int = 0
    in_library: int = 0
    since: datetime | None = None


def _vectors(s: Session, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
    import numpy as np

    out: dict[str, np.ndarray] = {}
    conn = s.connection()
    for start in range(0, len(hashes), 500):
        rows = conn.execute(
            select(Embedding.content_hash, Embedding.vector).where(
                Embedding.model == model, Embedding.content_hash.in_(hashes[start : start + 500])
            )
        )
        for h, blob in rows:
            out[h] = np.frombuffer(bytes(blob), dtype="<f4")
    return out


@dataclass
class _Positives:
    matrix: np.ndarray
    weights: np.ndarray
    papers: list[tuple[str, str, str, bool]]  # label, key, title, read


def _neighbour(paper: tuple[str, str, str, bool], similarity: float) -> Neighbour:
    label, key, title, read = paper
    return Neighbour(label, key, title, read, similarity)


def _positives(s: Session, model: str) -> _Positives:
    import numpy as np

    mine = member_id_for_read(s)
    tagged = set(s.scalars(select(PaperTag.paper_id).where(PaperTag.member_id == mine)))
    readings, on, my_state = my_reading(s, mine)
    rows = []
    for pid, key, arxiv_id, title, abstract, state in s.execute(
        select(
            Paper.id, Paper.key, Paper.arxiv_id, Paper.title, Paper.abstract, my_state
        ).outerjoin(readings, on)
    ):
        if text := abstract_text(title, abstract, arxiv_id):
            rows.append((content_hash(text), pid, key, arxiv_id, title, state == "read"))
    vecs = _vectors(s, model, [r[0] for r in rows])
    rows = [r for r in rows if r[0] in vecs]
    dim = len(next(iter(vecs.values()))) if vecs else 0
    matrix = np.array([vecs[r[0]] for r in rows], dtype=np.float32).reshape(len(rows), dim)
    weights = np.array(
        [1.0 + (READ_WEIGHT - 1.0) * r[5] + (TAG_WEIGHT - 1.0) * (r[1] in tagged) for r in rows]
    )
    papers = [(r[3] or r[2], r[2], r[4], r[5]) for r in rows]
    return _Positives(matrix, weights, papers)


@dataclass
class _Entry:
    id: int
    arxiv_id: str
    content_hash: str
    published: datetime | None
    dismissed: bool


def _entries(s: Session, model: str) -> tuple[list[_Entry], dict[str, np.ndarray]]:
    """Every feed entry (the columns ranking needs) and the vectors they have, in one join."""
    import numpy as np

    conn = s.connection()  # Core rows: no ORM bookkeeping for 10,000 of them
    entries = [
        _Entry(i, a, h, p, d is not None)
        for i, a, h, p, d in conn.execute(
            select(
                FeedEntry.id,
                FeedEntry.arxiv_id,
                FeedEntry.content_hash,
                FeedEntry.published,
                FeedEntry.dismissed_at,
            )
        ).all()
    ]
    rows = conn.execute(
        select(Embedding.content_hash, Embedding.vector)
        .join(FeedEntry, FeedEntry.content_hash == Embedding.content_hash)
        .where(Embedding.model == model)
    ).all()
    vecs = {h: np.frombuffer(bytes(blob), dtype="<f4") for h, blob in rows}
    return entries, vecs


def rank_feed(
    lib: Library,
    model: str,
    *,
    days: int | None = None,
    limit: int | None = None,
    new_ids: list[str] | None = None,
    now: datetime | None = None,
) -> FeedRanking:
    """The stored entries submitted in the last ``days`` (config ``feed_days``), not dismissed
    and not in the library, best first by the library model trained on ``model``'s vectors.
    Ranks are 1-based over all of them; neighbours are found for the first ``limit`` only."""
    since = (now or utcnow()) - timedelta(days=window_days(lib, days))
    report = FeedRanking(since=since)
    with lib.session() as s:
        held = set(s.scalars(select(Paper.arxiv_id).where(Paper.arxiv_id.is_not(None))))
        entries, vecs = _entries(s, model)
        report.in_library = sum(e.arxiv_id in held for e in entries)
        entries = [e for e in entries if e.arxiv_id not in held]
        window = [e for e in entries if e.published is None or e.published >= since]
        report.dismissed = sum(e.dismissed for e in window)
        window = [e for e in window if not e.dismissed]
        ranked = [e for e in window if e.content_hash in vecs]
        report.unembedded = len(window) - len(ranked)
        report.total = len(ranked)
        if not ranked:
            return report  # before reading the library's vectors: nothing to rank them with
        pos = _positives(s, model)
        with feedrank.one_blas_thread():
            scores, shown, near, sims = _score(report, pos, entries, ranked, vecs, limit)
        chosen = [ranked[i].id for i in shown]
        full = {e.id: e for e in s.scalars(select(FeedEntry).where(FeedEntry.id.in_(chosen)))}
        fresh = set(new_ids or [])
        for rank, (i, row, sim) in enumerate(zip(shown, near, sims, strict=True), start=1):
            e = full[ranked[i].id]
            like = [_neighbour(pos.papers[j], float(v)) for j, v in zip(row, sim, strict=True)]
            report.items.append(
                FeedItem(
                    rank=rank,
                    arxiv_id=e.arxiv_id,
                    title=e.title,
                    authors=list(e.authors or []),
                    abstract=e.abstract or "",
                    categories=list(e.categories or []),
                    published=e.published,
                    score=float(scores[i]),
                    new=e.arxiv_id in fresh,
                    like=like,
                )
            )
    return report


def _score(
    report: FeedRanking,
    pos: _Positives,
    entries: list[_Entry],
    ranked: list[_Entry],
    vecs: dict[str, np.ndarray],
    limit: int | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores of ``ranked``, the order shown (best first, then newest) and the nearest library
    papers of the rows shown."""
    import numpy as np

    cand = np.stack([vecs[e.content_hash] for e in ranked]).astype(np.float32, copy=False)
    if not len(pos.matrix):  # nothing to learn from yet: newest first
        scores = np.zeros(len(ranked))
    else:
        negatives = [e for e in entries if e.content_hash in vecs]
        neg = np.stack([vecs[e.content_hash] for e in negatives]).astype(np.float32, copy=False)
        neg_w = np.array([DISMISSED_WEIGHT if e.dismissed else 1.0 for e in negatives])
        trained = feedrank.train(pos.matrix, pos.weights, neg, neg_w)
        report.model, report.positives, report.negatives = (
            trained.kind,
            trained.positives,
            trained.negatives,
        )
        scores = trained.score(cand)
    stamp = np.array([e.published.timestamp() if e.published else 0.0 for e in ranked])
    order = np.lexsort((-stamp, -scores))
    shown = order[:limit] if limit else order
    near, sims = feedrank.nearest(cand[shown], pos.matrix, NEIGHBOURS)
    return scores, shown, near, sims


def pick(ranking: FeedRanking, refs: list[str]) -> list[str]:
    """arXiv ids of the rows named by rank number or arXiv id (all shown when none)."""
    from paperdesk.errors import InvalidIdError
    from paperdesk.ids import parse_arxiv_id

    if not refs:
        return [i.arxiv_id for i in ranking.items]
    by_rank = {str(i.rank): i.arxiv_id for i in ranking.items}
    out = []
    for ref in refs:
        if ref in by_rank:
            out.append(by_rank[ref])
            continue
        try:
            out.append(parse_arxiv_id(ref).base)
        except InvalidIdError:
            last = ranking.items[-1].rank if ranking.items else 0
            raise StateError(
                f"{ref!r} is neither a rank shown (1-{last}) nor an arXiv id"
            ) from None
    return list(dict.fromkeys(out))


@dataclass
class AddedEntry:
    arxiv_id: str
    paper_key: str
    created: bool


def add_feed(lib: Library, arxiv_ids: list[str], list_name: str) -> list[AddedEntry]:
    """Add feed entries to the library as papers carrying the arXiv metadata the feed gave
    (so no fetch of metadata is needed; ``paperdesk fetch`` downloads the PDF), at the end of
    ``list_name`` (created if new)."""
    from paperdesk.fetch.client import Metadata
    from paperdesk.ids import parse_arxiv_id
    from paperdesk.services.fetch import apply_metadata
    from paperdesk.storage import repository as repo

    out: list[AddedEntry] = []
    with lib.session() as s:
        rl = repo.ensure_list(s, list_name)
        entries = {
            e.arxiv_id: e
            for e in s.scalars(select(FeedEntry).where(FeedEntry.arxiv_id.in_(arxiv_ids)))
        }
        missing = [a for a in arxiv_ids if a not in entries]
        if missing:
            raise NotFoundError(
                f"not in the feed: {', '.join(missing)} (run 'paperdesk feed' first, or "
                "'paperdesk add ID')"
            )
        for aid in arxiv_ids:
            e = entries[aid]
            paper = s.scalar(select(Paper).where(Paper.arxiv_id == aid))
            created = paper is None
            if paper is None:
                paper = Paper(
                    arxiv_id=aid,
                    title=e.title,
                    authors=[],
                    categories=[],
                    url=f"https://arxiv.org/abs/{aid}",
                )
                s.add(paper)
                meta = Metadata(
                    arxiv_id=parse_arxiv_id(f"{aid}v{e.version}" if e.version else aid),
                    title=e.title,
                    authors=list(e.authors or []),
                    abstract=e.abstract or "",
                    categories=list(e.categories or []),
                    primary_category=e.primary_category or "",
                    published=e.published,
                    updated=e.updated,
                    doi=e.doi,
                    journal_ref=e.journal_ref,
                    comment=e.comment,
                    pdf_url=e.pdf_url,
                )
                apply_metadata(paper, meta)
                paper.metadata_fetched_at = e.fetched_at
                s.flush()  # its key is made now, from the feed's authors
            repo.append_to_list(s, rl, paper)
            out.append(AddedEntry(aid, paper.key, created))
    if any(a.created for a in out):
        from paperdesk.parse.citations import relink_citations

        with lib.session() as s:
            relink_citations(s)
    return out


def dismiss_feed(lib: Library, arxiv_ids: list[str]) -> int:
    """Hide these entries from the feed for good (and count them as negatives); returns how
    many were newly dismissed."""
    with lib.session() as s:
        ids = list(
            s.scalars(
                select(FeedEntry.id).where(
                    FeedEntry.arxiv_id.in_(arxiv_ids), FeedEntry.dismissed_at.is_(None)
                )
            )
        )
        if ids:
            s.execute(update(FeedEntry).where(FeedEntry.id.in_(ids)).values(dismissed_at=utcnow()))
        return len(ids)
