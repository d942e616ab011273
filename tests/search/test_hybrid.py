"""search.hybrid: fusing dense and keyword hits per paper, papers a query names, relevance
feedback, and snippets with highlights."""

from __future__ import annotations

import numpy as np
import pytest

from paperdesk.search import hybrid
from paperdesk.search.index import build
from paperdesk.search.vectors import StoredVectors


def test_fuse_adds_evidence_per_paper() -> None:
    dense = [(1, 10, 0.9), (2, 20, 0.8), (3, 30, 0.1)]
    kw = [(4, 20, 12.0), (5, 30, 3.0)]  # paper 20 matches words in another passage
    for method in ("convex", "rrf"):
        ranked = hybrid.fuse(dense, kw, method=method, dense_weight=0.5)
        assert ranked[0].paper_id == 20
        assert {p.paper_id for p in ranked} == {10, 20, 30}
    only_dense = hybrid.fuse(dense, kw, method="convex", dense_weight=1.0)
    assert [p.paper_id for p in only_dense][:2] == [10, 20]
    with pytest.raises(ValueError):
        hybrid.fuse(dense, kw, method="magic")


def test_single_groups_by_paper() -> None:
    ranked = hybrid.single([(1, 10, 0.5), (2, 10, 0.9), (3, 20, 0.7)])
    assert [(p.paper_id, p.passage_id) for p in ranked] == [(10, 2), (20, 3)]


def test_snippet_centres_on_matches_and_spans_point_at_words() -> None:
    text = (
        "Lorem ipsum dolor sit amet. " * 20
        + "Low-rank adapters make finetuning cheap. "
        + "Consectetur adipiscing elit. " * 20
    )
    snip, spans = hybrid.snippet(text, "low-rank adapter finetuning")
    assert snip.startswith("…") and snip.endswith("…") and len(snip) <= hybrid.SNIPPET_CHARS + 2
    words = [snip[a:b].lower() for a, b in spans]
    assert words == ["low", "rank", "adapters", "finetuning"]
    short, short_spans = hybrid.snippet("Attention Is All You Need", "attention")
    assert short == "Attention Is All You Need" and short_spans == [(0, 9)]
    assert hybrid.snippet("Nothing here.", "the of")[1] == []


@pytest.mark.parametrize(
    ("query", "title", "named"),
    [
        ("BERT", "BERT: Pre-training of Deep Bidirectional Transformers", True),
        ("bert", "RoBERTa: A Robustly Optimized BERT Pretraining Approach", False),
        ("roberta", "RoBERTa: A Robustly Optimized BERT Pretraining Approach", True),
        ("distilbert", "DistilBERT, a distilled version of BERT: smaller, faster", True),
        ("Sentence-BERT", "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks", True),
        ("LLM.int8()", "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale", True),
        ("attention is all you need", "Attention Is All You Need", True),
        ("attention", "Attention Is All You Need", False),
        ("A Lite BERT", "ALBERT: A Lite BERT for Self-supervised Learning", False),
        ("the elements", "The Elements of Statistical Learning: Data Mining, Inference", False),
    ],
)
def test_a_query_names_a_paper_by_its_title_or_the_name_before_the_colon(
    query: str, title: str, named: bool
) -> None:
    assert hybrid.names_paper(query, title) is named


def test_promote_puts_named_papers_first_and_keeps_scores_falling() -> None:
    ranked = hybrid.fuse([(1, 10, 0.9), (2, 20, 0.5)], [(3, 30, 4.0), (4, 20, 2.0)])
    out = hybrid.promote(ranked, {20: 2, 40: 7})  # 40 was not ranked at all
    assert [p.paper_id for p in out][:2] == [20, 40] and len(out) == 4
    assert out[1].passage_id == 7
    scores = [p.score for p in out]
    assert scores == sorted(scores, reverse=True)
    assert hybrid.promote(ranked, {}) == ranked


