"""Small paper-like PDFs made with PyMuPDF for the intake tests: a bold title, an author line,
an abstract and two sections of distinct text, optionally a DOI on page 1 and an arXiv stamp
in the left margin (as arXiv prints it)."""

from __future__ import annotations

from pathlib import Path

import pytest

pymupdf = pytest.importorskip("pymupdf")


def body(word: str) -> str:
    """Distinct running text: ``word`` makes a paper findable by search."""
    return (
        f"We study {word} in detail. The {word} method improves accuracy on every benchmark "
        f"we tried, and the analysis of {word} shows where the gains come from. "
    ) * 10


def paper_pdf(
    path: Path,
    title: str,
    *,
    word: str = "adapters",
    authors: str = "Ada Lovelace and Alan Turing",
    doi: str | None = None,
    stamp: str | None = None,
    year: int | None = 2021,
) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 60, 540, 130), title, fontsize=17, fontname="hebo")
    page.insert_text((72, 150), authors, fontsize=11)
    y = 170
    if doi:
        page.insert_text((72, y), f"https://doi.org/{doi}", fontsize=9)
        y += 15
    if year is not None:  # else the PDF gives no year, as many templates and preprints
        page.insert_text((72, y), f"Proceedings of the Workshop on Tests {year}", fontsize=9)
    page.insert_textbox(
        pymupdf.Rect(72, y + 20, 540, 780),
        "Abstract\n" + body(word)[:600] + "\n\n1 Introduction\n" + body(word),
        fontsize=10,
    )
    if stamp:
        page.insert_text((20, 600), stamp, fontsize=9, rotate=90)
    second = doc.new_page()
    second.insert_textbox(
        pymupdf.Rect(72, 72, 540, 780), "2 Method\n" + body(word) * 2, fontsize=10
    )
    doc.save(path)
    return path
