"""Indexing and searching the library: the use-cases behind ``index``, ``search``, ``similar``
and ``sync``, shared by the CLI and the TUI.

The TUI keeps one embedder warm and passes it in; the CLI passes none and gets the cheapest
query encoder that matches the index (the ONNX export when there is one).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from paperdesk.errors import NotFoundError, SearchError
from paperdesk.library import Library
from paperdesk.progress import Cancelled, NullProgress, Progress
from paperdesk.search import abstracts, hybrid, keyword, store, vectors
from paperdesk.services.listing import PaperFilter

if TYPE_CHECKING:
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
    page: int | None = None
    passage_id: int = 0
    reading: str = "unread"
    replication: str = "none"


@dataclass
class SyncReport:
    fetch: Any = None
    parse: Any = None
    index: IndexReport | None = None


def _embedder_name(lib: Library, embedder: Embedder | None) -> str:
    if embedder is not None:
        return embedder.name
    from paperdesk.search.embedder import get_embedder

    return get_embedder(lib.settings).name


def index_library(lib: Library, *, rebuild: bool = False, embedder: Embedder | None = None,
                  progress: Progress = _NO_PROGRESS) -> IndexReport:
    """Refresh abstract passages, embed every passage text that has no vector for the model
    (in length-sorted chunks, committed as they go), write the index and, for a
    sentence-transformers model, its ONNX export for fast cold queries."""
    from paperdesk.search.embedder import get_embedder

    started = time.perf_counter()
    embedder = embedder or get_embedder(lib.settings)
    report = IndexReport(model=embedder.name)
    with lib.session() as s:
        changes = abstracts.refresh_if_changed(s, force=True)
        report.abstracts_added, report.abstracts_updated, report.abstracts_removed = (
            changes.added, changes.updated, changes.removed)
        todo = vectors.missing(s, embedder.name)
        report.papers = int(s.scalar(text("SELECT COUNT(DISTINCT paper_id) FROM passages")) or 0)
        report.passages = int(s.scalar(text("SELECT COUNT(*) FROM passages")) or 0)
    progress.start(len(todo), f"embedding with {embedder.name}")
    t0 = time.perf_counter()
    try:
        for start in range(0, len(todo), EMBED_CHUNK):
            if progress.cancelled():
                raise Cancelled()
            chunk = todo[start:start + EMBED_CHUNK]
            vecs = embedder.encode([t for _, t in chunk])
            with lib.session() as s:
                vectors.store(s, embedder.name, [h for h, _ in chunk], vecs)
            report.embedded += len(chunk)
            progress.advance(len(chunk))
    finally:
        report.embed_seconds = time.perf_counter() - t0
    with lib.session() as s:
        store.set_index_model(s, embedder.name)
    idx = store.ensure_index(lib, embedder.name, rebuild=rebuild)
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


def query_encoder(lib: Library) -> Embedder:
    """The cold-path encoder for the configured model: the ONNX export when it exists and
    matches, else the sentence-transformers model itself."""
    from paperdesk.search.embedder import get_embedder, is_hash_model

    if not is_hash_model(lib.settings.model):
        from paperdesk.search.onnx import load_encoder

        encoder = load_encoder(lib.settings, get_embedder(lib.settings).name)
        if encoder is not None:
            return encoder
    return get_embedder(lib.settings)


class QueryEncoder:
    """Lazy wrapper: picks :func:`query_encoder` on first use (the TUI may build it early)."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._inner: Embedder | None = None
        self.name = _embedder_name(lib, None)

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = query_encoder(self.lib)
        return self._inner

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: list[str]) -> Any:
        return self.inner.encode(texts)


def embedded_count(lib: Library, embedder: Embedder | None = None) -> int:
    """How many passage texts have a vector for the model (0: dense search has nothing)."""
    with lib.session() as s:
        return vectors.count(s, _embedder_name(lib, embedder))


# --- searching ----------------------------------------------------------------------------

