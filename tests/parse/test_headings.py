"""Heading rules on layouts made here: numbered list items and lists of names set larger
than the body text are no headings."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperdesk.parse.document import parse_pdf
from tests.parse.layouts import PROSE, Writer

TEXLIVE = Path("/usr/share/doc/texlive-doc/latex")


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


def test_headings_in_capitals_of_the_body_font(tmp_path: Path) -> None:
    """ASCE (ascelike) sets its headings in the body's font, only in capitals: "INTRODUCTION",
    "INPUT AND OPTIONS"; a line in capitals inside a paragraph, or a float's label, is no
    heading."""
    w = Writer()
    w.put("Style Files for Civil Engineering Documents", size=17, font="tibo")
    w.put("ABSTRACT", gap=12)
    w.prose(gap=6)
    w.put("INTRODUCTION", gap=12)
    w.prose(gap=6)
    w.put("INPUT AND OPTIONS", gap=12)
    w.put(PROSE, gap=6)
    w.put("NOT A HEADING IN CAPITALS")
    w.put(PROSE)
    w.put("ALGORITHM 1", gap=8)  # a float's label, alone in its block
    w.prose(2, gap=6)
    w.put("MISCELLANY", gap=12)
    w.prose(gap=6)
    w.put("REFERENCES", gap=12)
    w.put("Kuhn, M. R. (2011). Style files for ASCE documents. CTAN, Boston.")
    sections = parse_pdf(w.save(tmp_path / "asce.pdf"))["sections"]
    assert [s["title"] for s in sections] == [
        "Abstract",
        "Introduction",
        "INPUT AND OPTIONS",
        "MISCELLANY",
        "References",
    ]


def test_a_logo_in_capitals_on_every_page_is_no_heading(tmp_path: Path) -> None:
    """A slide deck prints its logo ("BFH CI") alone at the top of every page; a title page
    prints its university in capitals: no section is called that."""
    w = Writer()
    w.put("Slides About Something", size=17, font="tibo")
    for k in range(4):
        if k:
            w.new_page()
        w.put("BFH CI", gap=6)
        w.prose()
        w.put("UNIVERSITY OF NOWHERE", gap=12)
        w.prose()
    sections = parse_pdf(w.save(tmp_path / "logo.pdf"))["sections"]
    assert [s["title"] for s in sections] == []


def test_section_sign_numbers(tmp_path: Path) -> None:
    """Progress of Theoretical Physics numbers its sections "§1. Introduction"."""
    w = Writer()
    w.put("Instruction for Making Compuscripts", size=17, font="tibo")
    for k, name in enumerate(["Introduction", "Style and preamble", "Equations"], start=1):
        w.put(f"§{k}. {name}", font="tibo", gap=12, x=240)
        w.prose()
    sections = parse_pdf(w.save(tmp_path / "ptp.pdf"))["sections"]
    assert [(s["number"], s["title"]) for s in sections] == [
        ("1", "Introduction"),
        ("2", "Style and preamble"),
        ("3", "Equations"),
    ]


def test_a_heading_that_wraps_is_one_heading(tmp_path: Path) -> None:
    """ieeepes: "17 What This Package Can" / "Not Do" is one heading, not two; SUG's
    "INTRODUCTION" then "FIRST MAIN TOPIC" are two (the first is a whole section name)."""
    w = Writer()
    w.put("A Package for Transactions", size=17, font="tibo")
    w.put("1 Introduction", size=12, font="tibo", gap=12)
    w.prose()
    w.put("2 What This Package Can", size=12, font="tibo", gap=12)
    w.put("Not Do", size=12, font="tibo", x=90)
    w.prose()
    w.put("ACKNOWLEDGEMENTS", size=12, font="tibo", gap=12)
    w.put("CONTACT INFO", size=12, font="tibo", gap=4)
    w.prose()
    sections = parse_pdf(w.save(tmp_path / "wrap.pdf"))["sections"]
    assert [(s["number"], s["title"]) for s in sections][:3] == [
        ("1", "Introduction"),
        ("2", "What This Package Can Not Do"),
        (None, "Acknowledgements"),
    ]


def test_texlive_asce_and_ptp_outlines() -> None:
    """The real ascelike and ptptex samples (skipped without texlive-publishers-doc)."""
    asce, ptp = TEXLIVE / "ascelike/ascexmpl.pdf", TEXLIVE / "ptptex/manptp.pdf"
    if not asce.exists() or not ptp.exists():
        pytest.skip("texlive-publishers-doc is not installed")
    titles = [s["title"] for s in parse_pdf(asce)["sections"]]
    assert titles[:4] == ["Abstract", "Introduction", "INPUT AND OPTIONS", titles[3]]
    assert "MISCELLANY" in titles and "References" in titles
    numbered = [(s["number"], s["title"]) for s in parse_pdf(ptp)["sections"] if s["number"]]
    assert numbered[:3] == [("1", "Introduction"), ("2", "Style and preamble"), ("3", "Equations")]


def test_jacow_headings_under_initialled_author_lines(tmp_path: Path) -> None:
    """JACoW's author lines "P. Contributor, Name of Institute, …" read like letter-numbered
    headings; counted as such they made the paper look numbered and every bold capitals
    heading ("SUBMISSION OF PAPERS") was dropped. "ANNEX A:" is an appendix whose title is
    the next line; a bold sentence is no heading."""
    w = Writer()
    w.put("PREPARATION OF PAPERS", size=14.5, font="tibo", x=200)
    w.put("A. N. Author, H. Coauthor, Name of Institute or Affiliation, City", size=12, x=120)
    w.put("P. Contributor, Name of Institute or Affiliation, City, Country", size=12, x=150)
    w.put("Abstract", size=12, gap=10)
    w.prose(4, gap=4)
    w.put("SUBMISSION OF PAPERS", size=12, font="tibo", gap=10, x=100)
    w.prose(3, gap=4)
    w.put("DO NOT include any page numbers. They will be added", font="tibo", gap=6)
    w.prose(2)
    w.put("MANUSCRIPTS", size=12, font="tibo", gap=10, x=130)
    w.prose(3, gap=4)
    w.put("ANNEX A:", size=12, font="tibo", gap=10, x=130)
    w.put("FORMATTING OF AUTHORS", size=12, font="tibo", x=110)
    w.prose(3, gap=4)
    w.new_page()
    w.put("J. Olander, G. Trahern, European Spallation Source, Lund, Sweden", size=12)
    w.prose(3, gap=4)
    sections = parse_pdf(w.save(tmp_path / "jacow.pdf"))["sections"]
    assert [(s["number"], s["title"]) for s in sections] == [
        (None, "Abstract"),
        (None, "SUBMISSION OF PAPERS"),
        (None, "MANUSCRIPTS"),
        ("A", "FORMATTING OF AUTHORS"),
    ]
