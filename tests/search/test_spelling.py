"""search.spelling: a misspelt query finds what the right spelling finds, on both databases,
with the hashing embedder and the real model; a query with no typo is searched as typed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.search import spelling
from paperdesk.search.embedder import HashEmbedder
from paperdesk.services import search as svc
from paperdesk.storage.fastread import SessionReader

#: Typos as users make them: letters dropped, swapped, doubled; in titles, names, acronyms.
MISSPELT = [
    ("atention is al you need", "vaswani2017attention"),
    ("Atention Is All You Ned", "vaswani2017attention"),
    ("lorra", "hu2021lora"),
    ("instrctgpt", "ouyang2022training"),
    ("chinchila", "hoffmann2022training"),
    ("robrta", "liu2019roberta"),
    ("bret", "devlin2018bert"),
    ("language models are few-shot lerners", "brown2020language"),
    ("deep residual lerning for image recogniton", "he2015deep"),
]


@pytest.fixture
def indexed(any_lib: Library, hash_embedder: HashEmbedder) -> Library:
    svc.index_library(any_lib, embedder=hash_embedder)
    return any_lib


@pytest.mark.parametrize(("query", "key"), MISSPELT)
def test_a_misspelt_query_finds_the_paper_first(
    indexed: Library, hash_embedder: HashEmbedder, query: str, key: str
) -> None:
    for mode in ("keyword", "hybrid"):
        hits = svc.search(indexed, query, k=3, mode=mode, embedder=hash_embedder)
        assert hits and hits[0].key == key, (mode, [h.key for h in hits])


def test_a_misspelt_word_is_searched_as_its_right_spelling(
    indexed: Library, hash_embedder: HashEmbedder
) -> None:
    pairs = (("tranformer", "transformer"), ("mixtrue of experts", "mixture of experts"))
    for typed, right in pairs:
        assert spelling.correct(SessionReader(indexed), typed).text == right
        for mode in ("keyword", "hybrid"):
            got = svc.search(indexed, typed, k=5, mode=mode, embedder=hash_embedder)
            want = svc.search(indexed, right, k=5, mode=mode, embedder=hash_embedder)
            assert [h.key for h in got] == [h.key for h in want]
            assert got[0].highlights  # the right spelling is what the snippet marks
            assert got[0].searched == right  # what the CLI and the TUI say was searched for
            assert want[0].searched is None


def test_a_query_with_no_typo_is_searched_as_typed(indexed: Library) -> None:
    reader = SessionReader(indexed)
    for query in (
        "attention is all you need",
        "BERT",
        "GPT-3",
        "low-rank adapters for finetuning",  # 'finetuning' stems like the index's 'fine-tuning'
        "why divide attention scores by the square root of the dimension",
        "the of and",
        "qwerty asdf zxcv",  # no word of the library is one edit away: left as typed
    ):
        spelled = spelling.correct(reader, query)
        assert spelled.text == query and not spelled.fixes, query
    assert spelling.correct(reader, "qwerty asdf").unknown == ["qwerty", "asdf"]


def test_misspelt_queries_keep_to_the_filters(indexed: Library) -> None:
    from paperdesk.services.listing import PaperFilter

    hits = svc.search(
        indexed, "atention is al you need", mode="keyword", filters=PaperFilter(year=2019)
    )
    assert hits and all(h.year == 2019 for h in hits)


def test_closest_word_fewest_edits_then_most_titles() -> None:
    vocab = Counter({"attention": 5, "retention": 9, "lora": 2, "loss": 7, "bert": 3, "bart": 3})
    assert spelling.closest("atention", vocab) == "attention"  # same first letter only
    assert spelling.closest("lorra", vocab) == "lora"
    assert spelling.closest("bret", vocab) == "bert"  # a swap is one edit
    assert spelling.closest("brt", vocab) is None or len("brt") < spelling.MIN_LETTERS
    assert spelling.closest("lorx", Counter({"lora": 1, "lore": 4})) == "lore"  # more titles
    assert spelling.closest("zebra", vocab) is None
    assert spelling.closest("atenton", vocab) is None  # two edits in a short word: too far
    assert spelling.closest("atentionn", Counter({"attention": 1})) == "attention"  # 9 letters: 2
    assert not spelling.correctable("gpt 3") and not spelling.correctable("t5")
    assert not spelling.correctable("rl") and spelling.correctable("lora")


def test_near_titles_needs_the_same_numbers_and_a_close_title(indexed: Library) -> None:
    reader = SessionReader(indexed)
    gpt2 = "language models are unsupervised multitask lerners"
    (pid,) = spelling.near_titles(reader, gpt2)
    assert reader.rows("SELECT key FROM papers WHERE id = :i", {"i": pid})[0][0] == (
        "radford2019language"
    )
    assert spelling.near_titles(reader, "language models are few shot learners 4") == {}
    assert spelling.near_titles(reader, "attention is what you want") == {}
    assert spelling.near_titles(reader, "lorra") == {}  # too short to be near: corrected instead


def test_vocabulary_follows_the_library(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    with lib.session() as s:
        from paperdesk.search.abstracts import refresh

        refresh(s)
    reader = SessionReader(lib)
    assert "instructgpt" in spelling.vocabulary(reader)  # from a why line
    # a word of a summary only: corrected to in a small library, not in a large one
    assert spelling.correct(reader, "locality sensitve hashing").text == (
        "locality sensitive hashing"
    )
    monkeypatch.setattr(spelling, "ABSTRACT_PAPERS", 10)
    assert spelling.correct(reader, "locality sensitve hashing").fixes == {}
    monkeypatch.undo()
    with lib.session() as s:
        from paperdesk.storage.models import Paper

        s.add(Paper(key="zz", title="Quokkaformer networks", authors=[], categories=[]))
    assert "quokkaformer" in spelling.vocabulary(reader)


@pytest.mark.slow
def test_misspelt_queries_with_the_real_model(lib: Library, st_embedder, onnx_export: Path) -> None:
    from tests.search.test_model import _install_export

    _install_export(lib, onnx_export)
    svc.index_library(lib, embedder=st_embedder)
    for query, key in MISSPELT[:6]:
        hits = svc.search(lib, query, k=3, embedder=st_embedder)
        assert hits[0].key == key, (query, [h.key for h in hits])