def _filter_sql(session: Any, flt: PaperFilter | None) -> tuple[str | None, dict[str, Any]]:
    """A SELECT of the paper ids ``flt`` allows (None: all papers)."""
    if flt is None:
        return None, {}
    params = flt.params()
    if not params:
        return None, {}
    where = []
    if "list" in params:
        if session.execute(text("SELECT 1 FROM reading_lists WHERE name = :list"),
                           {"list": params["list"]}).first() is None:
            names = ", ".join(session.scalars(text("SELECT name FROM reading_lists ORDER BY name")))
            raise NotFoundError(f"no reading list {flt.list_name!r}; lists: {names or '(none)'}")
        where.append("p.id IN (SELECT e.paper_id FROM list_entries e JOIN reading_lists l "
                     "ON l.id = e.list_id WHERE l.name = :list)")
    if "reading" in params:
        where.append("p.reading_state = :reading")
    if "replication" in params:
        where.append("p.replication_state = :replication")
    if "year" in params:
        where.append("p.year = :year")
    if "tag" in params:
        where.append("p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t "
                     "ON t.id = pt.tag_id WHERE t.name = :tag)")
    return "SELECT p.id FROM papers p WHERE " + " AND ".join(where), params


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")


def _dense_hits(lib: Library, model: str, query_vec: Any, n: int, *, allowed: set[int] | None,
                exclude_paper: int | None = None) -> list[hybrid.Hit]:
    idx = store.ensure_index(lib, model)
    for attempt in range(2):
        found = idx.search(query_vec, n, allowed_papers=allowed, exclude_paper=exclude_paper)
        with lib.session() as s:
            fresh = store.check_rows(s, idx, [r for r, _ in found[:50]])
        if fresh or attempt:
            break
        idx = store.ensure_index(lib, model, rebuild=True)
    return [(int(idx.passage_ids[r]), int(idx.paper_ids[r]), score) for r, score in found]


def _allowed(lib: Library,
             flt: PaperFilter | None) -> tuple[str | None, dict[str, Any], set[int] | None]:
    with lib.session() as s:
        abstracts.refresh_if_changed(s)
        sql, params = _filter_sql(s, flt)
        allowed = None
        if sql is not None:
            allowed = {int(r[0]) for r in s.execute(text(sql), params)}
    return sql, params, allowed


def search(lib: Library, query: str, *, k: int = 10, mode: str = "hybrid",
           filters: PaperFilter | None = None, embedder: Embedder | None = None,
           fusion: tuple[str, float] | None = None) -> list[SearchHit]:
    """Papers best matching ``query``, one row per paper with its best passage.

    Keyword mode needs no model. Hybrid mode falls back to keywords alone while nothing has
    been embedded for the model yet; dense mode then says so.
    """
    _check_mode(mode)
    query = query.strip()
    if not query:
        raise SearchError("nothing to search for: give some words")
    k = max(1, k)
    sql, params, allowed = _allowed(lib, filters)
    if allowed is not None and not allowed:
        return []
    n_dense, n_keyword = max(200, 20 * k), max(100, 10 * k)
    dense: list[hybrid.Hit] = []
    kw: list[hybrid.Hit] = []
    if mode in ("hybrid", "keyword"):
        with lib.session() as s:
            kw = keyword.search(s, query, limit=n_keyword, paper_filter_sql=sql, params=params)
    if mode in ("hybrid", "dense"):
        model = _embedder_name(lib, embedder)
        with lib.session() as s:
            have = vectors.count(s, model)
        if have == 0 and mode == "dense":
            raise SearchError(f"nothing is embedded with {model!r} yet: run 'paperdesk index'")
        if have:
            encoder = embedder or query_encoder(lib)
            qvec = encoder.encode([query])[0]
            dense = _dense_hits(lib, model, qvec, n_dense, allowed=allowed)
    return _rank(lib, query, dense, kw, mode, k, fusion)


def _rank(lib: Library, query: str, dense: list[hybrid.Hit], kw: list[hybrid.Hit], mode: str,
          k: int, fusion: tuple[str, float] | None) -> list[SearchHit]:
    if mode == "hybrid" and dense and kw:
        method, weight = fusion or (hybrid.DEFAULT_METHOD, hybrid.DEFAULT_DENSE_WEIGHT)
        ranked = hybrid.fuse(dense, kw, method=method, dense_weight=weight)
    else:
        ranked = hybrid.single(dense or kw)
    return _hits(lib, ranked[:k], query)


