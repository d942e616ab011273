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
    assert keyword.query_terms("the of and") == ["the", "of", "and"]  # only stopwords: keep
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
