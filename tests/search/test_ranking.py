"""Keyword query sanitising, fusion and snippets: pure functions, plus keyword search on both
databases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.library import Library
from paperdesk.search import hybrid, keyword
from paperdesk.search.abstracts import refresh
from paperdesk.storage.fastread import SessionReader
from tests.search.conftest import add_abstracts


def test_query_terms_are_words_not_syntax() -> None:
    assert keyword.query_terms('The "Transformer" AND attention-based NEAR(x) [12, 14]') == [
        "transformer",
        "attention",
        "based",
        "near",
        "x",
    ]
    assert keyword.query_terms("the of and") == []  # only stop words: every passage has them
    assert keyword.query_terms("GPT-3 vs Llama-2 and x-rays") == ["gpt 3", "llama 2", "x", "rays"]
    assert keyword.fts5_query(["gpt 3"]) == '"gpt 3"'  # a phrase
    assert keyword.tsquery(["gpt 3", "bert"]) == "(gpt <-> '-3') | (gpt <-> 3) | bert"
    assert keyword.query_terms("*** ::: ---") == []
    assert keyword.fts5_query(['a"b', "c"]) == '"a""b" OR "c"'
    assert keyword.tsquery(["attention", "o'neil", "x"]) == "attention | oneil | x"


@given(st.text(max_size=60))
def test_any_text_becomes_a_valid_fts5_query(text: str) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')")
    conn.execute("INSERT INTO t VALUES ('attention is all you need')")
    terms = keyword.query_terms(text)
    if terms:
        conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (keyword.fts5_query(terms),)).fetchall()


def test_keyword_search_on_both_databases(any_lib: Library) -> None:
    add_abstracts(any_lib)
    with any_lib.session() as s:
        refresh(s)
    reader = SessionReader(any_lib)
    hits = keyword.search(reader, "trainable rank decomposition matrices", limit=5)
    top = reader.rows("SELECT key FROM papers WHERE id = :i", {"i": hits[0][1]})[0][0]
    assert top == "hu2021lora"
    assert [h[2] for h in hits] == sorted((h[2] for h in hits), reverse=True)
    keyword.search(reader, '"AND OR ( col:x*', limit=5)  # words only: never a syntax error
    assert keyword.search(reader, "zzzzqqq", limit=5) == []


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


def test_keyword_search_keeps_a_numbered_name_whole(any_lib: Library) -> None:
    with any_lib.session() as s:
        refresh(s)  # the seeded summaries: GPT-4's says GPT-4 only, InstructGPT's GPT-3
    reader = SessionReader(any_lib)
    hits = keyword.search(reader, "GPT-3", limit=20)
    keys = {reader.rows("SELECT key FROM papers WHERE id = :i", {"i": h[1]})[0][0] for h in hits}
    assert "brown2020language" in keys and "openai2023gpt" not in keys
    assert keyword.search(reader, "the of and", limit=5) == []
    named = keyword.named_papers(reader, "bert")
    assert [reader.rows("SELECT key FROM papers WHERE id = :i", {"i": p})[0][0] for p in named] == [
        "devlin2018bert"
    ]
