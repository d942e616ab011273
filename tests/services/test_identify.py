"""Recognition by title (``find_same``, ``TitleIndex``, and the library's own entry check): a
title counts only when it is distinctive, the years agree where both give one, and so do the
first authors; an unrelated PDF without a year is never taken for the first paper (QA #1)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from paperdesk.library import Library
from paperdesk.services.identify import Identity, find_same
from paperdesk.services.intake import add_pdfs
from paperdesk.services.papers import add_other
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper
from paperdesk.titlematch import distinctive, same_first_author
from tests.services.paperpdfs import paper_pdf


def _count(lib: Library) -> int:
    with lib.session() as s:
        return s.scalar(select(func.count()).select_from(Paper)) or 0


def test_generic_or_short_titles_are_not_distinctive() -> None:
    assert distinctive("quantised adapters for frugal fine tuning")
    assert not distinctive("supplementary material")
    assert not distinctive("sample document template")
    assert not distinctive("dropout")
    assert not distinctive("")


def test_first_authors_agree_when_either_side_has_none() -> None:
    assert same_first_author(["Ada Lovelace"], ["A. Lovelace", "Alan Turing"])
    assert same_first_author(["Lovelace, Ada"], [])
    assert not same_first_author(["Ada Lovelace"], ["Grace Hopper"])


def test_unrelated_pdfs_without_a_year_are_new_papers(lib: Library, tmp_path: Path) -> None:
    """The QA case: TeX templates give a title and authors but no year; each is its own paper,
    none is attached to the seeded list's first paper."""
    before = _count(lib)
    pdfs = [
        paper_pdf(
            tmp_path / "a.pdf",
            "Bare-Bones Template for Technical Conference Papers",
            authors="First A. Author",
            year=None,
        ),
        paper_pdf(
            tmp_path / "b.pdf",
            "Sample Style Document Using the Package",
            authors="Daniel A. Weiss",
            word="sample",
            year=None,
        ),
    ]
    rows = add_pdfs(lib, pdfs).results
    assert [r.status for r in rows] == ["added", "added"]
    assert _count(lib) == before + 2
    with lib.session() as s:
        titles = {repo.find_paper(s, r.id or "").title for r in rows}
    assert titles == {
        "Bare-Bones Template for Technical Conference Papers",
        "Sample Style Document Using the Package",
    }


def test_no_evidence_at_all_finds_nothing(lib: Library) -> None:
    with lib.session() as s:
        assert find_same(s, Identity()) is None
        assert find_same(s, Identity(title="Introduction")) is None
        assert repo.find_existing(s, arxiv=None, doi=None, key=None, title="x", year=None) is None


def test_title_year_and_first_author_recognise_a_paper(empty_lib: Library, tmp_path: Path) -> None:
    known = add_other(
        empty_lib,
        title="Quantised adapters for frugal fine tuning",
        year=2021,
        authors=["Ada Lovelace"],
        url="https://example.org/a",
        doi=None,
    )
    pdf = paper_pdf(tmp_path / "p.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert (row.status, row.id, row.matched_by) == ("attached", known.id, "title")


def test_another_first_author_is_another_paper(empty_lib: Library, tmp_path: Path) -> None:
    add_other(
        empty_lib,
        title="Quantised Adapters for Frugal Fine-Tuning",
        year=2021,
        authors=["Grace Hopper"],
        url="https://example.org/a",
        doi=None,
    )
    pdf = paper_pdf(tmp_path / "p.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert row.status == "added"
    assert _count(empty_lib) == 2


def test_a_near_identical_title_counts_only_in_the_same_year(
    empty_lib: Library, tmp_path: Path
) -> None:
    known = add_other(
        empty_lib,
        title="Quantized Adapters for Frugal Fine-Tuning",
        year=2021,
        authors=["Ada Lovelace"],
        url="https://example.org/a",
        doi=None,
    )
    with empty_lib.session() as s:
        typo = Identity(title="Quantised Adapters for Frugal Fine-Tuning", authors=["Ada Lovelace"])
        assert find_same(s, typo) is None, "no year: only the very same title counts"
        typo.year = 2021
        match = find_same(s, typo)
        assert match is not None and match.by == "title"
        assert repo.find_paper(s, known.id or "").id == match.paper_id
        typo.year = 2022
        assert find_same(s, typo) is None


def test_a_generic_title_matches_nothing(empty_lib: Library, tmp_path: Path) -> None:
    add_other(
        empty_lib,
        title="Supplementary Material",
        year=2021,
        authors=["Ada Lovelace"],
        url="https://example.org/a",
        doi=None,
    )
    pdf = paper_pdf(tmp_path / "p.pdf", "Supplementary Material")
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert row.status == "added" and _count(empty_lib) == 2
