"""Indexing and searching the library: the use-cases behind ``index``, ``search`` and
``similar`` (``sync`` lives in :mod:`paperdesk.services.sync`), shared by the CLI and the TUI.

The TUI keeps one embedder warm and passes it in; the CLI passes none and gets the cheapest
query encoder that matches the index (the ONNX export when there is one).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from paperdesk.config import Settings
from paperdesk.errors import SearchError
from paperdesk.parse.kinds import RANKED, ranked_sql
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.search import hybrid, keyword, pages, spelling, store, vectors
from paperdesk.services.listing import PaperFilter, check_tag_exists
from paperdesk.storage import queries
from paperdesk.storage.fastread import Reader, SessionReader, open_fast

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.search.embedder import Embedder

MODES = ("hybrid", "dense", "keyword")
_NO_PROGRESS = NullProgress()
EMBED_CHUNK = 256


@dataclass
class IndexReport:
    model: str
    papers: int = 0
    passages: int = 0
    abstracts_added: int = 0
    abstracts_updated: int = 0
    abstracts_removed: int = 0
    embedded: int = 0
    vectors: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    index_kind: str = "exact"
    recall_at_10: float | None = None
    onnx: str = "none"  # "exported", "present", "none" or "failed: <why>"

    @property
    def passages_per_second(self) -> float:
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


@dataclass
class SearchHit:
    key: str
    title: str
    year: int | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)
    section: str | None = None
    page: int | None = None  # the page of the best-matching words (search/pages.py)
    passage_id: int = 0
    kind: str = "body"  # of the passage: "abstract", "body" or "caption"
    reading: str = "unread"
    replication: str = "none"
    weak: bool = False  # no query word matched and nothing is close in meaning
    searched: str | None = None  # the query as searched, when a misspelt word was respelt


def _settings(owner: Library | Settings) -> Settings:
    return owner if isinstance(owner, Settings) else owner.settings


def _embedder_name(owner: Library | Settings, embedder: Embedder | None) -> str:
    if embedder is not None:
        return embedder.name
    from paperdesk.search.embedder import get_embedder

    return get_embedder(_settings(owner)).name


def index_library(
    lib: Library,
    *,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: Progress = _NO_PROGRESS,
) -> IndexReport:
    """Refresh abstract passages, embed every passage text that has no vector for the model
    (in length-sorted chunks, committed as they go), write the index and, for a
    sentence-transformers model, its ONNX export for fast cold queries."""
    from sqlalchemy import text

    from paperdesk.search import abstracts
    from paperdesk.search.embedder import get_embedder

    started = time.perf_counter()
    embedder = embedder or get_embedder(lib.settings)
    report = IndexReport(model=embedder.name)

    def prepare(s: Any) -> list[tuple[str, str]]:  # re-run if another index run raced it
        changes = abstracts.refresh_if_changed(s, force=True)
        report.abstracts_added, report.abstracts_updated, report.abstracts_removed = (
            changes.added,
            changes.updated,
            changes.removed,
        )
        ranked = f"FROM passages WHERE {ranked_sql('')}"  # what search can return
        report.papers = int(s.scalar(text(f"SELECT COUNT(DISTINCT paper_id) {ranked}")) or 0)
        report.passages = int(s.scalar(text(f"SELECT COUNT(*) {ranked}")) or 0)
        return vectors.missing(s, embedder.name)

    todo = lib.db.run(prepare)
    progress.start(len(todo), f"embedding with {embedder.name}")
    t0 = time.perf_counter()
    try:
        for start in range(0, len(todo), EMBED_CHUNK):
            if progress.cancelled():
                raise Cancelled()
            chunk = todo[start : start + EMBED_CHUNK]
            # one batch at a time library-wide: a second index run (another process or
            # member) skips what this one embedded instead of embedding it again
            with lib.db.lock(f"embed-{embedder.name}"):
                with lib.session() as s:
                    left = vectors.without_vector(s, embedder.name, [h for h, _ in chunk])
                mine = [(h, t) for h, t in chunk if h in left]
                if mine:
                    vecs = embedder.encode([t for _, t in mine])
                    with lib.session() as s:
                        vectors.store(s, embedder.name, [h for h, _ in mine], vecs)
            report.embedded += len(mine)
            progress.advance(len(chunk))
    finally:
        report.embed_seconds = time.perf_counter() - t0
    lib.db.run(lambda s: store.set_index_model(s, embedder.name))
    idx = store.ensure_index(
        SessionReader(lib), lib.settings.index_dir, embedder.name, rebuild=rebuild, approximate=True
    )
    report.vectors, report.index_kind = idx.count, idx.info.kind
    report.recall_at_10 = idx.info.recall_at_10
    report.onnx = _ensure_onnx(lib, embedder, progress)
    report.seconds = time.perf_counter() - started
    return report


def _ensure_onnx(lib: Library, embedder: Embedder, progress: Progress) -> str:
    from paperdesk.search import onnx
    from paperdesk.search.embedder import SentenceTransformerEmbedder

    if not isinstance(embedder, SentenceTransformerEmbedder):
        return "none"
    folder = onnx.export_dir(lib.settings, embedder.name)
    if onnx.read_export(folder, embedder.name) is not None:
        return "present"
    progress.message("exporting the model to ONNX for fast queries (once)")
    try:
        meta = onnx.export(embedder, folder)
    except (SearchError, RuntimeError, OSError, ValueError) as exc:
        progress.message(f"ONNX export failed ({exc}); queries will load the model instead")
        return f"failed: {exc}"
    return "exported" if meta else "none"


def query_encoder(owner: Library | Settings) -> Embedder:
    """The cold-path encoder for the configured model: the ONNX export when it exists and
    matches, else the sentence-transformers model itself."""
    from paperdesk.search.embedder import get_embedder, is_hash_model

    settings = _settings(owner)
    if not is_hash_model(settings.model):
        from paperdesk.search.onnx import load_encoder

        encoder = load_encoder(settings, get_embedder(settings).name)
        if encoder is not None:
            return encoder
    return get_embedder(settings)


class QueryEncoder:
    """Lazy wrapper: picks :func:`query_encoder` on first use (the TUI may build it early)."""

    def __init__(self, owner: Library | Settings) -> None:
        self.settings = _settings(owner)
        self._inner: Embedder | None = None
        self.name = _embedder_name(self.settings, None)

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = query_encoder(self.settings)
        return self._inner

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: list[str]) -> Any:
        return self.inner.encode(texts)


def embedded_count(owner: Library | Settings, embedder: Embedder | None = None) -> int:
    """How many passage texts have a vector for the model (0: dense search has nothing)."""
    model = _embedder_name(owner, embedder)
    if not isinstance(owner, Settings):
        return vectors.count(SessionReader(owner), model)
    reader = open_fast(owner)
    if reader is None:
        from paperdesk.library import Library

        return vectors.count(SessionReader(Library.open(owner)), model)
    try:
        return vectors.count(reader, model)
    finally:
        reader.close()


# --- searching ----------------------------------------------------------------------------


@dataclass
class _Ctx:
    """Where a search reads from: any reader, the settings, and the library when one is open
    (needed only to write: refreshing abstract passages)."""

    reader: Reader
    settings: Settings
    lib: Library | None = None


def _lib_ctx(lib: Library) -> _Ctx:
    reader = SessionReader(lib)
    if not store.abstracts_current(reader):
        from paperdesk.search import abstracts

        with lib.session() as s:
            abstracts.refresh_if_changed(s)
    return _Ctx(reader, lib.settings, lib)


def _filter_sql(ctx: _Ctx, flt: PaperFilter | None) -> tuple[str | None, dict[str, Any]]:
    """A SELECT of the paper ids ``flt`` allows (None: all papers)."""
    params = flt.params() if flt is not None else {}
    if not params:
        return None, {}
    where = []
    if "list" in params:
        if not ctx.reader.rows(
            "SELECT 1 FROM reading_lists WHERE name = :list", {"list": params["list"]}
        ):
            from paperdesk.closest import unknown_list

            names = ctx.reader.rows("SELECT name FROM reading_lists ORDER BY name")
            raise unknown_list(params["list"], (r[0] for r in names))
        where.append(
            "p.id IN (SELECT e.paper_id FROM list_entries e JOIN reading_lists l "
            "ON l.id = e.list_id WHERE l.name = :list)"
        )
    if "reading" in params:
        where.append(f"{queries.READING_STATE} = :reading")
    if "replication" in params:
        where.append("p.replication_state = :replication")
    if "year" in params:
        where.append("p.year = :year")
    if "tag" in params:
        check_tag_exists(ctx.reader, params["tag"])
        where.append(
            "p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t "
            "ON t.id = pt.tag_id WHERE t.name = :tag AND pt.member_id = :member)"
        )
    params["member"] = ctx.reader.member()
    sql = f"SELECT p.id FROM papers p {queries.reading_join()} WHERE " + " AND ".join(where)
    return sql, params


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")


def _index(ctx: _Ctx, model: str, *, rebuild: bool = False) -> Any:
    return store.ensure_index(ctx.reader, ctx.settings.index_dir, model, rebuild=rebuild)


def _dense_hits(
    ctx: _Ctx,
    model: str,
    query_vec: Any,
    n: int,
    *,
    allowed: set[int] | None,
    exclude_paper: int | None = None,
) -> list[hybrid.Hit]:
    idx = _index(ctx, model)
    for attempt in range(2):
        found = idx.search(query_vec, n, allowed_papers=allowed, exclude_paper=exclude_paper)
        if attempt or store.check_rows(ctx.reader, idx, [r for r, _ in found[:50]]):
            break
        idx = _index(ctx, model, rebuild=True)
    return [(int(idx.passage_ids[r]), int(idx.paper_ids[r]), score) for r, score in found]


def search(
    lib: Library,
    query: str,
    *,
    k: int = 10,
    mode: str = "hybrid",
    filters: PaperFilter | None = None,
    embedder: Embedder | None = None,
    fusion: tuple[str, float] | None = None,
) -> list[SearchHit]:
    """Papers best matching ``query``, one row per paper with its best passage.

    Keyword mode needs no model. Hybrid mode falls back to keywords alone while nothing has
    been embedded for the model yet; dense mode then says so.
    """
    _check_mode(mode)
    return _search(
        _lib_ctx(lib), query, k=k, mode=mode, filters=filters, embedder=embedder, fusion=fusion
    )


def search_settings(
    settings: Settings,
    query: str,
    *,
    k: int = 10,
    mode: str = "hybrid",
    filters: PaperFilter | None = None,
) -> list[SearchHit]:
    """:func:`search` for a new process: on the default SQLite library, when it is current,
    read it with stdlib sqlite3 (no SQLAlchemy import) and encode the query with the ONNX
    export; otherwise open the library as usual."""
    _check_mode(mode)
    reader = open_fast(settings)
    if reader is not None and store.abstracts_current(reader):
        try:
            return _search(_Ctx(reader, settings), query, k=k, mode=mode, filters=filters)
        finally:
            reader.close()
    if reader is not None:
        reader.close()
    from paperdesk.library import Library

    return search(Library.open(settings), query, k=k, mode=mode, filters=filters)


def _search(
    ctx: _Ctx,
    query: str,
    *,
    k: int,
    mode: str,
    filters: PaperFilter | None,
    embedder: Embedder | None = None,
    fusion: tuple[str, float] | None = None,
) -> list[SearchHit]:
    query = query.strip()
    if not query:
        raise SearchError("nothing to search for: give some words")
    k = max(1, k)
    sql, params = _filter_sql(ctx, filters)
    allowed = None
    if sql is not None:
        allowed = {int(r[0]) for r in ctx.reader.rows(sql, params)}
        if not allowed:
            return []
    n_dense, n_keyword = max(200, 20 * k), max(100, 10 * k)
    spelled = spelling.correct(ctx.reader, query)  # words no passage has, respelt
    query = spelled.text
    dense: list[hybrid.Hit] = []
    kw: list[hybrid.Hit] = []
    weak = False
    if mode in ("hybrid", "keyword"):
        kw = keyword.search(ctx.reader, query, limit=n_keyword, paper_filter_sql=sql, params=params)
    if mode in ("hybrid", "dense"):
        model = _embedder_name(ctx.settings, embedder)
        have = vectors.count(ctx.reader, model)
        if have == 0 and mode == "dense":
            raise SearchError(f"nothing is embedded with {model!r} yet: run 'paperdesk index'")
        if have:
            encoder = embedder or query_encoder(ctx.settings)
            qvec = encoder.encode([query])[0]
            dense = _dense_hits(ctx, model, qvec, n_dense, allowed=allowed)
            weak = not kw and max((h[2] for h in dense), default=0.0) < hybrid.WEAK_COSINE
            dense = _feedback(ctx, model, qvec, dense, kw, n_dense, fusion, allowed=allowed)
    named = keyword.named_papers(ctx.reader, query, paper_filter_sql=sql, params=params)
    if not named and spelled.unknown:  # a title typed with a typo or two
        named = spelling.near_titles(ctx.reader, query, paper_filter_sql=sql, params=params)
    hits = _rank(ctx, query, dense, kw, mode, k, fusion, named=named, weak=weak)
    if spelled.fixes:  # say what was searched for (the CLI and the TUI show it)
        hits = [replace(h, searched=query) for h in hits]
    return hits


def _feedback(
    ctx: _Ctx,
    model: str,
    qvec: Any,
    dense: list[hybrid.Hit],
    kw: list[hybrid.Hit],
    n: int,
    fusion: tuple[str, float] | None,
    *,
    allowed: set[int] | None = None,
) -> list[hybrid.Hit]:
    """Dense hits again for the query moved towards the first fused ranking's top passages
    (:func:`hybrid.feedback_vector`); the first hits when there is nothing to fuse. Typed
    queries only: ``similar`` starts from a whole abstract's vector, which feedback did not
    improve (csfcube nDCG@20 0.543 -> 0.537)."""
    if not dense or not kw:
        return dense
    method, weight = fusion or (hybrid.DEFAULT_METHOD, hybrid.DEFAULT_DENSE_WEIGHT)
    idx = _index(ctx, model)  # the one the first hits came from (and were checked against)
    moved = hybrid.feedback_vector(
        idx, qvec, hybrid.fuse(dense, kw, method=method, dense_weight=weight)
    )
    if moved is None:
        return dense
    found = idx.search(moved, n, allowed_papers=allowed)
    return [(int(idx.passage_ids[r]), int(idx.paper_ids[r]), score) for r, score in found]


def _rank(
    ctx: _Ctx,
    query: str,
    dense: list[hybrid.Hit],
    kw: list[hybrid.Hit],
    mode: str,
    k: int,
    fusion: tuple[str, float] | None,
    *,
    named: dict[int, int] | None = None,
    weak: bool = False,
) -> list[SearchHit]:
    if mode == "hybrid" and dense and kw:
        method, weight = fusion or (hybrid.DEFAULT_METHOD, hybrid.DEFAULT_DENSE_WEIGHT)
        ranked = hybrid.fuse(dense, kw, method=method, dense_weight=weight)
    else:
        ranked = hybrid.single(dense or kw)
    ranked = hybrid.promote(ranked, named or {})  # the paper the query names comes first
    return _hits(ctx, ranked[:k], query, weak=weak)


def _hits(
    ctx: _Ctx, ranked: list[hybrid.PaperScore], query: str, *, weak: bool = False
) -> list[SearchHit]:
    if not ranked:
        return []
    sql, params = store.in_list("p", [p.paper_id for p in ranked])
    papers = {
        r[0]: r
        for r in ctx.reader.rows(
            f"SELECT p.id, p.key, p.title, p.year, {queries.READING_STATE}, p.replication_state "
            f"FROM papers p {queries.reading_join()} WHERE p.id IN {sql}",
            {**params, "member": ctx.reader.member()},
        )
    }
    sql, params = store.in_list("s", [p.passage_id for p in ranked])
    passages = {
        r[0]: r
        for r in ctx.reader.rows(
            f"SELECT id, text, section, page_start, pages, kind FROM passages WHERE id IN {sql}",
            params,
        )
    }
    out = []
    for p in ranked:
        paper, passage = papers.get(p.paper_id), passages.get(p.passage_id)
        if paper is None or passage is None or passage[5] not in RANKED:
            continue  # deleted meanwhile (or re-parsed into a kind that is not ranked)
        part = pages.best_stretch(passage[1], passage[4], query)
        within = (part.start, part.end) if part is not None else None
        snippet, spans = hybrid.snippet(passage[1], query, within=within)
        out.append(
            SearchHit(
                key=paper[1],
                title=paper[2],
                year=paper[3],
                score=round(float(p.score), 6),
                snippet=snippet,
                highlights=spans,
                section=passage[2],
                page=part.page if part is not None else passage[3],
                passage_id=int(passage[0]),
                kind=passage[5],
                reading=paper[4],
                replication=paper[5],
                weak=weak,
            )
        )
    return out


def similar(
    lib: Library,
    ref: str,
    *,
    k: int = 10,
    embedder: Embedder | None = None,
    mode: str = "hybrid",
    fusion: tuple[str, float] | None = None,
) -> list[SearchHit]:
    """Papers like ``ref``: its stored vectors (abstract first) against every other paper's
    passages, fused with a keyword search on its title and abstract. Needs no model loaded."""
    import numpy as np

    from paperdesk.storage.repository import find_paper

    _check_mode(mode)
    k = max(1, k)
    ctx = _lib_ctx(lib)
    with lib.session() as s:
        paper = find_paper(s, ref)
        pid, key, title = paper.id, paper.key, paper.title
    rows = ctx.reader.rows(
        "SELECT id, text FROM passages WHERE paper_id = :p AND kind = 'abstract' ORDER BY id",
        {"p": pid},
    )
    abstract_ids = {int(r[0]) for r in rows}
    source = rows[0][1] if rows else None
    dense: list[hybrid.Hit] = []
    kw: list[hybrid.Hit] = []
    if mode in ("hybrid", "dense"):
        model = _embedder_name(lib, embedder)
        idx = _index(ctx, model)
        mine = idx.rows_of_paper(pid)
        if mine.size:
            main = [r for r in mine if int(idx.passage_ids[r]) in abstract_ids]
            vec = np.asarray(idx.matrix[main[:1] if main else mine], dtype=np.float32)
            qvec = vec.mean(axis=0)
            qvec /= max(float(np.linalg.norm(qvec)), 1e-12)
            dense = _dense_hits(ctx, model, qvec, max(200, 20 * k), allowed=None, exclude_paper=pid)
        elif mode == "dense":
            raise SearchError(f"{key} has no vectors yet: run 'paperdesk index'")
    if mode in ("hybrid", "keyword") and source:
        kw = keyword.search(ctx.reader, source, limit=max(100, 10 * k), exclude_paper=pid)
    if not dense and not kw and not source:
        raise SearchError(
            f"{key} has no text to compare yet: run 'paperdesk fetch {key}' "
            "for its abstract, then 'paperdesk index'"
        )
    fusion = fusion or (hybrid.DEFAULT_METHOD, hybrid.SIMILAR_DENSE_WEIGHT)
    return _rank(ctx, title or "", dense, kw, mode, k, fusion)
