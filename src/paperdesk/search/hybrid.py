"""Fusing dense and keyword results into one ranking of papers, and the snippet to show.

Fusion happens per paper: a paper's dense evidence is its best passage by cosine, its keyword
evidence its best passage by BM25, so an abstract that matches the meaning and a body passage
that matches the words add up. Two methods are implemented and measured in
``bench/retrieval.py``:

* ``rrf``: weighted reciprocal rank fusion, ``Σ w / (60 + rank)``;
* ``convex``: ``w·dense + (1-w)·keyword`` of min-max normalised scores over the candidates,
  which keeps how far apart the scores are, not only their order.

A paper the query names (its title, or the name before the title's colon: "BERT", "LoRA") is
put first whatever the scores say (:func:`promote`): a one-word query carries too little for
either ranking to tell BERT from the eleven papers that say "BERT".

A typed hybrid search then runs one round of dense pseudo-relevance feedback
(:func:`feedback_vector`): the query vector moves towards the vectors of the best passages of the
first fused ranking, the dense side is searched again and fused again. The first ranking already
agrees on words and meaning, so its top papers describe what is wanted better than the query alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperdesk.papernames import name_words, title_names
from paperdesk.stopwords import STOPWORDS

if TYPE_CHECKING:
    import numpy as np

    from paperdesk.search.index import VectorIndex

RRF_K = 60
#: Defaults chosen on the benchmarks (bench/retrieval.py). Typed queries (acm-cr: citation
#: sentences) need the words as much as the meaning: MRR@10 keyword 0.376, dense 0.305,
#: convex 0.5 0.401 (0.3: 0.405, 0.7: 0.373, RRF 0.377). "Papers like this one" (csfcube)
#: compares a whole abstract, whose vector says more than its bag of words: nDCG@20 on the
#: pools keyword 0.529, dense 0.586, convex 0.7 0.601 (0.5: 0.582, 0.8: 0.600, RRF 0.591).
DEFAULT_METHOD = "convex"
DEFAULT_DENSE_WEIGHT = 0.5
SIMILAR_DENSE_WEIGHT = 0.7
#: Dense feedback for typed queries: the query vector plus FEEDBACK_WEIGHT × the mean vector of
#: the best passages of the FEEDBACK_DOCS first papers (0: off). On acm-cr it helped at every
#: fusion weight and candidate depth tried (MRR@10 0.401 -> 0.408, nDCG@10 0.404 -> 0.413,
#: R@100 0.723 -> 0.745), while keyword expansion from the same papers (RM3) lowered MRR@10 by
#: 0.01-0.04. ``similar`` does not use it: its query is already a whole abstract's vector and
#: feedback left csfcube flat (nDCG@20 0.543 -> 0.537, pools 0.601 -> 0.601).
FEEDBACK_DOCS = 3
FEEDBACK_WEIGHT = 0.5

#: Below this cosine (all-MiniLM-L6-v2) the closest passage shares little more than common
#: words: on the seeded library, unrelated queries ("stock market prices today", "the of and",
#: "qwerty asdf") reach 0.10-0.27, the 36 questions of bench/reader_questions.py 0.33-0.82.
#: With no query word matched either, the hits are reported as weak.
WEAK_COSINE = 0.3

Hit = tuple[int, int, float]  # (passage id, paper id, score)


@dataclass
class PaperScore:
    paper_id: int
    score: float = 0.0
    passage_id: int = 0
    dense: float | None = None
    keyword: float | None = None
    passages: dict[int, float] = field(default_factory=dict)  # passage id -> fused score


def _normalise(hits: list[Hit]) -> dict[int, float]:
    """Passage id → score scaled to [0, 1] over these candidates."""
    if not hits:
        return {}
    scores = [s for _, _, s in hits]
    lo, hi = min(scores), max(scores)
    span = hi - lo
    return {pid: (s - lo) / span if span > 0 else 1.0 for pid, _, s in hits}


def _rrf(hits: list[Hit]) -> dict[int, float]:
    """Passage id → 1/(k + rank of its paper); passages of one paper share the paper's rank."""
    out: dict[int, float] = {}
    paper_rank: dict[int, int] = {}
    for pid, paper, _ in sorted(hits, key=lambda h: -h[2]):
        rank = paper_rank.setdefault(paper, len(paper_rank) + 1)
        out[pid] = 1.0 / (RRF_K + rank)
    return out


def fuse(
    dense: list[Hit],
    keyword: list[Hit],
    *,
    method: str = DEFAULT_METHOD,
    dense_weight: float = DEFAULT_DENSE_WEIGHT,
) -> list[PaperScore]:
    """Papers by fused score (best first), each with its best passage."""
    if method not in ("rrf", "convex"):
        raise ValueError(f"unknown fusion method {method!r}")
    scale = _rrf if method == "rrf" else _normalise
    d_scores, k_scores = scale(dense), scale(keyword)
    paper_of = {pid: paper for pid, paper, _ in [*dense, *keyword]}
    papers: dict[int, PaperScore] = {}
    for pid, paper in paper_of.items():
        ps = papers.setdefault(paper, PaperScore(paper))
        if pid in d_scores:
            ps.dense = max(ps.dense or 0.0, d_scores[pid])
        if pid in k_scores:
            ps.keyword = max(ps.keyword or 0.0, k_scores[pid])
    w_d, w_k = dense_weight, 1.0 - dense_weight
    for ps in papers.values():
        ps.score = w_d * (ps.dense or 0.0) + w_k * (ps.keyword or 0.0)
    for pid, paper in paper_of.items():
        papers[paper].passages[pid] = w_d * d_scores.get(pid, 0.0) + w_k * k_scores.get(pid, 0.0)
    for ps in papers.values():
        ps.passage_id = max(ps.passages, key=lambda p: (ps.passages[p], -p))
    return sorted(papers.values(), key=lambda p: (-p.score, p.paper_id))