def test_fuse_scores_are_the_weighted_sum_of_normalised_scores() -> None:
    dense = [(1, 10, 0.9), (2, 20, 0.5), (3, 30, 0.1)]
    kw = [(4, 30, 8.0), (5, 20, 4.0), (6, 20, 0.0)]
    ranked = hybrid.fuse(dense, kw, method="convex", dense_weight=0.25)
    by_paper = {p.paper_id: p for p in ranked}
    # min-max over each list: dense 10 → 1, 20 → 0.5, 30 → 0; keyword 30 → 1, 20 → 0.5 (best)
    assert by_paper[10].score == pytest.approx(0.25 * 1.0)
    assert by_paper[20].score == pytest.approx(0.25 * 0.5 + 0.75 * 0.5)
    assert by_paper[30].score == pytest.approx(0.75 * 1.0)
    assert by_paper[20].passage_id == 5  # its best fused passage
    assert set(by_paper[20].passages) == {2, 5, 6}
    assert [p.paper_id for p in ranked] == [30, 20, 10]
    assert hybrid.fuse([], []) == []


def test_rrf_ranks_papers_not_passages() -> None:
    dense = [(1, 10, 0.9), (2, 10, 0.8), (3, 20, 0.7)]
    ranked = hybrid.fuse(dense, [], method="rrf", dense_weight=1.0)
    by_paper = {p.paper_id: p for p in ranked}
    assert by_paper[10].score == pytest.approx(1 / (hybrid.RRF_K + 1))
    assert by_paper[20].score == pytest.approx(1 / (hybrid.RRF_K + 2))  # second paper, not third


def test_title_names() -> None:
    assert hybrid.title_names("BERT: Pre-training of Deep Transformers") == {
        "bert pre training of deep transformers",
        "bert",
    }
    # a head of more than NAME_WORDS words before the colon is no name
    assert hybrid.title_names("One Two Three Four: A Subtitle") == {"one two three four a subtitle"}
    assert hybrid.title_names("") == set()


def test_stem_highlight_pattern_and_densest() -> None:
    assert hybrid.stem("adapters") == "adapt" and hybrid.stem("adapter") == "adapt"
    assert hybrid.stem("uses") == "uses"  # too short a stem: the word stays
    assert hybrid.highlight_pattern("the of and") is None
    pattern = hybrid.highlight_pattern("Adapters")
    assert pattern is not None
    text = "An adapter. Adaptation adapts."
    assert [text[a:b] for a, b in hybrid.spans(text, pattern)] == [
        "adapter",
        "Adaptation",
        "adapts",
    ]
    assert hybrid.spans(text, None) == []
    far = "attention " + "filler " * 200 + "low rank low rank adapters"
    found = hybrid.densest(far, "low rank attention")
    # the run of four matches comes first, then the lone earlier one
    assert [far[a:b] for a, b in found] == ["low", "rank", "low", "rank", "attention"]
    assert hybrid.densest(far, "zebra") == []


def test_snippet_prefers_the_named_page() -> None:
    page1 = "Adapters help here. " * 5
    page2 = "Filler words only. " * 30 + "Adapters again on the second page."
    text = page1 + page2
    within = (len(page1), len(text))
    snip, spans = hybrid.snippet(text, "adapters", width=120, within=within)
    assert snip.startswith("…") and "second page" in snip
    assert [snip[a:b] for a, b in spans] == ["Adapters"]


def test_feedback_vector_moves_the_query_towards_the_top_passages() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(6, 8)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    vectors = StoredVectors(
        passage_ids=np.arange(100, 106, dtype=np.int64),
        paper_ids=np.array([1, 1, 2, 3, 4, 5], dtype=np.int64),
        hash64=np.arange(6, dtype=np.int64),
        matrix=matrix,
    )
    index = build(vectors, model="hash-8", revision="r")
    q = matrix[5].copy()
    ranked = [hybrid.PaperScore(1, 1.0, 100), hybrid.PaperScore(2, 0.9, 102)]
    moved = hybrid.feedback_vector(index, q, ranked, docs=2, weight=0.5)
    assert moved is not None
    expected = q + 0.5 * matrix[[0, 2]].mean(axis=0)
    assert np.allclose(moved, expected / np.linalg.norm(expected), atol=1e-6)
    assert float(np.linalg.norm(moved)) == pytest.approx(1.0)
    assert hybrid.feedback_vector(index, q, ranked, docs=0) is None
    assert hybrid.feedback_vector(index, q, ranked, weight=0) is None
    assert hybrid.feedback_vector(index, q, []) is None
    assert hybrid.feedback_vector(index, q, [hybrid.PaperScore(9, 1.0, 999)]) is None
