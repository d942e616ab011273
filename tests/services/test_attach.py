"""``attach_pdf`` (``add --pdf``) refuses before changing anything: a PDF folder that cannot take
the file, a PDF whose arXiv stamp or title names another paper; and never overwrites an
abstract."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.errors import ParseError
from paperdesk.library import Library
from paperdesk.parse.identity import title_mismatch, title_overlap
from paperdesk.paths import pdf_target
from paperdesk.services.attach import attach_pdf
from paperdesk.storage.models import Paper
from tests.conftest import run_cli, shared_path
from tests.parse.conftest import paper, pdfdir  # noqa: F401 - fixtures
from tests.parse.pdfs import Built, simple_pdf

ATTENTION_KEY = "vaswani2017attention"  # the seeded paper's citation key (arXiv 1706.03762)


def _rows(lib: Library) -> list[tuple[str, str, str | None, str | None, str | None]]:
    with lib.session() as s:
        return [
            (p.key, p.title, p.abstract, p.pdf_path, p.parse_status)
            for p in s.scalars(select(Paper).order_by(Paper.key))
        ]


def _stamped(pdfdir: Path, stamp: str) -> Path:
    import pymupdf

    doc = pymupdf.open(simple_pdf(pdfdir / "plain.pdf"))
    doc[0].insert_text((20, 600), f"{stamp} [cs.CL] 4 Jan 2021", fontsize=14, rotate=90)
    out = pdfdir / "stamped.pdf"
    doc.save(str(out))
    doc.close()
    return out


# ------------------------------------------------------------------ the PDF folder


def test_a_pdf_folder_that_cannot_take_the_file_changes_nothing(lib: Library, paper: Built) -> None:
    lib.settings.pdf_dir.write_text("a file where the PDF folder should be")
    before = _rows(lib)
    for ref in ("2101.00002", "1706.03762"):  # a new paper, and one already in the library
        with pytest.raises(
            ParseError,
            match=r"cannot store synthetic\.pdf in the PDF folder "
            rf"{lib.settings.pdf_dir}: File exists",
        ):
            attach_pdf(lib, paper.path, ref=ref)
    assert _rows(lib) == before


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs a user that file permissions apply to"
)
def test_a_read_only_pdf_folder_changes_nothing(empty_lib: Library, paper: Built) -> None:
    folder = empty_lib.settings.pdf_dir
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        with pytest.raises(ParseError, match="Permission denied"):
            attach_pdf(empty_lib, paper.path, ref="2101.00002")
    finally:
        folder.chmod(0o755)
    assert _rows(empty_lib) == [] and list(folder.iterdir()) == []


def test_add_pdf_into_a_blocked_folder_is_one_clear_error(home: Path, paper: Built) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "pdfs").write_text("not a folder")
    out = run_cli("add", "--pdf", str(paper.path), "--id", "2101.00002")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(
        f"error: cannot store synthetic.pdf in the PDF folder {home / 'pdfs'}: File exists"
    )
    assert run_cli("show", "2101.00002").returncode == 1, "the paper was not added"


# ------------------------------------------------------------------ which paper it is


def test_a_pdf_stamped_with_another_arxiv_id_is_refused(empty_lib: Library, pdfdir: Path) -> None:
    pdf = _stamped(pdfdir, "arXiv:2101.00003v2")
    with pytest.raises(
        ParseError,
        match=r"stamped\.pdf is arXiv:2101\.00003 .* not arXiv:2101\.00009: .*--force",
    ):
        attach_pdf(empty_lib, pdf, ref="2101.00009")
    assert _rows(empty_lib) == []
    assert not empty_lib.settings.pdf_dir.exists() or not any(empty_lib.settings.pdf_dir.iterdir())
    key = attach_pdf(empty_lib, pdf, ref="2101.00009", force=True)
    with empty_lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == key))
        assert (p.arxiv_id, p.pdf_version, p.parse_status) == ("2101.00009", None, "parsed")
    right = attach_pdf(empty_lib, pdf, ref="arXiv:2101.00003")
    with empty_lib.session() as s:
        assert s.scalar(select(Paper.arxiv_id).where(Paper.key == right)) == "2101.00003", (
            "the right id is accepted"
        )


def test_a_pdf_titled_as_another_paper_is_refused(lib: Library, paper: Built) -> None:
    """The review's case: any PDF attached to the seeded "Attention Is All You Need" row
    gave it that PDF's abstract."""
    before = _rows(lib)
    key = ATTENTION_KEY
    with pytest.raises(
        ParseError,
        match=re.escape(
            "synthetic.pdf looks like another paper: its title is 'Synthetic Documents for "
            f"Testing Extraction', {key} is 'Attention Is All You Need'"
        ),
    ):
        attach_pdf(lib, paper.path, ref="1706.03762")
    assert _rows(lib) == before
    assert not pdf_target(lib.settings, key).exists()
    assert attach_pdf(lib, paper.path, ref="1706.03762", force=True) == key
    [row] = [r for r in _rows(lib) if r[0] == key]
    assert row[3] == f"{key}.pdf" and row[4] == "parsed"


