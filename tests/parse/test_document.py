"""The whole parse of a generated two-column paper, checked against what the builder wrote."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from paperdesk.parse.document import parse_pdf
from tests.parse.layouts import PROSE, Writer
from tests.parse.pdfs import HEADER, REFERENCES, Built, marker, sentence


def _first_passage(parsed: dict[str, Any], k: int) -> dict[str, Any]:
    return next(p for p in parsed["passages"] if marker(k) in p["text"].split())


def test_title_abstract_and_page_count(parsed: dict[str, Any], paper: Built) -> None:
    assert parsed["title"] == "Synthetic Documents for Testing Extraction"
    assert parsed["abstract"].startswith("We describe synthetic documents")
    assert parsed["abstract"].endswith("a list of references.")
    assert parsed["pages"] == paper.pages


def test_outline_from_numbering_and_font(parsed: dict[str, Any]) -> None:
    outline = [(s["number"], s["title"], s["level"]) for s in parsed["sections"]]
    assert outline == [
        (None, "Abstract", 1),
        ("1", "Introduction", 1),
        ("2", "Method", 1),
        ("2.1", "Data Collection", 2),
        ("3", "Results", 1),
        (None, "References", 1),
    ]
    assert parsed["sections"][0]["page"] == 1


def test_sentences_read_in_order_across_columns_and_pages(
    parsed: dict[str, Any], paper: Built
) -> None:
    """Every sentence comes out whole (no running header, page number, footnote or hyphen
    inside it), and in the order written, across the column break and the page breaks."""
    body = [p for p in parsed["passages"] if p["section"] not in ("Abstract", "References")]
    seen: list[int] = []
    for p in body:
        for word in p["text"].split():
            if re.fullmatch(r"S\d{3}", word) and int(word[1:]) not in seen:
                seen.append(int(word[1:]))
    assert seen == sorted(paper.sentence_page)
    text = "\n".join(p["text"] for p in body)
    for k in paper.sentence_page:
        assert sentence(k) in text, f"sentence {k} is broken"
    assert HEADER.split(",")[0] not in text
    left_column_end = max(k for k, page in paper.sentence_page.items() if page == 1)
    assert sentence(left_column_end - 1) + " " + sentence(left_column_end) in text


def test_passages_carry_their_pages(parsed: dict[str, Any], paper: Built) -> None:
    assert {page for page in paper.sentence_page.values()} >= {1, 2, 3}
    for k, page in paper.sentence_page.items():
        p = _first_passage(parsed, k)
        assert p["page_start"] <= page <= p["page_end"], (k, page, p["page_start"], p["page_end"])


def test_passages_stay_inside_their_section(parsed: dict[str, Any], paper: Built) -> None:
    for p in parsed["passages"]:
        for word in p["text"].split():
            if re.fullmatch(r"S\d{3}", word):
                assert paper.section_of[int(word[1:])] == p["section"]


def test_passage_sizes_and_overlap(parsed: dict[str, Any]) -> None:
    body = [p for p in parsed["passages"] if p["section"] == "1 Introduction"]
    assert len(body) >= 2
    for p in body:
        assert p["words"] <= 350
    for a, b in itertools.pairwise(body):
        assert 200 <= a["words"] <= 300
        head = " ".join(b["text"].split()[:5])
        assert head in a["text"], "consecutive passages overlap a little"


def test_line_end_hyphens_are_joined(parsed: dict[str, Any], paper: Built) -> None:
    text = " ".join(p["text"] for p in parsed["passages"])
    assert paper.hyphenated, "the builder broke some words"
    for head in paper.hyphenated:
        assert f" {head}- " not in text and f"{head}-" not in text.replace("-of-", "")


def test_footnote_goes_after_its_section_text(parsed: dict[str, Any]) -> None:
    """Page 1's footnote neither cuts the sentence running into page 2 nor disappears: it
    closes the section being read at the end of page 1."""
    ends = [
        p
        for p in parsed["passages"]
        if p["text"].endswith("A footnote that explains nothing at all.")
    ]
    assert len(ends) == 1
    section = [p for p in parsed["passages"] if p["section"] == ends[0]["section"]]
    assert ends[0] is section[-1]


def test_references_split_with_ids(parsed: dict[str, Any]) -> None:
    refs = parsed["references"]
    assert len(refs) == len(REFERENCES)
    for got, (text, arxiv, doi) in zip(refs, REFERENCES, strict=True):
        assert got["text"] == text
        assert got["arxiv_id"] == arxiv
        assert got["doi"] == doi


def test_one_column_paper_with_numbered_references(tmp_path: Path) -> None:
    from paperdesk.parse.document import parse_pdf
    from tests.parse.pdfs import build_one_column

    parsed = parse_pdf(build_one_column(tmp_path / "one.pdf"))
    assert parsed["title"] == "One Column Papers Are Read Top to Bottom"
    assert [s["title"] for s in parsed["sections"]] == [
        "Abstract",
        "Introduction",
        "Related Work",
        "Conclusion",
        "References",
    ]
    text = " ".join(p["text"] for p in parsed["passages"] if p["section"] != "References")
    assert all(sentence(k) in text for k in range(500, 536))
    assert [r["arxiv_id"] for r in parsed["references"]] == [
        f"2{i:03d}.0{i:04d}" for i in range(1, 6)
    ]


_ABSTRACT = (
    "We read every page of a paper once and keep its words in the order they are printed "
    "so that the outline, the passages and the references come out as a reader sees them. "
    "The method needs no model and no network, runs in a second per paper and fails "
    "loudly on files it cannot read instead of storing half of them for search."
)


def _unheaded(path: Path, *, asme: bool) -> Path:
    """ASME: the abstract beside the author column, a Keywords line under it; AIAA: a bold
    paragraph under the authors, no heading and no keywords."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text(
        (72, 60), "Reading Real Layouts Without Guessing", fontsize=20, fontname="tibo"
    )
    words = _ABSTRACT.split()
    rows = [" ".join(words[k : k + 11]) for k in range(0, len(words), 11)]
    if asme:
        author = ["Ada Lovelace", "Analytical Engine Society,", "London, UK", "Fellow"]
        page.insert_text((60, 105), "\n".join(author), fontsize=8, lineheight=1.25)
        page.insert_text((228, 100), "\n".join(rows), fontsize=9, lineheight=1.11)
        y = 100 + 10 * len(rows) + 16
        page.insert_text((228, y), "Keywords: layout, reading order", fontsize=9)
    else:
        page.insert_text((230, 100), "Ada Lovelace", fontsize=12)
        page.insert_text((150, 116), "Analytical Engine Society, London, UK", fontsize=10)
        text = "\n".join(rows)
        page.insert_text((97, 150), text, fontsize=9, fontname="tibo")
        y = 150 + 11 * len(rows)
    page.insert_text((60, y + 40), "1 Introduction", fontsize=12, fontname="tibo")
    for k in range(6):
        page.insert_text((60, y + 60 + 12 * k), sentence(k), fontsize=10)
    doc.save(str(path))
    return path


