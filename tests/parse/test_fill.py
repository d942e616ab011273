"""parse.fill: a paper's empty bibliographic fields filled from its PDF, never a field the user,
a seeded list or arXiv gave; each filled field records its source."""

from __future__ import annotations

from typing import Any

from paperdesk.parse.fill import fill_missing
from paperdesk.storage.models import Paper

META: dict[str, Any] = {
    "title": "  Attention   Is All\nYou Need ",
    "authors": ["Ashish  Vaswani", "", 7, "Noam Shazeer"],
    "year": 2017,
    "doi": " 10.5555/3295222.3295349 ",
    "venue": "Advances in  Neural Information Processing Systems",
    "sources": {"title": "pdf:layout", "authors": "pdf:xmp", "year": "made up", "doi": 5},
}


def test_an_empty_paper_gets_every_field_with_its_source() -> None:
    paper = Paper(arxiv_id="1706.03762", title="arXiv:1706.03762")  # the placeholder title
    filled = fill_missing(paper, META)
    assert filled == ["title", "authors", "year", "doi", "venue"]
    assert paper.title == "Attention Is All You Need"  # whitespace collapsed
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]  # non-strings and blanks dropped
    assert (paper.year, paper.doi) == (2017, "10.5555/3295222.3295349")
    assert paper.venue == "Advances in Neural Information Processing Systems"
    # a source that is not a "pdf:" string reads as plain "pdf"
    assert paper.metadata_sources == {
        "title": "pdf:layout",
        "authors": "pdf:xmp",
        "year": "pdf",
        "doi": "pdf",
        "venue": "pdf",
    }


def test_given_fields_are_never_replaced() -> None:
    paper = Paper(
        arxiv_id="1706.03762",
        title="Attention is all you need (typed)",
        authors=["A. Vaswani"],
        year=2018,
        doi="10.1/typed",
        venue="NeurIPS",
        metadata_sources={"title": "arxiv"},
    )
    assert fill_missing(paper, META) == []
    assert paper.title == "Attention is all you need (typed)"
    assert (paper.authors, paper.year, paper.doi, paper.venue) == (
        ["A. Vaswani"],
        2018,
        "10.1/typed",
        "NeurIPS",
    )
    assert paper.metadata_sources == {"title": "arxiv"}


def test_a_paper_named_after_its_pdf_records_where_the_title_came_from() -> None:
    paper = Paper(title="Attention Is All You Need", authors=["X"], year=2017)
    fill_missing(paper, {"title": "Attention Is All You Need", "sources": {"title": "pdf:info"}})
    assert paper.title == "Attention Is All You Need"
    assert paper.metadata_sources == {"title": "pdf:info"}


def test_values_that_crossed_the_process_boundary_are_checked() -> None:
    paper = Paper(title="")
    bad = {
        "title": "   ",
        "authors": "Ada Lovelace",  # a string, not a list
        "year": True,  # a bool is an int in Python, not a year
        "doi": "not a doi",
        "venue": None,
    }
    assert fill_missing(paper, bad) == []
    assert fill_missing(paper, {"year": 1850}) == []  # outside 1900..2100
    assert fill_missing(paper, None) == []
    assert fill_missing(paper, "title") == []  # type: ignore[arg-type]
    assert paper.year is None and not paper.authors and not paper.metadata_sources


def test_a_blank_field_counts_as_empty_and_dois_are_lowered_and_capped() -> None:
    paper = Paper(title="Known", doi="  ", venue=" ")
    doi = "10.1234/" + "A" * 300
    assert fill_missing(paper, {"doi": doi, "venue": "ICML"}) == ["doi", "venue"]
    assert paper.doi == doi.lower()[:200]
    assert paper.venue == "ICML"


def test_a_journal_reference_is_the_venue_so_the_pdfs_guess_is_not_added() -> None:
    """An imported booktitle or arXiv's journal reference is the paper's venue: the PDF's own
    wording of it ('Proceedings of NAACL-HLT 2018') would make show print it twice."""
    paper = Paper(title="Known", journal_ref="NAACL")
    assert fill_missing(paper, {"venue": "Proceedings of NAACL-HLT 2018"}) == []
    assert (paper.venue, paper.journal_ref) == (None, "NAACL")
    blank = Paper(title="Known", journal_ref="  ")
    assert fill_missing(blank, {"venue": "ICML"}) == ["venue"] and blank.venue == "ICML"
