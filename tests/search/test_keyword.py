"""search.keyword: what a user types reduced to quoted words, and keyword search over passages
on both databases (FTS5 bm25 on SQLite, ts_rank_cd on PostgreSQL)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paperdesk.library import Library
from paperdesk.search import keyword
from paperdesk.search.abstracts import refresh
from paperdesk.storage.fastread import SessionReader
from tests.search.conftest import add_abstracts


def key_of(reader: SessionReader, paper_id: int) -> str:
    return str(reader.rows("SELECT key FROM papers WHERE id = :i", {"i": paper_id})[0][0])


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


def test_query_terms_keep_first_appearance_drop_short_numbers_and_stop_at_the_limit() -> None:
    assert keyword.query_terms("Adam adam ADAM optimizer") == ["adam", "optimizer"]
    assert keyword.query_terms("3 layers of 512 units in 12 heads") == [
        "layers",
        "512",
        "units",
        "heads",
    ]
    many = " ".join(f"word{i}" for i in range(100))
    assert keyword.query_terms(many) == [f"word{i}" for i in range(keyword.MAX_TERMS)]
    assert keyword.query_terms(many, limit=3) == ["word0", "word1", "word2"]
    assert keyword.fts5_query([]) == "" and keyword.tsquery([]) == ""


def test_keyword_search_filters_and_excludes_papers(any_lib: Library) -> None:
    add_abstracts(any_lib)
    with any_lib.session() as s:
        refresh(s)
    reader = SessionReader(any_lib)
    query = "pre-trained model language representations"
    hits = keyword.search(reader, query, limit=1000)
    papers = {paper for _, paper, _ in hits}
    assert len(papers) >= 2
    keep = min(papers)
    only = keyword.search(
        reader, query, limit=1000, paper_filter_sql="SELECT :keep", params={"keep": keep}
    )
    assert only and {paper for _, paper, _ in only} == {keep}
    without = keyword.search(reader, query, limit=1000, exclude_paper=keep)
    assert {paper for _, paper, _ in without} == papers - {keep}
    assert len(keyword.search(reader, query, limit=1)) == 1


def test_named_papers_needs_words(lib: Library) -> None:
    reader = SessionReader(lib)
    assert keyword.named_papers(reader, "") == {}
    assert keyword.named_papers(reader, "*** ---") == {}
    assert keyword.named_papers(reader, " ".join(["word"] * 41)) == {}


def test_known_says_which_words_some_passage_has(any_lib: Library) -> None:
    add_abstracts(any_lib)
    with any_lib.session() as s:
        refresh(s)
    reader = SessionReader(any_lib)
    assert keyword.known(reader, []) == []
    # 'transformers' stems like the index's 'transformer'; a typo and nonsense match nothing
    assert keyword.known(reader, ["transformers", "atention", "qwerty", "attention"]) == [
        True,
        False,
        False,
        True,
    ]


def test_named_papers_by_the_name_a_why_line_opens_with(lib: Library) -> None:
    with lib.session() as s:
        refresh(s)
    reader = SessionReader(lib)
    for query, key in (("InstructGPT", "ouyang2022training"), ("gpt-3", "brown2020language")):
        (pid,) = keyword.named_papers(reader, query)
        assert key_of(reader, pid) == key
    assert keyword.named_papers(reader, "GPT-4o") == {}