def test_the_reviewed_mismatch_with_real_pdfs(lib: Library) -> None:
    pdf = shared_path("fixtures", "pdfs", "N18-3011.pdf")
    with pytest.raises(
        ParseError,
        match=re.escape(
            f"'Construction of the Literature Graph in Semantic Scholar', {ATTENTION_KEY} is "
            "'Attention Is All You Need'"
        ),
    ):
        attach_pdf(lib, pdf, ref="1706.03762")
    with lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.arxiv_id == "1706.03762"))
        assert (p.abstract or "") == "" and p.pdf_path is None
        s.add(
            Paper(
                key="1805.02262",
                arxiv_id="1805.02262",
                title="Construction of the Literature Graph in Semantic Scholar",
            )
        )
    assert attach_pdf(lib, pdf, ref="1805.02262") == "1805.02262", "its own paper takes it"


def test_the_right_pdf_is_accepted_and_keeps_the_abstract(
    empty_lib: Library, paper: Built, pdfdir: Path
) -> None:
    with empty_lib.session() as s:
        s.add(
            Paper(
                key="2101.00001",
                arxiv_id="2101.00001",
                abstract="The curated abstract.",
                title="Synthetic documents for testing extraction",
            )
        )
        s.add(
            Paper(
                key="2101.00002",
                arxiv_id="2101.00002",
                abstract=None,
                title="Synthetic Documents for Testing Extraction: Extended Version",
            )
        )
    assert attach_pdf(empty_lib, paper.path, ref="2101.00001") == "2101.00001"
    assert attach_pdf(empty_lib, paper.path, ref="2101.00002") == "2101.00002"
    # a forced, mismatched PDF does not overwrite the abstract either
    other = simple_pdf(pdfdir / "o.pdf", "Completely Unrelated Title\n\n" + "Some words. " * 80)
    attach_pdf(empty_lib, other, ref="2101.00001", force=True)
    rows = {r[0]: r for r in _rows(empty_lib)}
    assert rows["2101.00001"][2] == "The curated abstract."
    assert rows["2101.00002"][2].startswith("We describe synthetic documents"), (
        "an empty abstract is filled from the PDF"
    )


def test_title_comparison() -> None:
    assert (
        title_overlap(
            "Attention Is All You Need", "Construction of the Literature Graph in Semantic Scholar"
        )
        == 0
    )
    assert (
        title_overlap(
            "BERT: Pre-training of Deep Bidirectional Transformers",
            "BERT: pre-training of deep bidirectional transformers for language understanding",
        )
        == 1
    )
    assert title_overlap("", "Anything") == 1, "no words, no evidence of a mismatch"
    header = {
        "title": "Journal of Synthetic Test Documents",
        "abstract": None,
        "passages": [
            {
                "text": "Graph Neural Networks for Parsing Alice Smith University of Nowhere",
                "page_start": 1,
                "section": None,
            }
        ],
    }
    assert title_mismatch("Graph neural networks for parsing", header) is None, (
        "the real title printed in the front matter wins over a misread one"
    )
    assert (
        title_mismatch("Attention Is All You Need", header) == "Journal of Synthetic Test Documents"
    )
    assert title_mismatch("Attention Is All You Need", {"title": None}) is None


def test_a_refused_pdf_leaves_the_stored_one_alone(
    empty_lib: Library, paper: Built, pdfdir: Path
) -> None:
    key = attach_pdf(empty_lib, paper.path, ref="2101.00001")
    stored = pdf_target(empty_lib.settings, key).read_bytes()
    with pytest.raises(ParseError, match=r"arXiv:2101\.00003"):
        attach_pdf(empty_lib, _stamped(pdfdir, "arXiv:2101.00003v1"), ref=key)
    assert pdf_target(empty_lib.settings, key).read_bytes() == stored
    assert sorted(p.name for p in empty_lib.settings.pdf_dir.iterdir()) == [f"{key}.pdf"]
