"""Heading rules on layouts made here: numbered list items and lists of names set larger
than the body text are no headings."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from paperdesk.parse.document import parse_pdf

PROSE = "The class reads every page of the document once and keeps the words in order."


def test_numbered_list_items_and_name_lists_are_no_headings(tmp_path: Path) -> None:
    """elbioimp sets its numbered list a point above the body ("1. The authors' affiliations
    (to companies or academic in-"); JACoW's list of editors is "A. Mönnich, P. Poulopoulou,
    …" and "C. Andrian, Elettra Sincrotrone Trieste, 34149 Basovizza, Italy"."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 90.0

    def put(text: str, size: float = 9, font: str = "tiro", gap: float = 0) -> None:
        nonlocal y
        y += gap
        page.insert_text((72, y), text, fontsize=size, fontname=font)
        y += (text.count("\n") + 1) * size * 1.3

    put("Reading Real Layouts", size=17, font="tibo")
    put("1 Introduction", size=12, font="tibo", gap=12)
    for _ in range(3):
        put(PROSE)
    put(
        "1. The authors' affiliations (to companies or academic in-\n"
        "stitutions) are given with the affiliation command:",
        size=10,
        gap=6,
    )
    put(PROSE)
    put("2. The author may indicate keywords by employing the\n\\keyword command.", size=10)
    put(PROSE)
    put("2 Editors", size=12, font="tibo", gap=12)
    put("A. Mönnich, P. Poulopoulou, M. Vidal, CERN, Geneva, Switzerland", size=12)
    put("C. Andrian, Elettra Sincrotrone Trieste, 34149 Basovizza, Italy", size=12)
    for _ in range(3):
        put(PROSE)
    put("3 Results", size=12, font="tibo", gap=12)
    put(PROSE)
    doc.save(str(tmp_path / "items.pdf"))
    sections = parse_pdf(tmp_path / "items.pdf")["sections"]
    assert [(s["number"], s["title"]) for s in sections] == [
        ("1", "Introduction"),
        ("2", "Editors"),
        ("3", "Results"),
    ]
