"""The on-disk index: atomic files, rebuild from stored vectors, corruption, staleness, HNSW."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import delete, select

from paperdesk.errors import SearchError
from paperdesk.library import Library
from paperdesk.search import index as vindex
from paperdesk.search import store
from paperdesk.search.vectors import StoredVectors
from paperdesk.services import search as svc
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Paper


def _ensure(lib: Library):  # type: ignore[no-untyped-def]
    return store.ensure_index(SessionReader(lib), lib.settings.index_dir, "hash-256")


def _files(lib: Library) -> dict[str, bytes]:
    folder = lib.settings.index_dir
    return {name: (folder / name).read_bytes() for name in ("vectors.npy", "ids.npy")}


def test_rebuild_equals_original_without_reembedding(alib: Library, hash_embedder) -> None:
    first = svc.index_library(alib, embedder=hash_embedder)
    before = _files(alib)
    manifest = json.loads((alib.settings.index_dir / "manifest.json").read_text())
    assert manifest["model"] == "hash-256" and manifest["dim"] == 256
    assert manifest["count"] == first.vectors and manifest["kind"] == "exact"
    hits = svc.search(alib, "adaptive moments optimizer", embedder=hash_embedder)
    store.forget(alib)
    rebuilt = svc.index_library(alib, rebuild=True, embedder=hash_embedder)
    assert rebuilt.embedded == 0
    assert _files(alib) == before
    assert svc.search(alib, "adaptive moments optimizer", embedder=hash_embedder) == hits


def test_missing_index_is_rebuilt_on_search(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    before = _files(alib)
    for path in alib.settings.index_dir.iterdir():
        path.unlink()
    store.forget(alib)
    assert (
        svc.search(alib, "adaptive moments", k=1, embedder=hash_embedder)[0].key == "kingma2014adam"
    )
    assert _files(alib) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest"])
def test_corrupted_index_is_detected_and_rebuilt(alib: Library, hash_embedder, damage: str) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    before = _files(alib)
    folder = alib.settings.index_dir
    vectors = folder / "vectors.npy"
    if damage == "flip":  # same size, a few bytes changed in the middle of the numbers
        data = bytearray(vectors.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 8] = b"\xff" * 8
        vectors.write_bytes(bytes(data))
    elif damage == "truncate":
        vectors.write_bytes(vectors.read_bytes()[:100])
    else:
        (folder / "manifest.json").write_text("{not json")
    info = vindex.read_manifest(folder)
    if info is not None:
        with pytest.raises(SearchError, match=r"corrupt|unreadable|match"):
            vindex.load(folder, info)
    store.forget(alib)
    assert (
        svc.search(alib, "adaptive moments", k=1, embedder=hash_embedder)[0].key == "kingma2014adam"
    )
    assert _files(alib) == before


def test_deleting_a_paper_removes_its_vectors(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    assert (
        svc.search(alib, "adaptive moments", k=1, embedder=hash_embedder)[0].key == "kingma2014adam"
    )
    idx = _ensure(alib)
    with alib.session() as s:
        adam_id = s.scalar(select(Paper.id).where(Paper.arxiv_id == "1412.6980"))
        # Its passages go with it (ON DELETE CASCADE), as do list entries and the rest.
        s.execute(delete(Paper).where(Paper.id == adam_id))
    assert adam_id in set(idx.paper_ids.tolist())
    hits = svc.search(alib, "adaptive moments", k=50, mode="dense", embedder=hash_embedder)
    assert "kingma2014adam" not in {h.key for h in hits}
    idx = _ensure(alib)
    assert adam_id not in set(idx.paper_ids.tolist())
    manifest = json.loads((alib.settings.index_dir / "manifest.json").read_text())
    assert manifest["count"] == idx.count
    # A fresh process (no in-memory index) sees the same.
    store.forget(alib)
    assert adam_id not in set(_ensure(alib).paper_ids.tolist())


def test_new_vectors_make_the_index_stale(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    old = _ensure(alib)
    with alib.session() as s:
        s.add(
            Paper(
                key="fresh2024",
                title="Quantum gravity for cats",
                abstract="Purring.",
                authors=[],
                categories=[],
            )
        )
    svc.index_library(alib, embedder=hash_embedder)
    new = _ensure(alib)
    assert new.count == old.count + 1
    assert new.info.revision != old.info.revision
    assert svc.search(alib, "purring cats", k=1, embedder=hash_embedder)[0].key == "fresh2024"


def test_passage_rewritten_in_place_is_caught_by_hash_check(alib: Library, hash_embedder) -> None:
    """Counts and ids cannot see a passage whose text changed under the same id; the content
    hash check on returned rows can."""
    from paperdesk.storage.models import Meta, Passage

    svc.index_library(alib, embedder=hash_embedder)
    idx = _ensure(alib)
    with alib.session() as s:
        p = s.scalar(select(Passage).join(Paper).where(Paper.arxiv_id == "1412.6980"))
        p.text, p.content_hash = "Purring cats.", "ab" * 32
        s.query(Meta).filter(Meta.key == "search:abstracts").delete()
    rows = [int(r) for r in idx.rows_of_paper(p.paper_id)]
    assert not store.check_rows(SessionReader(alib), idx, rows)


def _clustered(n: int, dim: int = 32, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(50, dim))
    x = centers[rng.integers(0, 50, n)] + 0.5 * rng.normal(size=(n, dim))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def _stored(matrix: np.ndarray) -> StoredVectors:
    n = matrix.shape[0]
    return StoredVectors(
        np.arange(1, n + 1, dtype=np.int64),
        np.arange(n, dtype=np.int64) // 3,
        np.arange(n, dtype=np.uint64),
        matrix,
    )


def test_hnsw_above_threshold_measures_recall_and_round_trips(tmp_path) -> None:
    matrix = _clustered(3000)
    built = vindex.build(_stored(matrix), model="m", revision="r1", threshold=1000)
    assert built.info.kind == "hnsw" and built.info.recall_at_10 >= vindex.MIN_RECALL
    vindex.save(built, tmp_path)
    info = vindex.read_manifest(tmp_path)
    loaded = vindex.load(tmp_path, info)
    assert loaded.hnsw is not None and loaded.count == 3000
    exact = vindex.build(_stored(matrix), model="m", revision="r1", threshold=10**9)
    queries = vindex.sample_queries(matrix, 50, seed=7)
    overlap = []
    for q in queries:
        a = {r for r, _ in loaded.search(q, 10)}
        b = {r for r, _ in exact.search(q, 10)}
        overlap.append(len(a & b) / 10)
    assert np.mean(overlap) >= 0.9
    # Filters work on the graph too.
    allowed = {5, 6, 7}
    rows = loaded.search(queries[0], 10, allowed_papers=allowed)
    assert rows and all(int(loaded.paper_ids[r]) in allowed for r, _ in rows)


def test_hnsw_is_refused_when_recall_is_too_low(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vindex, "MIN_RECALL", 1.01)  # unreachable: exact search must be kept
    built = vindex.build(_stored(_clustered(1200)), model="m", revision="r", threshold=1000)
    assert built.info.kind == "exact" and built.hnsw is None
    assert built.info.recall_at_10 is not None


def test_exact_search_filters_and_excludes() -> None:
    matrix = _clustered(300)
    idx = vindex.build(_stored(matrix), model="m", revision="r")
    q = matrix[0]
    top = idx.search(q, 5)
    assert top[0][0] == 0 and top[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    assert all(int(idx.paper_ids[r]) != 0 for r, _ in idx.search(q, 5, exclude_paper=0))
    assert {int(idx.paper_ids[r]) for r, _ in idx.search(q, 50, allowed_papers={3})} == {3}
    assert idx.search(q, 5, allowed_papers=set()) == []


def test_search_never_builds_hnsw_but_index_does(
    alib: Library, hash_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vindex, "APPROX_THRESHOLD", 5)
    monkeypatch.setattr(vindex, "MIN_RECALL", 0.0)  # tiny data: any graph will do
    svc.index_library(alib, embedder=hash_embedder)
    assert _ensure(alib).info.kind == "hnsw"
    with alib.session() as s:
        s.add(
            Paper(
                key="fresh2024",
                title="Quantum gravity for cats",
                abstract="Purring.",
                authors=[],
                categories=[],
            )
        )
    store.forget(alib)
    svc.index_library(alib, embedder=hash_embedder)  # embeds the new one: index is hnsw again
    with alib.session() as s:
        s.execute(delete(Paper).where(Paper.key == "fresh2024"))
    svc.search(alib, "purring cats", k=1, embedder=hash_embedder)  # stale: exact rebuild
    manifest = json.loads((alib.settings.index_dir / "manifest.json").read_text())
    assert manifest["kind"] == "exact"
    svc.index_library(alib, embedder=hash_embedder)
    manifest = json.loads((alib.settings.index_dir / "manifest.json").read_text())
    assert manifest["kind"] == "hnsw"
