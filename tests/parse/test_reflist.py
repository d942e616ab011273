"""parse.reflist: where a reference list runs (heading to next heading), read column by column,
without line numbers, running headers or text set in another size."""

from __future__ import annotations

from paperdesk.parse.extract import Line
from paperdesk.parse.reflist import (
    list_lines,
    page_order,
    without_line_numbers,
    without_running,
)

W, H = 595.0, 842.0
BOXES = {1: (W, H), 2: (W, H)}


def line(
    text: str,
    y0: float,
    *,
    x0: float = 72,
    width: float = 200,
    size: float = 9,
    bold: bool = False,
    page: int = 1,
    col: str = "F",
) -> Line:
    return Line(page, x0, y0, x0 + width, y0 + size, text, size, bold, 0, col)


def entries(n: int, y0: float, *, page: int = 1, x0: float = 72, col: str = "F") -> list[Line]:
    return [
        line(
            f"[{k}] A. Author. Title number {k}. In Venue, 2020.",
            y0 + 11 * k,
            page=page,
            x0=x0,
            col=col,
        )
        for k in range(1, n + 1)
    ]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def test_the_list_runs_from_its_heading_to_the_next() -> None:
    doc = [
        line("The conclusion of the paper.", 60, size=10),
        line("References", 80, size=12, bold=True),
        *entries(4, 90),
        line("A Appendix: More Results", 200, size=12, bold=True),
        line("[9] Not an entry, the appendix goes on.", 215),
    ]
    got = list_lines(doc, 1, BOXES)
    assert texts(got) == texts(doc[2:6])
    assert list_lines(doc, 99, BOXES) == [] and list_lines(doc, -1, BOXES) == []
    # not headed: the list begins with the anchor line itself
    assert texts(list_lines(doc, 2, BOXES, headed=False)) == texts(doc[2:6])
    # until: the next reference heading ends it
    assert texts(list_lines(doc, 1, BOXES, until=4)) == texts(doc[2:4])


def test_lines_in_another_size_and_skipped_lines_are_left_out() -> None:
    doc = [line("References", 80, size=12, bold=True), *entries(4, 90)]
    label = line("0.5", 112, size=6, x0=400, width=20)  # a figure's tick label on the page
    doc.append(label)
    got = list_lines(doc, 0, BOXES, skipped={id(doc[2])})
    assert texts(got) == [doc[1].text, doc[3].text, doc[4].text]
    assert all(ln is not orig for ln in got for orig in doc)  # copies, the document untouched


def test_received_line_ends_an_acm_list() -> None:
    doc = [
        line("REFERENCES", 80, size=12, bold=True),
        *entries(3, 90),
        line("Received 20 February 2007; revised 12 March 2009", 200),
    ]
    assert texts(list_lines(doc, 0, BOXES)) == texts(doc[1:4])


def test_a_page_of_full_width_lines_is_read_by_its_sides() -> None:
    left = entries(3, 100, x0=57)
    right = entries(3, 100, x0=310)
    for k, ln in enumerate(right, start=4):
        ln.text = f"[{k}] B. Author. Right column entry {k}."
    ordered = page_order([*right, *left], W)
    assert [ln.text[:3] for ln, _ in ordered] == ["[1]", "[2]", "[3]", "[4]", "[5]", "[6]"]
    assert [col for _, col in ordered] == ["L", "L", "L", "R", "R", "R"]


def test_a_long_url_in_the_gutter_stays_in_the_left_column() -> None:
    left = [line("[1] A. Author. Title.", 100, x0=57, col="L")]
    url = line("https://example.org/a/very/long/path/into/the/gutter", 111, x0=57, width=250)
    right = [line("[2] B. Author. Title.", 111, x0=310, col="R")]
    ordered = page_order([*left, url, *right], W)
    assert [(ln.text[:5], col) for ln, col in ordered] == [
        ("[1] A", "L"),
        ("https", "L"),
        ("[2] B", "R"),
    ]


def test_margin_line_numbers_are_dropped() -> None:
    region = [line(str(100 + k), 90 + 11 * k, x0=30, width=12) for k in range(6)] + entries(3, 90)
    assert texts(without_line_numbers(region)) == texts(region[6:])
    few = [line("12", 90, x0=30, width=12), *entries(2, 90)]
    assert without_line_numbers(few) == few  # a lone number is kept


def test_a_running_header_kept_by_the_extraction_is_dropped() -> None:
    pages = []
    for p in (1, 2):
        pages += [line(f"Journal of Tests {p}", 70, page=p), *entries(4, 120, page=p)]
    got = without_running(pages, pages)
    assert [ln.text for ln in got if ln.text.startswith("Journal")] == []
    assert len(got) == 8
    single = [line("Journal of Tests 1", 70), *entries(4, 120)]
    assert without_running(single, single) == single  # on one page only: no running header
