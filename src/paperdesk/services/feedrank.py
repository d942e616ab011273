"""A model of the library, for ranking feed entries: pure numpy, no database.

As arxiv-sanity-lite does, a linear classifier is trained with the library's abstract vectors
as positives (read and tagged papers weigh more) against other papers (the feed, earlier
feeds, dismissed entries weighing more) as negatives, and its score ranks the candidates. It
is an L2-regularised logistic regression fitted by Nesterov-accelerated gradient descent in a
few dozen lines: scikit-learn's LogisticRegression gives the same ranking but costs 2-3 s just
to import, more than the whole ranking of 10,000 entries (see ``bench/feed.py``). A library too
small to learn from is ranked by similarity to its (weighted) centroid instead.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MIN_POSITIVES = 8  # fewer library abstracts than this: rank by the centroid
MIN_NEGATIVES = 8
MAX_NEGATIVES = 4000  # negatives sampled for training (all candidates are still scored)
L2 = 1e-2  # on MiniLM vectors of the feed test: 0 misordered pairs (1e-3: 2)
ITERATIONS = 80  # within 1% of scikit-learn's ranking (Spearman 0.99+, bench/feed.py)


def one_blas_thread() -> AbstractContextManager[object]:
    """A context in which BLAS runs on one thread: the products here are matrix-vector ones,
    which OpenBLAS's threads slow down ten-fold when the cores are busy (``bench/feed.py``:
    2.8 s against 0.25 s for 2,000 papers and 10,000 entries at load 11 on two cores)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


@dataclass(frozen=True)
class LibraryModel:
    """``score(X)`` ranks rows of X (unit vectors): higher is more like the library."""

    kind: str  # "classifier" or "centroid"
    weights: np.ndarray
    bias: float = 0.0
    positives: int = 0
    negatives: int = 0

    def score(self, vectors: np.ndarray) -> np.ndarray:
        return vectors @ self.weights + self.bias


def _unit(v: np.ndarray) -> np.ndarray:
    import numpy as np

    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def centroid_model(positives: np.ndarray, weights: np.ndarray) -> LibraryModel:
    import numpy as np

    mean = (positives * weights[:, None]).sum(axis=0) / max(float(weights.sum()), 1e-9)
    return LibraryModel("centroid", _unit(mean.astype(np.float32)), 0.0, len(positives), 0)


def logistic_regression(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, *, l2: float = L2, iterations: int = ITERATIONS
) -> tuple[np.ndarray, float]:
    """Weights and bias minimising the weighted mean log-loss plus ``l2/2 * |weights|^2``.

    The loss is smooth with curvature at most ``lmax/4 + l2`` (``lmax``: the largest eigenvalue
    of the weighted second moment of the rows with a bias column, found by power iteration),
    so a step of its inverse with Nesterov momentum converges without a line search."""
    import numpy as np

    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1), dtype=x.dtype)])
    p = (w / w.sum()).astype(x.dtype)
    v = np.full(d + 1, 1.0 / np.sqrt(d + 1), dtype=x.dtype)
    for _ in range(12):
        v = xb.T @ (p * (xb @ v))
        lmax = float(np.linalg.norm(v))
        v /= lmax
    step = 1.0 / (lmax / 4.0 + l2)
    sign = np.where(y > 0, 1.0, -1.0).astype(x.dtype)
    theta = np.zeros(d + 1, dtype=x.dtype)
    ahead = theta.copy()
    reg = np.ones(d + 1, dtype=x.dtype)
    reg[-1] = 0.0  # the bias is not shrunk
    for k in range(1, iterations + 1):
        margin = sign * (xb @ ahead)
        # d/dm log(1 + e^-m) = -1 / (1 + e^m), written so that large margins do not overflow
        coeff = -sign * p * np.exp(-np.logaddexp(0.0, margin)).astype(x.dtype)
        grad = xb.T @ coeff + l2 * reg * ahead
        new = ahead - step * grad
        ahead = new + (k - 1) / (k + 2) * (new - theta)
        theta = new
    return theta[:-1], float(theta[-1])


def train(
    positives: np.ndarray,
    pos_weights: np.ndarray,
    negatives: np.ndarray,
    neg_weights: np.ndarray,
    *,
    seed: int = 0,
) -> LibraryModel:
    """The classifier when there is enough to learn from, else the centroid."""
    import numpy as np

    if len(positives) < MIN_POSITIVES or len(negatives) < MIN_NEGATIVES:
        return centroid_model(positives, pos_weights)
    if len(negatives) > MAX_NEGATIVES:
        rng = np.random.default_rng(seed)
        # heavier negatives (dismissed entries) are kept first, the rest sampled at random
        heavy = np.flatnonzero(neg_weights > 1.0)[:MAX_NEGATIVES]
        light = np.flatnonzero(neg_weights <= 1.0)
        take = rng.choice(light, size=MAX_NEGATIVES - len(heavy), replace=False)
        keep = np.concatenate([heavy, take])
        negatives, neg_weights = negatives[keep], neg_weights[keep]
    # balanced classes: each side carries half of the total weight
    pw = pos_weights / pos_weights.sum()
    nw = neg_weights / neg_weights.sum()
    x = np.vstack([positives, negatives]).astype(np.float32, copy=False)
    y = np.concatenate([np.ones(len(positives)), np.zeros(len(negatives))])
    coef, bias = logistic_regression(x, y, np.concatenate([pw, nw]))
    return LibraryModel("classifier", coef, bias, len(positives), len(negatives))


def nearest(vectors: np.ndarray, library: np.ndarray, k: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Indices and cosine similarities of the ``k`` library rows nearest each row of
    ``vectors``, most similar first (call it for the rows shown, not the whole feed)."""
    import numpy as np

    if not len(library) or not len(vectors):
        return np.zeros((len(vectors), 0), dtype=np.int64), np.zeros((len(vectors), 0))
    sims = vectors @ library.T
    k = min(k, library.shape[0])
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    rows = np.arange(len(vectors))[:, None]
    order = np.argsort(-sims[rows, top], axis=1)
    top = top[rows, order]
    return top, sims[rows, top]