def names_paper(query: str, title: str) -> bool:
    """True when ``query`` is the paper's title or its name, case and punctuation aside."""
    return name_words(query) in title_names(title)


def promote(ranked: list[PaperScore], named: dict[int, int]) -> list[PaperScore]:
    """``ranked`` with the papers the query names first (``named``: paper id → the passage to
    show, its abstract passage, for one that is not ranked at all). A named paper scores
    at least the best score, so the scores still fall down the list."""
    if not named:
        return ranked
    top = ranked[0].score if ranked else 1.0
    have = {p.paper_id: p for p in ranked}
    first = []
    for paper_id, passage_id in named.items():
        ps = have.get(paper_id) or PaperScore(paper_id, 0.0, passage_id, passages={passage_id: 0})
        ps.score = max(ps.score, top)
        first.append(ps)
    first.sort(key=lambda p: (-p.score, p.paper_id))
    return first + [p for p in ranked if p.paper_id not in named]


def feedback_vector(
    index: VectorIndex,
    query_vec: np.ndarray,
    ranked: list[PaperScore],
    *,
    docs: int | None = None,
    weight: float | None = None,
) -> np.ndarray | None:
    """Rocchio-style feedback: ``query + weight · mean(best passage vectors of the top docs)``,
    unit length; None when feedback is off or none of those passages has a vector."""
    import numpy as np

    docs = FEEDBACK_DOCS if docs is None else docs
    weight = FEEDBACK_WEIGHT if weight is None else weight
    if docs <= 0 or weight <= 0 or not ranked:
        return None
    wanted = np.fromiter((p.passage_id for p in ranked[:docs]), dtype=np.int64)
    rows = np.flatnonzero(np.isin(index.passage_ids, wanted))
    if rows.size == 0:
        return None
    q = np.asarray(query_vec, dtype=np.float32).reshape(-1)
    moved = q + weight * np.asarray(index.matrix[rows], dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(moved))
    return moved / norm if norm > 0 else None


def single(hits: list[Hit]) -> list[PaperScore]:
    """One ranking only (dense or keyword mode): a paper scores its best passage."""
    papers: dict[int, PaperScore] = {}
    for pid, paper, score in hits:
        ps = papers.get(paper)
        if ps is None or score > ps.score:
            papers[paper] = PaperScore(paper, score, pid)
        papers[paper].passages[pid] = score
    return sorted(papers.values(), key=lambda p: (-p.score, p.paper_id))


# --- snippets and highlights -------------------------------------------------------------

_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ed", "es", "er", "ly", "s")
SNIPPET_CHARS = 320


def stem(word: str) -> str:
    """A crude prefix for highlighting: 'adapters' and 'adapter' share 'adapt'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight_pattern(query: str) -> re.Pattern[str] | None:
    words = {w.lower() for w in re.findall(r"[^\W_]+", query)}
    stems = sorted(
        {stem(w) for w in words if w not in STOPWORDS and len(w) >= 2}, key=len, reverse=True
    )
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text)]


def snippet(
    text: str,
    query: str,
    *,
    width: int = SNIPPET_CHARS,
    within: tuple[int, int] | None = None,
) -> tuple[str, list[tuple[int, int]]]:
    """The passage trimmed to ``width`` characters around its densest run of query words, and
    the (start, end) spans of those words in the returned snippet. ``within``: a character
    range of ``text`` (the stretch on the page the hit names) whose words are preferred, so
    that the snippet shows the page it says."""
    text = " ".join(text.split())
    pattern = highlight_pattern(query)
    found = spans(text, pattern)
    if len(text) <= width:
        return text, found
    start = 0
    preferred = [f for f in found if within and within[0] <= f[0] < within[1]]
    floor = within[0] if preferred and within else 0  # stay on the named page
    if preferred or found:
        start = max(floor, _best_window(preferred or found, width) - width // 6)
        if start > 0:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and start - space < 30 else start
    elif within:
        start = within[0]
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    cut = prefix + text[start:end] + suffix
    return cut, spans(cut, pattern)


def densest(text: str, query: str, *, width: int = SNIPPET_CHARS) -> list[tuple[int, int]]:
    """The (start, end) spans of ``query``'s words in ``text``, the densest run of them first
    (where the snippet of a hit is cut): what a reader scrolled to a hit should see."""
    found = spans(text, highlight_pattern(query))
    if not found:
        return []
    start = _best_window(found, width)
    return sorted(found, key=lambda f: (f[0] < start, f[0]))


def _best_window(found: Iterable[tuple[int, int]], width: int) -> int:
    """Start of the window of ``width`` chars holding the most matches."""
    starts = [s for s, _ in found]
    best, best_count, j = starts[0], 0, 0
    for i, s in enumerate(starts):
        while starts[j] < s - width * 2 // 3:
            j += 1
        if i - j + 1 > best_count:
            best_count, best = i - j + 1, starts[j]
    return best