def _hits(lib: Library, ranked: list[hybrid.PaperScore], query: str) -> list[SearchHit]:
    if not ranked:
        return []
    from sqlalchemy import bindparam

    with lib.session() as s:
        papers = {r[0]: r for r in s.execute(
            text("SELECT id, key, title, year, reading_state, replication_state FROM papers "
                 "WHERE id IN :ids").bindparams(bindparam("ids", expanding=True)),
            {"ids": [p.paper_id for p in ranked]},
        )}
        passages = {r[0]: r for r in s.execute(
            text("SELECT id, text, section, page_start FROM passages WHERE id IN :ids")
            .bindparams(bindparam("ids", expanding=True)),
            {"ids": [p.passage_id for p in ranked]},
        )}
    out = []
    for p in ranked:
        paper, passage = papers.get(p.paper_id), passages.get(p.passage_id)
        if paper is None or passage is None:
            continue  # deleted meanwhile
        snippet, spans = hybrid.snippet(passage[1], query)
        out.append(SearchHit(
            key=paper[1], title=paper[2], year=paper[3], score=round(float(p.score), 6),
            snippet=snippet, highlights=spans, section=passage[2], page=passage[3],
            passage_id=int(passage[0]), reading=paper[4], replication=paper[5],
        ))
    return out


def similar(lib: Library, ref: str, *, k: int = 10, embedder: Embedder | None = None,
            mode: str = "hybrid", fusion: tuple[str, float] | None = None) -> list[SearchHit]:
    """Papers like ``ref``: its stored vectors (abstract first) against every other paper's
    passages, fused with a keyword search on its title and abstract. Needs no model loaded."""
    import numpy as np

    from paperdesk.storage.repository import find_paper

    _check_mode(mode)
    k = max(1, k)
    with lib.session() as s:
        abstracts.refresh_if_changed(s)
    with lib.session() as s:
        paper = find_paper(s, ref)
        pid, title = paper.id, paper.title
        source = s.execute(
            text("SELECT text FROM passages WHERE paper_id = :p AND kind = 'abstract' "
                 "ORDER BY id LIMIT 1"), {"p": pid},
        ).scalar()
    dense: list[hybrid.Hit] = []
    kw: list[hybrid.Hit] = []
    if mode in ("hybrid", "dense"):
        model = _embedder_name(lib, embedder)
        idx = store.ensure_index(lib, model)
        rows = idx.rows_of_paper(pid)
        if rows.size:
            with lib.session() as s:
                abstract_ids = set(s.scalars(text(
                    "SELECT id FROM passages WHERE paper_id = :p AND kind = 'abstract'"),
                    {"p": pid}))
            main = [r for r in rows if int(idx.passage_ids[r]) in abstract_ids]
            vec = np.asarray(idx.matrix[main[0] if main else rows]).reshape(-1, idx.info.dim)
            qvec = vec.mean(axis=0)
            qvec /= max(float(np.linalg.norm(qvec)), 1e-12)
            dense = _dense_hits(lib, model, qvec, max(200, 20 * k), allowed=None,
                                exclude_paper=pid)
        elif mode == "dense":
            raise SearchError(f"{paper.key} has no vectors yet: run 'paperdesk index'")
    if mode in ("hybrid", "keyword") and source:
        with lib.session() as s:
            kw = keyword.search(s, source, limit=max(100, 10 * k), exclude_paper=pid)
    if not dense and not kw and not source:
        raise SearchError(f"{paper.key} has no text to compare yet: run 'paperdesk fetch "
                          f"{paper.key}' for its abstract, then 'paperdesk index'")
    return _rank(lib, title or "", dense, kw, mode, k, fusion)


def sync(lib: Library, *, progress: Progress = _NO_PROGRESS,
         embedder: Embedder | None = None) -> SyncReport:
    """Fetch what is new, parse what was fetched, index what changed."""
    from paperdesk.services.fetch import fetch_papers
    from paperdesk.services.parse import parse_papers

    report = SyncReport()
    report.fetch = fetch_papers(lib, progress=progress)
    report.parse = parse_papers(lib, progress=progress)
    report.index = index_library(lib, embedder=embedder, progress=progress)
    return report
