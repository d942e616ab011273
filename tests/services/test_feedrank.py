"""The model of the library: the numpy logistic regression agrees with scikit-learn's, the
classifier ranks a library's topic first, small libraries use the centroid, neighbours."""

from __future__ import annotations

import numpy as np
import pytest

from paperdesk.services import feedrank


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _clusters(seed: int = 0, n_pos: int = 200, n_neg: int = 1500, dim: int = 64):
    """Positives around one direction, negatives around others, a few near the positives."""
    rng = np.random.default_rng(seed)
    topic = rng.standard_normal(dim)
    pos = _unit(topic + 1.2 * rng.standard_normal((n_pos, dim)))
    neg = _unit(rng.standard_normal((n_neg, dim)) * 1.0)
    return pos, neg, topic


def test_fit_agrees_with_scikit_learn() -> None:
    linear_model = pytest.importorskip("sklearn.linear_model")
    pos, neg, _ = _clusters()
    x = np.vstack([pos, neg])
    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    w = np.r_[np.full(len(pos), 0.5 / len(pos)), np.full(len(neg), 0.5 / len(neg))]
    coef, bias = feedrank.logistic_regression(x, y, w, iterations=400)
    # the same objective: mean weighted log-loss + l2/2 |coef|^2, i.e. C = 1 / (l2 * sum(w))
    ref = linear_model.LogisticRegression(C=1.0 / feedrank.L2, tol=1e-10, max_iter=10_000)
    ref.fit(x, y, sample_weight=w)
    assert np.allclose(coef, ref.coef_[0], atol=2e-3)
    assert bias == pytest.approx(ref.intercept_[0], abs=2e-3)
    ours = x @ coef + bias
    theirs = ref.decision_function(x)
    assert np.corrcoef(ours, theirs)[0, 1] > 0.999


def test_the_classifier_ranks_the_topic_first() -> None:
    pos, neg, topic = _clusters()
    rng = np.random.default_rng(1)
    on_topic = _unit(topic + 1.2 * rng.standard_normal((30, len(topic))))
    off_topic = _unit(rng.standard_normal((300, len(topic))))
    candidates = np.vstack([on_topic, off_topic])
    model = feedrank.train(
        pos, np.ones(len(pos)), np.vstack([neg, candidates]), np.ones(len(neg) + len(candidates))
    )
    assert model.kind == "classifier" and model.positives == 200
    scores = model.score(candidates)
    top = set(np.argsort(-scores)[:30])
    assert len(top & set(range(30))) >= 27


def test_heavier_negatives_are_kept_when_sampling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feedrank, "MAX_NEGATIVES", 100)
    pos, neg, _ = _clusters(n_neg=500)
    weights = np.ones(len(neg))
    weights[:10] = 3.0
    model = feedrank.train(pos, np.ones(len(pos)), neg, weights)
    assert model.negatives == 100


def test_a_small_library_is_ranked_by_its_centroid() -> None:
    pos = _unit(np.array([[1.0, 0.1, 0.0], [0.9, 0.0, 0.2], [1.0, 0.0, 0.0]]))
    neg = _unit(np.array([[0.0, 1.0, 0.0]] * 20))
    model = feedrank.train(pos, np.array([3.0, 1.0, 1.0]), neg, np.ones(20))
    assert model.kind == "centroid" and model.negatives == 0
    cand = _unit(np.array([[0.0, 1.0, 0.1], [1.0, 0.05, 0.05]]))
    assert list(np.argsort(-model.score(cand))) == [1, 0]


def test_nearest_library_papers_most_similar_first() -> None:
    library = _unit(np.eye(4, dtype=np.float32) + 0.01)
    query = _unit(np.array([[0.1, 0.9, 0.5, 0.0], [1.0, 0.0, 0.0, 0.2]], dtype=np.float32))
    idx, sims = feedrank.nearest(query, library, k=2)
    assert idx.tolist() == [[1, 2], [0, 3]]
    assert (sims[:, 0] >= sims[:, 1]).all()
    empty_idx, _ = feedrank.nearest(query, library[:0], k=2)
    assert empty_idx.shape == (2, 0)
