"""The on-disk vector index: a cache of the stored vectors, never the source of truth.

Layout in ``settings.index_dir``: ``vectors.npy`` (float32 rows), ``ids.npy`` (passage id,
paper id and a 64-bit content-hash prefix per row), ``hnsw.faiss`` for large libraries, and
``manifest.json`` (model, dim, count, kind, database revision, measured recall). Every file is
written to a temporary name and renamed into place; the manifest goes last, so a reader sees
either the old complete index or the new one.

Search is exact inner product below :data:`APPROX_THRESHOLD` rows: numpy brute force over a
memory-mapped matrix beats ``faiss.IndexFlatIP`` for single queries on this scale (0.3 ms vs
2.4 ms at 10k rows, 6 ms vs 22 ms at 100k; see ``bench/index.py``). Above it a FAISS HNSW graph
is built and used only if its recall@10 against exact search, measured on the same vectors, is
at least :data:`MIN_RECALL`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import SearchError

if TYPE_CHECKING:
    import numpy as np

    from paperdesk.search.vectors import StoredVectors

FORMAT = 1
APPROX_THRESHOLD = 250_000
MIN_RECALL = 0.95
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
RECALL_QUERIES = 200
#: Files up to this size are checksummed on load; larger ones only size-checked (a full read of
#: a 1.5 GB matrix would cost seconds on every cold start).
VERIFY_MAX_BYTES = 256 * 1024 * 1024


@dataclass
class IndexInfo:
    model: str
    dim: int
    count: int
    revision: str
    kind: str = "exact"  # "exact" or "hnsw"
    ef_search: int = 0
    recall_at_10: float | None = None
    files: dict[str, list[Any]] = field(default_factory=dict)  # name -> [size, blake2b]
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


def os_reason(folder: Path, exc: OSError) -> str:
    """Why ``folder`` could not be written, in words: the OS reason, except that a file where
    the folder (or one of its parents) should be says so (mkdir reports just "File exists")."""
    for path in (folder, *folder.parents):
        if path.exists():
            if not path.is_dir():
                return f"{path} is a file, not a folder"
            break
    return exc.strerror or str(exc)


def _digest(path: Path) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _write_atomic(path: Path, write: Callable[[Any], None], mode: str = "wb") -> list[Any]:
    """Write through a temporary file + rename; return [size, digest] of what was written."""
    from paperdesk import fsutil

    if mode == "w":
        inner = write

        def write(fh: Any) -> None:
            import io

            text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
            inner(text)
            text.flush()
            text.detach()

    fsutil.write_atomic(path, write)
    return [path.stat().st_size, _digest(path)]


@dataclass
class VectorIndex:
    """A loaded index: rows of vectors with their passage and paper ids."""

    info: IndexInfo
    passage_ids: np.ndarray
    paper_ids: np.ndarray
    hash64: np.ndarray
    matrix: np.ndarray
    hnsw: Any = None
    _row_of: dict[int, int] | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return int(self.passage_ids.shape[0])

    def rows_of_paper(self, paper_id: int) -> np.ndarray:
        import numpy as np

        return np.flatnonzero(self.paper_ids == paper_id)

    def search(
        self,
        query: np.ndarray,
        k: int,
        *,
        allowed_papers: set[int] | None = None,
        exclude_paper: int | None = None,
    ) -> list[tuple[int, float]]:
        """Top ``k`` (row, score) by inner product, optionally only rows of allowed papers."""
        import numpy as np

        n = self.count
        if n == 0 or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        mask = None
        if allowed_papers is not None or exclude_paper is not None:
            mask = np.ones(n, dtype=bool)
            if allowed_papers is not None:
                mask &= np.isin(self.paper_ids, np.fromiter(allowed_papers, dtype=np.int64))
            if exclude_paper is not None:
                mask &= self.paper_ids != exclude_paper
        if self.hnsw is not None:
            return self._search_hnsw(q, k, mask)
        scores = self.matrix @ q
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, n)
        top = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(r), float(scores[r])) for r in top if np.isfinite(scores[r])]

    def _search_hnsw(
        self, q: np.ndarray, k: int, mask: np.ndarray | None
    ) -> list[tuple[int, float]]:
        import faiss
        import numpy as np

        params = faiss.SearchParametersHNSW()
        params.efSearch = max(self.info.ef_search, k)
        if mask is not None:
            allowed = np.flatnonzero(mask).astype(np.int64)
            if allowed.size == 0:
                return []
            selector = faiss.IDSelectorBatch(allowed)
            params.sel = selector
        scores, rows = self.hnsw.search(q.reshape(1, -1), k, params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]


def build(
    vectors: StoredVectors, *, model: str, revision: str, threshold: int = APPROX_THRESHOLD
) -> VectorIndex:
    """An index over ``vectors``: exact below ``threshold`` rows, HNSW above when it measures
    recall@10 ≥ MIN_RECALL against exact search on the same data."""
    n, dim = vectors.matrix.shape
    info = IndexInfo(model=model, dim=int(dim), count=int(n), revision=revision)
    index = VectorIndex(
        info, vectors.passage_ids, vectors.paper_ids, vectors.hash64, vectors.matrix
    )
    if n >= threshold and n > 0:
        graph, ef, recall = build_hnsw(vectors.matrix)
        info.recall_at_10 = recall
        if graph is not None:
            index.hnsw, info.kind, info.ef_search = graph, "hnsw", ef
    return index


def build_hnsw(matrix: np.ndarray, *, m: int = HNSW_M, seed: int = 0) -> tuple[Any, int, float]:
    """(graph, efSearch, recall@10), or (None, 0, best recall) when no efSearch reaches
    MIN_RECALL. Queries are midpoints of random pairs of stored vectors (harder than the
    vectors themselves, which would trivially find their own row)."""
    import faiss
    import numpy as np

    dim = matrix.shape[1]
    graph = faiss.IndexHNSWFlat(dim, m, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    graph.add(np.ascontiguousarray(matrix))
    queries = sample_queries(matrix, RECALL_QUERIES, seed=seed)
    exact = exact_topk(matrix, queries, 10)
    best = 0.0
    for ef in (32, 64, 128, 256, 512):
        params = faiss.SearchParametersHNSW()
        params.efSearch = ef
        _, found = graph.search(queries, 10, params=params)
        recall = recall_at(found, exact)
        best = max(best, recall)
        if recall >= MIN_RECALL:
            return graph, ef, recall
    return None, 0, best


def sample_queries(matrix: np.ndarray, count: int, *, seed: int = 0) -> np.ndarray:
    import numpy as np

    rng = np.random.default_rng(seed)
    a = matrix[rng.integers(0, matrix.shape[0], count)]
    b = matrix[rng.integers(0, matrix.shape[0], count)]
    q = a + b
    q /= np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    return np.ascontiguousarray(q, dtype=np.float32)


def exact_topk(matrix: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    import numpy as np

    out = np.empty((queries.shape[0], k), dtype=np.int64)
    for start in range(0, queries.shape[0], 64):
        scores = queries[start : start + 64] @ matrix.T
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
        out[start : start + 64] = np.take_along_axis(top, order, axis=1)
    return out


def recall_at(found: np.ndarray, exact: np.ndarray) -> float:
    hits = sum(len(set(f.tolist()) & set(e.tolist())) for f, e in zip(found, exact, strict=True))
    return hits / exact.size if exact.size else 1.0


def save(index: VectorIndex, folder: Path) -> None:
    """Write every file atomically, the manifest last."""
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    ids = (
        np.stack(
            [
                index.passage_ids.astype(np.int64),
                index.paper_ids.astype(np.int64),
                index.hash64.astype(np.uint64).view(np.int64),
            ],
            axis=1,
        )
        if index.count
        else np.zeros((0, 3), dtype=np.int64)
    )
    files = index.info.files = {}
    files["vectors.npy"] = _write_atomic(
        folder / "vectors.npy", lambda fh: np.save(fh, index.matrix)
    )
    files["ids.npy"] = _write_atomic(folder / "ids.npy", lambda fh: np.save(fh, ids))
    graph_path = folder / "hnsw.faiss"
    if index.hnsw is not None:
        import faiss

        def _graph(fh: Any) -> None:
            fh.write(faiss.serialize_index(index.hnsw).tobytes())

        files["hnsw.faiss"] = _write_atomic(graph_path, _graph)
    _write_atomic(folder / "manifest.json", lambda fh: fh.write(index.info.to_json()), "w")
    if index.hnsw is None:
        graph_path.unlink(missing_ok=True)


def read_manifest(folder: Path) -> IndexInfo | None:
    """The manifest, or None when missing or unreadable (the caller rebuilds)."""
    try:
        data = json.loads((folder / "manifest.json").read_text())
        info = IndexInfo(**data)
    except (OSError, ValueError, TypeError):
        return None
    return info if info.format == FORMAT else None


def load(folder: Path, info: IndexInfo) -> VectorIndex:
    """Load the files the manifest describes; SearchError when any is missing or inconsistent
    (the caller treats that as corrupt and rebuilds)."""
    import numpy as np

    for name, (size, digest) in info.files.items():
        path = folder / name
        try:
            actual = path.stat().st_size
        except OSError:
            raise SearchError(f"index file {path} is missing") from None
        if actual != size or (size <= VERIFY_MAX_BYTES and _digest(path) != digest):
            raise SearchError(f"index file {path} is corrupt (checksum mismatch)")
    try:
        matrix = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
        ids = np.load(folder / "ids.npy", allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise SearchError(f"index at {folder} is unreadable ({exc})") from None
    expected = (info.count, info.dim)
    if matrix.shape != expected or matrix.dtype != np.float32 or ids.shape != (info.count, 3):
        raise SearchError(f"index at {folder} does not match its manifest")
    index = VectorIndex(
        info, ids[:, 0].copy(), ids[:, 1].copy(), ids[:, 2].copy().view(np.uint64), matrix
    )
    if info.kind == "hnsw":
        import faiss

        try:
            data = np.fromfile(folder / "hnsw.faiss", dtype=np.uint8)
            index.hnsw = faiss.deserialize_index(data)
        except Exception as exc:  # faiss raises RuntimeError on any malformed file
            raise SearchError(f"index graph at {folder} is unreadable ({exc})") from None
        if index.hnsw.ntotal != info.count:
            raise SearchError(f"index graph at {folder} does not match its manifest")
    return index
