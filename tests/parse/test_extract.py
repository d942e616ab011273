"""parse.extract: lines per page from PyMuPDF's text dict, running headers and page numbers
removed, reading order across two columns, footnotes last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperdesk.parse.extract import (
    Line,
    Page,
    baseline_rows,
    body_font_size,
    fix_accents,
    fix_cp1251,
    lines_from_dict,
    order_page,
    read_pages,
    reading_order,
    remove_running,
)


def line(
    text: str,
    *,
    page: int = 1,
    x0: float = 72,
    y0: float = 100,
    size: float = 10,
    col: str = "L",
    width: float = 200,
) -> Line:
    return Line(page, x0, y0, x0 + width, y0 + size, text, size, False, 0, col)


def span(
    text: str, x0: float, y1: float, *, size: float = 10, font: str = "Times-Roman", flags: int = 0
) -> dict[str, Any]:
    return {"text": text, "size": size, "font": font, "flags": flags, "origin": (x0, y1)}


def dict_line(
    spans: list[dict[str, Any]], bbox: tuple[float, float, float, float], direction=(1.0, 0.0)
) -> dict[str, Any]:
    return {"spans": spans, "bbox": bbox, "dir": direction}


def test_fix_accents() -> None:
    assert fix_accents("Lo¨ıc and J¨org and ˇReh˚uˇrek") == "Loïc and Jörg and Řehůřek"
    assert fix_accents("don´t") == "don´t"


def test_lines_from_dict_joins_a_baseline_and_reads_style() -> None:
    page = {
        "width": 595,
        "height": 842,
        "blocks": [
            {
                "type": 0,
                "lines": [
                    # MuPDF split one heading line in two: "1" and "Introduction", right first
                    dict_line(
                        [span("Introduction", 90, 110, size=12, font="NimbusRom-Bold")],
                        (90, 98, 170, 110),
                    ),
                    dict_line(
                        [span("1", 72, 110, size=12, font="NimbusRom-Bold")], (72, 98, 80, 110)
                    ),
                    # a body line with a raised footnote mark after "benchmark."
                    dict_line(
                        [span("on a benchmark.", 72, 130), span("1", 140, 126, size=6)],
                        (72, 120, 145, 130),
                    ),
                    # the arXiv stamp, set vertically in the margin
                    dict_line([span("arXiv:1706.03762v7", 20, 600)], (10, 300, 22, 600), (0, -1)),
                ],
            },
            {"type": 1, "lines": []},  # an image block
        ],
    }
    p = lines_from_dict(3, page)
    assert (p.number, p.width, p.height) == (3, 595, 842)
    assert [(ln.text, ln.size, ln.bold, ln.page) for ln in p.lines] == [
        ("1 Introduction", 12, True, 3),
        ("on a benchmark.", 10, False, 3),
    ]
    assert (p.lines[0].x0, p.lines[0].x1) == (72, 170)
    assert p.stamp == "arXiv:1706.03762v7"


def test_lines_from_dict_counts_table_cells_by_wide_gaps() -> None:
    row = [
        dict_line([span("Model", 72, 110)], (72, 100, 100, 110)),
        dict_line([span("0.51", 200, 110)], (200, 100, 220, 110)),
        dict_line([span("0.62", 300, 110)], (300, 100, 320, 110)),
    ]
    p = lines_from_dict(1, {"width": 595, "height": 842, "blocks": [{"lines": row}]})
    assert [(ln.text, ln.cells) for ln in p.lines] == [("Model 0.51 0.62", 3)]


def test_review_line_numbers_are_dropped() -> None:
    # lineno: numbers 11..20 stacked at the left edge, each in the block of its line
    lines = []
    for k in range(10):
        y = 100 + 12 * k
        lines.append(dict_line([span(str(11 + k), 40, y + 10)], (40, y, 50, y + 10)))
        lines.append(dict_line([span(f"Body line {k} text.", 72, y + 10)], (72, y, 200, y + 10)))
    p = lines_from_dict(1, {"width": 595, "height": 842, "blocks": [{"lines": lines}]})
    assert [ln.text for ln in p.lines] == [f"Body line {k} text." for k in range(10)]


def test_running_headers_and_page_numbers_go() -> None:
    pages = []
    for n in range(1, 4):
        pages.append(
            Page(
                n,
                595,
                842,
                [
                    line("Published as a conference paper at ICLR 2024", page=n, y0=30, col="F"),
                    line(f"Body text of page {n}.", page=n, y0=300),
                    line(str(n), page=n, y0=800, width=8, x0=294),
                ],
            )
        )
    remove_running(pages)
    assert [[ln.text for ln in p.lines] for p in pages] == [
        ["Body text of page 1."],
        ["Body text of page 2."],
        ["Body text of page 3."],
    ]


def test_a_header_on_one_page_only_stays() -> None:
    pages = [
        Page(1, 595, 842, [line("A title line in the top margin", y0=30), line("Body.", y0=300)]),
        Page(2, 595, 842, [line("Body two.", y0=300)]),
        Page(3, 595, 842, [line("Body three.", y0=300)]),
    ]
    remove_running(pages)
    assert [ln.text for ln in pages[0].lines] == ["A title line in the top margin", "Body."]


def test_two_columns_read_left_then_right_in_bands() -> None:
    def col(name: str, x0: float, y0: float) -> Line:
        return line(f"{name} is a line of text in a column", x0=x0, y0=y0, width=220)

    page = Page(
        1,
        595,
        842,
        [
            col("R1", 310, 200),
            col("L1", 60, 200),
            line("Title across", x0=150, y0=80, width=300),
            col("R2", 310, 212),
            col("L2", 60, 212),
            line("Figure 1: wide caption", x0=60, y0=500, width=470),
            col("L3", 60, 600),
            col("R3", 310, 600),
        ],
    )
    order = [ln.text.split()[0] for ln in order_page(page, 10.0)]
    assert order == ["Title", "L1", "L2", "R1", "R2", "Figure", "L3", "R3"]


def test_footnotes_go_last_and_are_flagged() -> None:
    body = [
        line(f"Body line {k} of the only column.", y0=100 + 12 * k, width=450) for k in range(5)
    ]
    note = line("1 A footnote set small.", y0=700, size=8, width=300)
    page = Page(1, 595, 842, [note, *body])
    order = order_page(page, 10.0)
    assert [ln.text for ln in order] == [ln.text for ln in body] + [note.text]
    assert order[-1].footnote and not any(ln.footnote for ln in order[:-1])
    assert all(ln.col == "F" for ln in order)  # one column: every line is full width


def test_baseline_rows_and_body_size() -> None:
    a = line("second", x0=300, y0=100)
    b = line("first", x0=72, y0=100.5)
    c = line("below", x0=72, y0=130)
    assert [ln.text for ln in baseline_rows([c, a, b])] == ["first", "second", "below"]
    big = line("A heading", size=14)
    pages = [Page(1, 595, 842, [big, line("x" * 200, size=9.5), line("y" * 50, size=10)])]
    assert body_font_size(pages) == 9.5
    assert body_font_size([]) == 10.0


def test_read_pages_and_reading_order_on_a_real_pdf(tmp_path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    for n in range(1, 4):
        page = doc.new_page(width=595, height=842)
        page.insert_text((200, 40), "Journal of Small Tests", fontsize=9)
        for c, x in (("L", 57), ("R", 310)):  # one column after the other, as TeX writes them
            for k in range(12):
                page.insert_text((x, 120 + 14 * k), f"{c}{n}-{k} column words of text", fontsize=10)
        page.insert_text((290, 810), str(n), fontsize=9)
    path = tmp_path / "two.pdf"
    doc.save(path)
    doc.close()
    with pymupdf.open(path) as opened:
        pages = read_pages(opened)
    assert [p.number for p in pages] == [1, 2, 3]
    assert all(p.width == 595 and p.height == 842 for p in pages)
    lines, size = reading_order(pages)
    assert size == 10
    words = [ln.text.split()[0] for ln in lines]
    expected = [f"{c}{n}-{k}" for n in range(1, 4) for c in "LR" for k in range(12)]
    assert words == expected  # no header, no page number, left column before right
    assert {ln.col for ln in lines} == {"L", "R"}


def test_a_raised_closing_bracket_after_dropped_marks_goes_with_them() -> None:
    """PTP prints "Tomonaga^{1,∗)}" as the spans "1", ",", "∗", ")": all four are the mark
    ("Tomonaga)" lost its last letter to the author parser's "a)" mark); a raised ")" after a
    kept "(2" stays."""
    spans = [span("Tomonaga", 72, 180, size=10.9)]
    spans += [span(t, 120 + 3 * k, 176, size=8) for k, t in enumerate(["1", ",", "∗", ")"])]
    spans += [span(" and Yukawa", 140, 180, size=10.9)]
    spans += [span("x", 200, 180, size=10.9), span("(2", 206, 176, size=8)]
    spans += [span(")", 214, 176, size=8)]
    page = {
        "width": 595,
        "height": 842,
        "blocks": [{"type": 0, "lines": [dict_line(spans, (72, 170, 220, 182))]}],
    }
    assert [ln.text for ln in lines_from_dict(1, page).lines] == ["Tomonaga and Yukawax(2)"]


def test_russian_text_read_as_latin_1_is_read_back() -> None:
    """bmstu's fonts map Windows-1251 codes to Latin-1 letters: "ÐÅÔÅÐÀÒ" is "РЕФЕРАТ"; a
    French or German line keeps its accents."""
    assert fix_cp1251("ÐÅÔÅÐÀÒ") == "РЕФЕРАТ"
    assert fix_cp1251("1 Èññëåäîâàòåëüñêàÿ ÷àñòü") == "1 Исследовательская часть"
    for text in ("Université du Littoral Côte d’Opale", "Größenänderung", "ÉCOLE"):
        assert fix_cp1251(text) == text


def test_math_italic_letters_beyond_16_bits_are_read_whole(tmp_path: Path) -> None:
    """Elsevier CAS (unicode-math): a font with no ToUnicode names its glyphs u1D44E, and
    MuPDF cuts the code to 16 bits, a Hangul syllable; the glyph names put it back."""
    import pymupdf

    from paperdesk.parse.glyphs import astral_table

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "The specimen ab", fontsize=12, fontname="helv")
    font = page.get_fonts()[0][0]
    doc.xref_set_key(font, "Encoding", "<</Type/Encoding/Differences[97/u1D44E/u1D44F]>>")
    doc.save(tmp_path / "cas.pdf")
    with pymupdf.open(tmp_path / "cas.pdf") as pdf:
        assert "\ud44e" in pdf[0].get_text()  # MuPDF's own reading: 푎
        lines = read_pages(pdf)[0].lines
    assert lines[0].text == "The specimen \U0001d44e\U0001d44f"
    assert astral_table(b"/u1D44E /uni22C6 /u1D6FFx /u110000") == {0xD44E: "\U0001d44e"}


def test_a_word_space_left_out_after_a_subscript_is_put_back() -> None:
    """'specimen 𝑎_𝑏 title': MuPDF gives no space between the small 𝑏 and 'title' though a
    word's gap parts them; a mark dropped before a comma leaves no gap ('Thane^{b,d},')."""
    spans = [
        {**span("specimen 𝑎", 72, 113.6, size=17.2), "bbox": (72, 98, 153.2, 117)},
        {**span("𝑏", 153.2, 117.9, size=12), "bbox": (153.2, 106, 158.8, 120)},
        {**span("title", 164.4, 113.6, size=17.2), "bbox": (164.4, 98, 194.8, 117)},
    ]
    marked = [
        {**span("Han Thane", 72, 210, size=12), "bbox": (72, 200, 130, 212)},
        {**span("b,d", 130, 206, size=8), "bbox": (130, 198, 140, 207)},
        {**span(",", 140.5, 210, size=12), "bbox": (140.5, 200, 143, 212)},
        {**span("Jane", 147, 210, size=12), "bbox": (147, 200, 170, 212)},
    ]
    blocks = [
        {"lines": [dict_line(spans, (72, 98, 194.8, 120))]},
        {"lines": [dict_line(marked, (72, 198, 170, 212))]},
    ]
    p = lines_from_dict(1, {"width": 595, "height": 842, "blocks": blocks})
    assert [ln.text for ln in p.lines] == ["specimen 𝑎𝑏 title", "Han Thane, Jane"]