def test_unheaded_abstracts_beside_the_authors_or_in_bold(tmp_path: Path) -> None:
    from paperdesk.parse.document import parse_pdf

    for asme in (True, False):
        result = parse_pdf(_unheaded(tmp_path / f"{asme}.pdf", asme=asme))
        assert result["abstract"] == _ABSTRACT, asme


def test_an_abstract_under_a_small_label_or_after_the_received_line(tmp_path: Path) -> None:
    """ijmart prints "ABSTRACT" in 6 pt capitals low on page 1 (no heading is found there);
    PTP prints the abstract, unheaded, right below "(Received April 1, 2004; revised …)"."""
    w = Writer()
    w.put("Sample Paper for the Class", size=14, font="tibo")
    w.put("Ada Lovelace", gap=8, x=200)
    w.put("ABSTRACT", size=6, gap=300, x=190)
    w.put("This is a test file for the class based on the testmath file from the", size=8)
    w.put("amsmath distribution.", size=8)
    w.new_page()
    w.put("1. Introduction", font="tibo")
    w.prose(4, gap=6)
    ijm = parse_pdf(w.save(tmp_path / "ijm.pdf"))
    assert ijm["abstract"] == (
        "This is a test file for the class based on the testmath file from the amsmath "
        "distribution."
    )

    w = Writer()
    w.put("Instruction for Making Compuscripts", size=12, font="tibo", x=110)
    w.put("Shin-Ichiro Tomonaga and Hideki Yukawa", size=11, gap=8, x=160)
    w.put("Physics Department, Tokyo Bunrika University, Tokyo 113-1234, Japan", size=11)
    w.put("(Received April 1, 2004; revised November 20, 2008)", size=9, gap=8, x=185)
    abstract = " ".join([PROSE] * 4)
    for k in range(4):
        w.put(PROSE, size=9, gap=6 if k == 0 else 0)
    w.put("§1. Introduction", size=11, font="tibo", gap=14, x=240)
    w.prose(4, size=11, gap=6)
    ptp = parse_pdf(w.save(tmp_path / "ptp.pdf"))
    assert ptp["abstract"] == abstract
    assert ptp["metadata"]["authors"] == ["Shin-Ichiro Tomonaga", "Hideki Yukawa"]

    # JPSJ: a two-line abstract (too short to go by the keywords line below it alone)
    w = Writer()
    w.put("Instructions for the Preparation of a Manuscript", size=14, font="tibo")
    w.put("The Physical Society of Japan, Tokyo 105-0011", gap=8, x=150)
    w.put("(Received May 7, 2003)", gap=6, x=200)
    w.put("This document explains how to prepare manuscripts for the Journal of the", gap=10)
    w.put("Physical Society of Japan using the class file.")
    w.put("KEYWORDS: LaTeX, amsmath.sty, graphicx.sty, EPS, PDF", gap=6)
    w.put("1. Introduction", size=12, font="tibo", gap=14)
    w.prose(4, gap=6)
    jpsj = parse_pdf(w.save(tmp_path / "jpsj.pdf"))
    assert jpsj["abstract"] == (
        "This document explains how to prepare manuscripts for the Journal of the Physical "
        "Society of Japan using the class file."
    )


