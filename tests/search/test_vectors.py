"""search.vectors: vectors in the database keyed by (content hash, model), read back into one
matrix in passage order without re-embedding."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from paperdesk.errors import SearchError
from paperdesk.library import Library
from paperdesk.search import vectors
from paperdesk.search.abstracts import refresh
from paperdesk.search.embedder import HashEmbedder
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Embedding, Passage

MODEL = "hash-256"


def test_bytes_round_trip_as_little_endian_float32() -> None:
    vec = np.array([1.5, -2.0, 0.25], dtype=np.float64)
    blob = vectors.to_bytes(vec)
    assert blob == np.array([1.5, -2.0, 0.25], dtype="<f4").tobytes() and len(blob) == 12
    back = vectors.from_bytes(blob, 3)
    assert back.dtype == np.dtype("<f4") and back.tolist() == [1.5, -2.0, 0.25]
    with pytest.raises(SearchError, match="3 numbers, expected 4"):
        vectors.from_bytes(blob, 4)


def test_hash64_is_the_first_16_hex_digits() -> None:
    h = "0123456789abcdef" + "f" * 48
    assert vectors.hash64(h) == 0x0123456789ABCDEF


def embed_all(lib: Library, embedder: HashEmbedder) -> list[str]:
    with lib.session() as s:
        todo = vectors.missing(s, MODEL)
        hashes = [h for h, _ in todo]
        vectors.store(s, MODEL, hashes, embedder.encode([t for _, t in todo]))
    return hashes


def test_missing_store_and_load_all(alib: Library, hash_embedder: HashEmbedder) -> None:
    with alib.session() as s:
        refresh(s)
    reader = SessionReader(alib)
    with alib.session() as s:
        todo = vectors.missing(s, MODEL)
        passages = s.execute(select(Passage.id, Passage.paper_id, Passage.content_hash)).all()
    assert todo and [len(t) for _, t in todo] == sorted(len(t) for _, t in todo)  # shortest first
    assert {h for h, _ in todo} == {p.content_hash for p in passages}
    assert vectors.missing_count(reader, MODEL) == (
        len(passages),
        len({p.paper_id for p in passages}),
    )
    assert vectors.count(reader, MODEL) == 0

    hashes = embed_all(alib, hash_embedder)
    assert vectors.count(reader, MODEL) == len(hashes)
    assert vectors.missing_count(reader, MODEL) == (0, 0)
    with alib.session() as s:
        assert vectors.missing(s, MODEL) == []
        assert vectors.without_vector(s, MODEL, [*hashes[:2], "0" * 64]) == {"0" * 64}
        assert vectors.without_vector(s, "other-model", hashes[:1]) == set(hashes[:1])

    stored = vectors.load_all(reader, MODEL)
    ordered = sorted(passages)
    assert stored.passage_ids.tolist() == [p.id for p in ordered]
    assert stored.paper_ids.tolist() == [p.paper_id for p in ordered]
    assert stored.hash64.tolist() == [vectors.hash64(p.content_hash) for p in ordered]
    assert stored.matrix.shape == (len(ordered), 256)
    with alib.session() as s:
        first_text = s.scalar(select(Passage.text).where(Passage.id == ordered[0].id))
    assert np.allclose(stored.matrix[0], hash_embedder.encode([first_text])[0])
    # another model has no rows yet
    empty = vectors.load_all(reader, "hash-64")
    assert empty.matrix.shape == (0, 0) and empty.passage_ids.size == 0


def test_store_leaves_an_existing_vector_alone(alib: Library, hash_embedder) -> None:
    with alib.session() as s:
        refresh(s)
    hashes = embed_all(alib, hash_embedder)
    with alib.session() as s:
        before = s.scalar(select(Embedding.vector).where(Embedding.content_hash == hashes[0]))
        vectors.store(s, MODEL, hashes[:1], np.zeros((1, 256), dtype=np.float32))
        vectors.store(s, MODEL, [], np.zeros((0, 256), dtype=np.float32))
        rows = s.scalars(select(Embedding).where(Embedding.content_hash == hashes[0])).all()
    assert len(rows) == 1 and rows[0].vector == before


def test_mixed_vector_sizes_are_an_error(alib: Library, hash_embedder) -> None:
    with alib.session() as s:
        refresh(s)
        todo = vectors.missing(s, MODEL)
        vectors.store(s, MODEL, [todo[0][0]], HashEmbedder(8).encode([todo[0][1]]))
        rest = todo[1:]
        vectors.store(s, MODEL, [h for h, _ in rest], hash_embedder.encode([t for _, t in rest]))
    with pytest.raises(SearchError, match="mixed sizes"):
        vectors.load_all(SessionReader(alib), MODEL)
