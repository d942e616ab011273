"""Dense pseudo-relevance feedback: the vector it makes, and hybrid search with it on and off."""

from __future__ import annotations

import numpy as np
import pytest

from paperdesk.library import Library
from paperdesk.search import hybrid
from paperdesk.search.index import IndexInfo, VectorIndex
from paperdesk.services import search as svc


def _index(matrix: np.ndarray) -> VectorIndex:
    n, dim = matrix.shape
    return VectorIndex(
        IndexInfo(model="m", dim=dim, count=n, revision="r"),
        passage_ids=np.arange(100, 100 + n, dtype=np.int64),
        paper_ids=np.arange(n, dtype=np.int64),
        hash64=np.zeros(n, dtype=np.uint64),
        matrix=matrix.astype(np.float32),
    )


def test_feedback_moves_the_query_towards_the_top_passages() -> None:
    eye = np.eye(4, dtype=np.float32)
    index = _index(eye)
    q = np.array([1, 0, 0, 0], dtype=np.float32)
    ranked = [
        hybrid.PaperScore(1, 0.9, passage_id=101),
        hybrid.PaperScore(2, 0.8, 102),
        hybrid.PaperScore(3, 0.1, 103),
    ]
    moved = hybrid.feedback_vector(index, q, ranked, docs=2, weight=1.0)
    assert moved is not None
    # q + mean(e1, e2) = (1, .5, .5, 0), unit length; the third paper is not feedback
    assert np.allclose(moved, np.array([1, 0.5, 0.5, 0]) / np.sqrt(1.5), atol=1e-6)
    assert moved[3] == 0.0


def test_feedback_off_or_without_vectors_is_none() -> None:
    index = _index(np.eye(3, dtype=np.float32))
    q = np.ones(3, dtype=np.float32) / np.sqrt(3)
    ranked = [hybrid.PaperScore(0, 1.0, passage_id=100)]
    assert hybrid.feedback_vector(index, q, ranked, docs=0) is None
    assert hybrid.feedback_vector(index, q, ranked, weight=0.0) is None
    assert hybrid.feedback_vector(index, q, [], docs=3) is None
    unknown = [hybrid.PaperScore(9, 1.0, passage_id=999)]  # not embedded yet
    assert hybrid.feedback_vector(index, q, unknown) is None


@pytest.mark.parametrize("docs", [0, 3])
def test_hybrid_search_and_similar_with_and_without_feedback(
    alib: Library, hash_embedder, monkeypatch: pytest.MonkeyPatch, docs: int
) -> None:
    monkeypatch.setattr(hybrid, "FEEDBACK_DOCS", docs)
    svc.index_library(alib, embedder=hash_embedder)
    hits = svc.search(alib, "stochastic optimization adaptive moments", k=5, embedder=hash_embedder)
    assert hits[0].key == "kingma2014adam"
    assert len({h.key for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    alike = svc.similar(alib, "vaswani2017attention", k=4, embedder=hash_embedder)
    assert alike and "vaswani2017attention" not in {h.key for h in alike}