def test_an_abstract_after_revtex_dated_line(tmp_path: Path) -> None:
    """REVTeX (apssamp) prints its abstract, unheaded, right below "(Dated: …)", with the
    description items of its structured abstract as lines of their own."""
    w = Writer()
    w.put("Manuscript Title:", size=12, font="tibo", x=256)
    w.put("with Forced Linebreak", size=12, font="tibo", x=239)
    w.put("Ann Author and Second Author", gap=8, x=230)
    w.put("Authors' institution and/or address", size=9, x=234)
    w.put("(Dated: December 27, 2018)", size=9, gap=6, x=251)
    lines = [
        "An article usually includes an abstract, a concise summary of the work covered at",
        "length in the main body of the article.",
        "Usage: Secondary publications and information retrieval purposes.",
        "Structure: You may use the description environment to structure your abstract.",
    ]
    for k, text in enumerate(lines):
        w.put(text, size=9, gap=6 if k == 0 else 0, x=109)
    w.put("I. FIRST-LEVEL HEADING", size=9, font="tibo", gap=20, x=103)
    w.prose(4, gap=6)
    aps = parse_pdf(w.save(tmp_path / "aps.pdf"))
    assert aps["abstract"] == " ".join(lines)


def test_a_title_in_chinese_without_spaces(tmp_path: Path) -> None:
    """inkpaper's title "InkPaper:一个带有墨香的数学论文模板" is one word to a space-split."""
    w = Writer()
    title = "InkPaper:一个带有墨香的数学论文模板"
    w.page.insert_text((110, 90), title, fontsize=18, fontname="china-s")
    w.y = 130
    w.put("Moyan Liang", x=270, gap=10)
    w.put("1 Summary", size=12, font="tibo", gap=14)
    w.prose(4, gap=6)
    result = parse_pdf(w.save(tmp_path / "ink.pdf"))
    assert result["metadata"]["title"] == title
    assert result["metadata"]["authors"] == ["Moyan Liang"]


def test_a_chinese_thesis_cover_label_is_no_title(tmp_path: Path) -> None:
    """bjfuthesis prints "本科毕业论文(设计)" (undergraduate thesis) largest on its cover; the
    title is the line below it."""
    w = Writer()
    w.page.insert_text((200, 120), "本科毕业论文(设计)", fontsize=26, fontname="china-s")
    w.page.insert_text((150, 200), "基于知识图谱的电影推荐系统", fontsize=18, fontname="china-s")
    w.y = 260
    w.put("1 Introduction", size=12, font="tibo", gap=14)
    w.prose(4, gap=6)
    result = parse_pdf(w.save(tmp_path / "cover.pdf"))
    assert result["metadata"]["title"] == "基于知识图谱的电影推荐系统"
