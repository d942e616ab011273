"""``find_duplicates``: the same DOI, file, title and year, or a near-identical title; never two
papers whose ids, DOIs, years or numbers say they differ."""

from __future__ import annotations

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.services.duplicates import find_duplicates
from paperdesk.services.merge import merge_papers
from paperdesk.services.papers import add_other
from paperdesk.storage.models import Paper


def _add(lib: Library, title: str, year: int | None = 2020, doi: str | None = None) -> str:
    res = add_other(lib, title=title, year=year, authors=[], url="https://example.org", doi=doi)
    assert res.status == "added", res.message
    assert res.id
    return res.id


def _row(lib: Library, title: str, year: int | None = 2020, doi: str | None = None) -> str:
    """A paper stored as an older release or an import would have stored it: ``add`` itself
    refuses these duplicates now."""
    with lib.session() as s:
        paper = Paper(title=title, year=year, doi=doi, authors=[])
        s.add(paper)
        s.flush()
        return paper.key


def _pairs(lib: Library) -> dict[frozenset[str], str]:
    return {frozenset((d.keep, d.other)): d.how for d in find_duplicates(lib)}


def test_each_kind_of_evidence_is_found(empty_lib: Library) -> None:
    a = _add(empty_lib, "Scaling Sparse Mixtures of Experts", doi="10.1000/moe.1")
    b = _row(empty_lib, "Sparse experts at scale (journal version)", doi="10.1000/moe.1")
    c = _add(empty_lib, "Dense retrieval with tiny encoders", year=2021)
    d = _row(empty_lib, "Dense retrieval with tiny encoders!", year=2021)
    e = _add(empty_lib, "Contrastive decoding for long documents", year=None)
    f = _row(empty_lib, "Contrastive Decoding for Long-Documents!", year=2022)
    with empty_lib.session() as s:
        for key in (c, d):  # one file stored twice (and the same title: the file is stronger)
            s.scalar(select(Paper).where(Paper.key == key)).pdf_sha256 = "ab" * 32
    assert _pairs(empty_lib) == {
        frozenset((a, b)): "doi",
        frozenset((c, d)): "file",
        frozenset((e, f)): "title",
    }


def test_near_identical_titles_within_a_year(empty_lib: Library) -> None:
    a = _add(empty_lib, "Language Models are Few-Shot Learners", year=2020)
    b = _row(empty_lib, "Language Models are Few Shot Learner", year=2020)
    (dup,) = find_duplicates(empty_lib)
    assert {dup.keep, dup.other} == {a, b} and dup.how == "similar" and dup.score >= 93


def test_different_works_are_not_proposed(empty_lib: Library) -> None:
    _add(empty_lib, "GPT-3 Technical Report on Language Models", year=2023)
    _row(empty_lib, "GPT-4 Technical Report on Language Models", year=2023)
    _add(empty_lib, "Attention Is All You Need", year=2017)
    _add(empty_lib, "Attention Is All You Need", year=2019)  # another year: another paper
    _add(empty_lib, "Retrieval heads in transformers", year=2024, doi="10.1000/a")
    _row(empty_lib, "Retrieval heads in transformers", year=2024, doi="10.1000/b")
    _add(empty_lib, "Introduction", year=2020)  # too short to say anything
    _row(empty_lib, "Introduction", year=2020)
    assert find_duplicates(empty_lib) == []


def test_the_arxiv_paper_is_kept_and_a_merged_pair_is_gone(lib: Library) -> None:
    _row(lib, "Attention is all you need", year=2017)
    (dup,) = [d for d in find_duplicates(lib) if "attention" in d.keep_title.lower()]
    with lib.session() as s:
        kept = s.scalar(select(Paper).where(Paper.key == dup.keep))
        assert kept.arxiv_id == "1706.03762", "the paper with an arXiv id is the one to keep"
    merge_papers(lib, dup.keep, dup.other)
    assert not [d for d in find_duplicates(lib) if "attention" in d.keep_title.lower()]


def test_titles_compare_transliterated() -> None:
    from paperdesk.services.identify import normalise_title

    assert normalise_title("BERT: Pre-training of Deep  Bidirectional") == normalise_title(
        "bert pre training of deep bidirectional"
    )
    assert (
        normalise_title("Straße zur Schrödinger-Gleichung") == "strasse zur schrodinger gleichung"
    )
