"""services/search.py: indexing, searching and similar papers end to end on a real library
(SQLite, and PostgreSQL where the SQL differs), with the hashing embedder and a real FAISS index."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from paperdesk.config import Settings
from paperdesk.errors import NotFoundError, SearchError
from paperdesk.library import Library
from paperdesk.progress import Cancelled, NullProgress
from paperdesk.search.embedder import HashEmbedder
from paperdesk.services import search as svc
from paperdesk.services.listing import PaperFilter, list_papers, open_reader
from paperdesk.storage.models import Embedding, Paper, Passage
from tests.search.conftest import ABSTRACTS


def _abstract_passages(lib: Library) -> dict[str, Passage]:
    with lib.session() as s:
        rows = s.execute(
            select(Paper.key, Passage)
            .join(Passage, Passage.paper_id == Paper.id)
            .where(Passage.kind == "abstract")
        ).all()
    return {key: p for key, p in rows}


def _add_body(lib: Library, key: str, text: str, *, section: str, page: int) -> None:
    import hashlib

    with lib.session() as s:
        paper = s.scalar(select(Paper).where(Paper.key == key))
        s.add(
            Passage(
                paper_id=paper.id,
                kind="body",
                position=1,
                section=section,
                page_start=page,
                page_end=page,
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
        )


def test_index_creates_one_abstract_passage_per_paper(alib: Library, hash_embedder) -> None:
    report = svc.index_library(alib, embedder=hash_embedder)
    passages = _abstract_passages(alib)
    with alib.session() as s:
        n_papers = s.scalar(select(func.count(Paper.id)))
    assert report.abstracts_added == n_papers == len(passages)  # seeded titles count too
    p = passages["vaswani2017attention"]
    assert p.text == "Attention Is All You Need\n\n" + ABSTRACTS["1706.03762"]
    assert p.section == "Abstract" and p.page_start is None
    assert report.embedded == report.vectors == n_papers
    # Nothing unchanged is embedded twice.
    again = svc.index_library(alib, embedder=hash_embedder)
    assert again.embedded == 0 and again.abstracts_added == 0 and again.vectors == n_papers


def test_changed_abstract_is_refreshed_and_reembedded(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    with alib.session() as s:
        s.scalar(select(Paper).where(Paper.arxiv_id == "1412.6980")).abstract = "A new optimizer."
    report = svc.index_library(alib, embedder=hash_embedder)
    assert report.abstracts_updated == 1 and report.embedded == 1
    assert _abstract_passages(alib)["kingma2014adam"].text.endswith("A new optimizer.")
    hits = svc.search(alib, "new optimizer", k=1, embedder=hash_embedder)
    assert hits[0].key == "kingma2014adam"


def test_placeholder_title_without_abstract_is_not_a_passage(lib: Library, hash_embedder) -> None:
    from paperdesk.services.papers import add_papers

    add_papers(lib, ["2401.00001"])
    svc.index_library(lib, embedder=hash_embedder)
    assert "2401.00001" not in _abstract_passages(lib)


def test_abstracts_searchable_by_keyword_without_index_or_model(alib: Library) -> None:
    # No index ever built, and a model that cannot load: keyword mode must not need it.
    alib.settings = alib.settings.__class__(home=alib.settings.home, model="/nonexistent/model")
    hits = svc.search(alib, "rank decomposition matrices", mode="keyword", k=3)
    assert hits[0].key == "hu2021lora"
    assert hits[0].section == "Abstract"
    # Hybrid falls back to keywords while nothing is embedded.
    assert svc.search(alib, "rank decomposition matrices", k=3)[0].key == "hu2021lora"
    with pytest.raises(SearchError, match="paperdesk index"):
        svc.search(alib, "rank decomposition", mode="dense")


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_modes_find_the_paper(alib: Library, hash_embedder, mode: str) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    hits = svc.search(
        alib, "stochastic optimization adaptive moments", k=5, mode=mode, embedder=hash_embedder
    )
    assert hits[0].key == "kingma2014adam"
    assert len({h.key for h in hits}) == len(hits)  # one row per paper
    assert all(h.title and h.passage_id for h in hits)


def test_hit_carries_section_page_snippet_and_highlights(alib: Library, hash_embedder) -> None:
    body = (
        "3.2 Scaled dot-product attention. "
        + "Filler words about nothing. " * 8
        + "The multi-head attention lets the model attend to information from different "
        "representation subspaces at different positions. " + "More filler here. " * 12
    )
    _add_body(alib, "vaswani2017attention", body, section="3.2 Multi-Head Attention", page=4)
    svc.index_library(alib, embedder=hash_embedder)
    hit = svc.search(alib, "multi-head representation subspaces", k=1, mode="keyword")[0]
    assert hit.key == "vaswani2017attention"
    assert (hit.section, hit.page) == ("3.2 Multi-Head Attention", 4)
    assert len(hit.snippet) < len(body) and "subspaces" in hit.snippet
    words = {hit.snippet[a:b].lower() for a, b in hit.highlights}
    assert {"multi", "head", "representation", "subspaces"} <= words
    assert hit.reading == "unread" and hit.replication == "none"


def test_filters(alib: Library, hash_embedder) -> None:
    from paperdesk.tracking import set_state

    svc.index_library(alib, embedder=hash_embedder)
    query = "language model pre-training transformers"
    with alib.session() as s:
        bert = s.scalar(select(Paper).where(Paper.arxiv_id == "1810.04805"))
        set_state(s, bert, "reading", "read")
    read = svc.search(alib, query, filters=PaperFilter(reading="read"), embedder=hash_embedder)
    assert [h.key for h in read] == ["devlin2018bert"] and read[0].reading == "read"
    y2023 = svc.search(alib, query, filters=PaperFilter(year=2023), embedder=hash_embedder)
    assert {h.year for h in y2023} == {2023}
    reader = open_reader(alib.settings)
    lists = {row.id: row.lists for row in list_papers(reader, PaperFilter())}
    reader.close()
    name = lists["hu2021lora"][0]
    in_list = svc.search(
        alib, "low-rank adaptation", mode="keyword", filters=PaperFilter(list_name=name)
    )
    assert in_list and all(name in lists[h.key] for h in in_list)
    with pytest.raises(NotFoundError, match="no reading list"):
        svc.search(alib, "x", filters=PaperFilter(list_name="no-such-list"))
    assert svc.search(alib, query, filters=PaperFilter(year=1800), embedder=hash_embedder) == []


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_the_paper_a_query_names_comes_first(lib: Library, hash_embedder, mode: str) -> None:
    svc.index_library(lib, embedder=hash_embedder)
    for query, key in (
        ("BERT", "devlin2018bert"),
        ("lora", "hu2021lora"),
        ("RoBERTa", "liu2019roberta"),
    ):
        hits = svc.search(lib, query, k=5, mode=mode, embedder=hash_embedder)
        assert hits[0].key == key, (query, [h.key for h in hits])
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    elsewhere = svc.search(
        lib, "BERT", mode=mode, embedder=hash_embedder, filters=PaperFilter(year=2019)
    )
    assert "devlin2018bert" not in {h.key for h in elsewhere}  # named, but filtered out


def test_stop_words_match_nothing_and_far_hits_are_weak(lib: Library, hash_embedder) -> None:
    svc.index_library(lib, embedder=hash_embedder)
    assert svc.search(lib, "the of and", mode="keyword") == []
    far = svc.search(lib, "zzqx vvbnm", embedder=hash_embedder)  # nothing in common at all
    assert far and all(h.weak for h in far)
    near = svc.search(lib, "masked language model", embedder=hash_embedder)
    assert near and not any(h.weak for h in near)


def test_bad_queries(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    with pytest.raises(SearchError, match="nothing to search"):
        svc.search(alib, "   ")
    with pytest.raises(SearchError, match="unknown search mode"):
        svc.search(alib, "attention", mode="fuzzy")
    for nasty in ['"unbalanced', "AND OR NOT", "col:umn* ^x (", "NEAR(a b)", "-", "ü€🙂"]:
        svc.search(alib, nasty, mode="keyword")  # never an FTS syntax error


def test_similar_excludes_itself_and_needs_no_model(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    hits = svc.similar(alib, "arXiv:1706.03762v7", k=3, embedder=hash_embedder)
    assert hits and "vaswani2017attention" not in {h.key for h in hits}
    with pytest.raises(NotFoundError):
        svc.similar(alib, "2312.99999", embedder=hash_embedder)


def test_similar_without_any_text_says_what_to_do(lib: Library, hash_embedder) -> None:
    from paperdesk.services.papers import add_papers

    add_papers(lib, ["2401.00001"])
    svc.index_library(lib, embedder=hash_embedder)
    with pytest.raises(SearchError, match="paperdesk fetch"):
        svc.similar(lib, "2401.00001", embedder=hash_embedder)


def test_model_change_embeds_everything_for_the_new_model(alib: Library, hash_embedder) -> None:
    first = svc.index_library(alib, embedder=hash_embedder)
    other = HashEmbedder(64)
    second = svc.index_library(alib, embedder=other)
    assert second.embedded == first.embedded and second.model == "hash-64"
    with alib.session() as s:
        rows = s.execute(select(Embedding.model, func.count()).group_by(Embedding.model))
        models = {model: n for model, n in rows}
    assert models == {"hash-256": first.embedded, "hash-64": first.embedded}
    assert svc.search(alib, "adaptive moments", k=1, embedder=other)[0].key == "kingma2014adam"


class _StopAfter(NullProgress):
    def __init__(self, n: int) -> None:
        self.n = n

    def advance(self, n: int = 1, **_: object) -> None:
        self.n -= 1

    def cancelled(self) -> bool:
        return self.n <= 0


def test_cancel_keeps_what_was_embedded(
    alib: Library, hash_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(svc, "EMBED_CHUNK", 10)
    with pytest.raises(Cancelled):
        svc.index_library(alib, embedder=hash_embedder, progress=_StopAfter(2))
    with alib.session() as s:
        assert s.scalar(select(func.count(Embedding.id))) == 20
    rest = svc.index_library(alib, embedder=hash_embedder)
    assert rest.embedded == rest.vectors - 20


def test_indexed_marker_follows_vectors(alib: Library, hash_embedder) -> None:
    def indexed() -> set[str]:
        reader = open_reader(alib.settings)
        try:
            return {row.id for row in list_papers(reader, PaperFilter()) if row.indexed}
        finally:
            reader.close()

    assert indexed() == set()
    svc.index_library(alib, embedder=hash_embedder)
    assert "vaswani2017attention" in indexed()
    _add_body(
        alib, "vaswani2017attention", "A body passage not embedded yet.", section="1 Intro", page=1
    )
    assert "vaswani2017attention" not in indexed()  # a passage without a vector: not fully indexed
    svc.index_library(alib, embedder=hash_embedder)
    assert "vaswani2017attention" in indexed()


def test_end_to_end_on_both_databases(any_lib: Library, hash_embedder) -> None:
    from sqlalchemy import delete

    from tests.search.conftest import add_abstracts

    add_abstracts(any_lib)
    report = svc.index_library(any_lib, embedder=hash_embedder)
    assert report.embedded == report.vectors > 8
    for mode in ("hybrid", "dense", "keyword"):
        hits = svc.search(
            any_lib,
            "adaptive moments stochastic optimization",
            k=3,
            mode=mode,
            embedder=hash_embedder,
        )
        assert hits[0].key == "kingma2014adam", mode
    assert svc.similar(any_lib, "vaswani2017attention", k=3, embedder=hash_embedder)
    with any_lib.session() as s:
        s.execute(delete(Paper).where(Paper.arxiv_id == "1412.6980"))
    hits = svc.search(any_lib, "adaptive moments", k=20, mode="dense", embedder=hash_embedder)
    assert "kingma2014adam" not in {h.key for h in hits}


def _hash_settings(lib: Library) -> Settings:
    """The library's settings with the hashing model configured (what PAPERDESK_MODEL=hash
    gives a new process)."""
    return dataclasses.replace(lib.settings, model="hash")


def test_the_report_counts_what_search_can_return(alib: Library, hash_embedder) -> None:
    _add_body(alib, "vaswani2017attention", "Scaled dot-product attention.", section="3", page=3)
    report = svc.index_library(alib, embedder=hash_embedder)
    with alib.session() as s:
        n_papers = s.scalar(select(func.count(Paper.id)))
    assert report.model == "hash-256" and report.onnx == "none"  # no export for the test model
    assert report.papers == n_papers and report.passages == n_papers + 1
    assert report.embedded == report.vectors == report.passages
    assert report.index_kind == "exact" and report.seconds >= report.embed_seconds > 0
    assert report.passages_per_second == report.embedded / report.embed_seconds
    assert svc.IndexReport(model="m", embedded=5).passages_per_second == 0.0  # nothing timed


def test_embedded_count_through_the_library_and_the_settings(alib: Library, hash_embedder) -> None:
    settings = _hash_settings(alib)
    assert svc.embedded_count(alib, hash_embedder) == svc.embedded_count(settings) == 0
    report = svc.index_library(alib, embedder=hash_embedder)
    assert svc.embedded_count(alib, hash_embedder) == report.embedded > 0
    assert svc.embedded_count(settings) == report.embedded  # the fast path, no Library
    assert svc.embedded_count(alib, HashEmbedder(64)) == 0  # another model has none


def test_the_query_encoder_of_the_hash_model_is_the_hash_embedder(alib: Library) -> None:
    settings = _hash_settings(alib)
    encoder = svc.query_encoder(settings)
    assert isinstance(encoder, HashEmbedder) and encoder.name == "hash-256"
    lazy = svc.QueryEncoder(settings)
    assert lazy.name == "hash-256" and lazy.dim == 256
    assert (lazy.encode(["low-rank adaptation"]) == encoder.encode(["low-rank adaptation"])).all()


def test_a_new_process_search_reads_the_same_hits(alib: Library, hash_embedder) -> None:
    """search_settings (the CLI's path: stdlib sqlite3 while the abstracts are current, else
    the library opened as usual) finds what search does on the open library."""
    settings = _hash_settings(alib)
    svc.index_library(alib, embedder=hash_embedder)
    query = "adaptive moments stochastic optimization"
    for mode in svc.MODES:
        expected = svc.search(alib, query, k=4, mode=mode, embedder=hash_embedder)
        assert svc.search_settings(settings, query, k=4, mode=mode) == expected, mode
    with alib.session() as s:  # the papers changed: abstracts are refreshed on the slow path
        s.scalar(
            select(Paper).where(Paper.arxiv_id == "1207.0580")
        ).abstract = "Zeppelins carry adaptive moments across stochastic optimization."
    hits = svc.search_settings(settings, "zeppelins", k=1, mode="keyword")
    assert [h.key for h in hits] == ["hinton2012improving"]
    with pytest.raises(SearchError, match="unknown search mode"):
        svc.search_settings(settings, query, mode="fuzzy")


def test_tag_and_replication_filters_on_both_databases(any_lib: Library, hash_embedder) -> None:
    from paperdesk.services.papers import mark, set_tags
    from tests.search.conftest import add_abstracts

    add_abstracts(any_lib)
    svc.index_library(any_lib, embedder=hash_embedder)
    set_tags(any_lib, "1810.04805", ["encoder"], [])
    set_tags(any_lib, "2106.09685", ["encoder"], [])
    mark(any_lib, "2106.09685", "running")
    query = "pre-trained model layers"
    for mode in svc.MODES:
        tagged = svc.search(
            any_lib, query, mode=mode, filters=PaperFilter(tag="Encoder"), embedder=hash_embedder
        )
        assert {h.key for h in tagged} == {"devlin2018bert", "hu2021lora"}, mode
        running = svc.search(
            any_lib,
            query,
            mode=mode,
            filters=PaperFilter(tag="encoder", replication="running"),
            embedder=hash_embedder,
        )
        assert [(h.key, h.replication) for h in running] == [("hu2021lora", "running")], mode


def test_at_least_one_hit_is_asked_for(alib: Library, hash_embedder) -> None:
    svc.index_library(alib, embedder=hash_embedder)
    for k in (0, -3):
        hits = svc.search(alib, "adaptive moments", k=k, embedder=hash_embedder)
        assert [h.key for h in hits] == ["kingma2014adam"]
        assert len(svc.similar(alib, "1412.6980", k=k, embedder=hash_embedder)) == 1


def test_similar_by_keywords_alone_and_dense_needs_vectors(alib: Library, hash_embedder) -> None:
    hits = svc.similar(alib, "1412.6980", k=3, mode="keyword", embedder=hash_embedder)
    assert hits and "kingma2014adam" not in {h.key for h in hits}  # no index was ever built
    with pytest.raises(SearchError, match="kingma2014adam has no vectors yet"):
        svc.similar(alib, "1412.6980", mode="dense", embedder=hash_embedder)
    with pytest.raises(SearchError, match="unknown search mode"):
        svc.similar(alib, "1412.6980", mode="fuzzy")
    svc.index_library(alib, embedder=hash_embedder)
    dense = svc.similar(alib, "1412.6980", k=3, mode="dense", embedder=hash_embedder)
    assert len(dense) == 3 and "kingma2014adam" not in {h.key for h in dense}
    assert [h.score for h in dense] == sorted((h.score for h in dense), reverse=True)
