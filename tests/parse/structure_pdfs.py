"""PDFs with the structures real papers have and a parser must not take for text or headings:
a contents page (dot leaders and number columns), a table of numbers with bold cells, figure and
table captions placed inside a paragraph, an equation and a numbered list in bold, appendices
(``A Appendix``, ``A.1 Details``, ``Appendix B: Proofs``), two columns; and a paper whose
headings are unnumbered bold lines. The builders return what a correct parse must find."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.parse.pdfs import BODY, HEIGHT, LEFT_X, TOP, WIDTH, Layout, marker, sentence, wrap

CONTENTS = [  # (label, page, leaders) as printed on the contents page
    ("1 Introduction", 3, True),
    ("2 Method", 3, True),
    ("2.1 Data Collection", 3, True),
    ("3 Results", 4, False),
    ("4 Conclusion", 4, False),
    ("Acknowledgments", 5, False),
    ("References", 5, True),
    ("A Appendix", 5, True),
    ("A.1 Details", 5, False),
    ("Appendix B: Proofs", 6, True),
]
HEADINGS = [  # (number, title) a parse must find, in order
    (None, "Abstract"),
    ("1", "Introduction"),
    ("2", "Method"),
    ("2.1", "Data Collection"),
    ("3", "Results"),
    ("4", "Conclusion"),
    (None, "Acknowledgments"),
    (None, "References"),
    ("A", "Appendix"),
    ("A.1", "Details"),
    ("B", "Proofs"),
]
TABLE = [("Model", "Acc", "F1"), ("Base", "81.2", "77.4"), ("Large", "84.9", "80.1")]
TABLE_BOLD = ("Ours", "86.3", "82.0")
CAPTIONS = {
    "Table 1": "Table 1: Accuracy and F1 of the compared systems on the held-out split.",
    "Figure 1": "Figure 1: The pipeline of the method from documents to passages.",
}
# what a drawn figure prints inside itself: box labels, a legend, tick labels, an axis title
FIGURE_LABELS = [
    ((0, 12), "Encoder"),
    ((110, 12), "Decoder"),
    ((20, 30), "baseline"),
    ((80, 30), "ours (full)"),
    ((0, 46), "0.0"),
    ((60, 46), "0.5"),
    ((120, 46), "1.0"),
    ((40, 56), "Training steps"),
]
EQUATION = "3 Loss = α · L1 + β · L2 (1)"
LIST_ITEMS = ["1. We collect the documents.", "2. We split them into passages."]
ACK = "We thank the anonymous reviewers and the funding agency for their generous support."
REFERENCES = [
    "Ada Lovelace. 1843. Notes on the analytical engine. Scientific Memoirs.",
    "Alan Turing. 1950. Computing machinery and intelligence. Mind 59.",
    "Claude Shannon. 1948. A mathematical theory of communication. Bell System Technical.",
]


@dataclass
class Structured:
    path: Path
    sentence_page: dict[int, int] = field(default_factory=dict)
    across_figure: tuple[int, int] = (0, 0)  # sentences printed before / after Figure 1


def _row(lay: Layout, cells: tuple[str, ...], *, bold: bool = False, size: float = 9) -> None:
    """One table row: each cell its own text at its own x, on one baseline."""
    lay.room(size * 1.4)
    lay.y += size * 1.4
    for k, text in enumerate(cells):
        lay.page.insert_text(  # type: ignore[attr-defined]
            (lay.x + 20 + 70 * k, lay.y), text, fontname="tibo" if bold else "tiro", fontsize=size
        )


def _paragraph(lay: Layout, built: Structured, first: int, n: int) -> int:
    text = " ".join(sentence(first + i) for i in range(n))
    starts = {marker(first + i): first + i for i in range(n)}
    for line in wrap(text):
        page = lay.line(line)
        for word in line.split():
            if word in starts:
                built.sentence_page[starts[word]] = page
    lay.y += 4
    return first + n


def build_structured(path: Path) -> Structured:
    """Title page, a contents page, then a two-column body with a table, captions, an equation
    and a numbered list, acknowledgements, references and two appendices."""
    import pymupdf

    doc = pymupdf.open()
    lay = Layout(doc)
    built = Structured(path)
    first = lay.page
    first.insert_text(
        (WIDTH / 2 - 170, 120), "Structures That Are Not Text", fontname="tibo", fontsize=17
    )
    first.insert_text((WIDTH / 2 - 60, 145), "Grace Hopper", fontname="tiro", fontsize=11)
    first.insert_text((LEFT_X, 190), "Abstract", fontname="tibo", fontsize=11)
    y = 190.0
    abstract = " ".join(sentence(900 + i) for i in range(4))
    for line in wrap(abstract, 95):
        y += 13
        first.insert_text((LEFT_X, y), line, fontname="tiro", fontsize=BODY)

    lay._new_page()  # the contents page, one column, as in long arXiv papers
    page = lay.page
    page.insert_text((LEFT_X, TOP + 20), "Contents", fontname="tibo", fontsize=14)
    y = TOP + 50
    for label, number, leaders in CONTENTS:
        indent = 15 if "." in label.split()[0] else 0
        bold = not indent
        text = f"{label} " + (". " * (40 - len(label) // 2)) if leaders else label
        page.insert_text(
            (LEFT_X + indent, y), text, fontname="tibo" if bold else "tiro", fontsize=10
        )
        page.insert_text((WIDTH - 80, y), str(number), fontname="tiro", fontsize=10)
        y += 18

    lay._new_page()
    lay.start_columns(TOP)
    k = 0

    def heading(text: str, size: float = 12) -> None:
        lay.y += 6
        lay.line(text, size, bold=True)

    heading("1 Introduction")
    k = _paragraph(lay, built, k, 6)
    k = _paragraph(lay, built, k, 6)
    heading("2 Method")
    k = _paragraph(lay, built, k, 3)
    for item in LIST_ITEMS:
        lay.line(item, bold=True)
    lay.line(EQUATION, bold=True)
    k = _paragraph(lay, built, k, 5)
    heading("2.1 Data Collection", 11)
    before = k + 2
    text = " ".join(sentence(k + i) for i in range(6))
    lines = wrap(text)
    starts = {marker(k + i): k + i for i in range(6)}
    for n, line in enumerate(lines):
        page_no = lay.line(line)
        for word in line.split():
            if word in starts:
                built.sentence_page[starts[word]] = page_no
        if n == 3:  # a figure between two lines of the paragraph, with its own text
            top = lay.y + 2
            lay.page.draw_rect((lay.x, top, lay.x + 200, top + 58))  # type: ignore[attr-defined]
            for (dx, dy), label in FIGURE_LABELS:
                lay.page.insert_text(  # type: ignore[attr-defined]
                    (lay.x + 10 + dx, top + dy), label, fontname="helv", fontsize=6.5
                )
            lay.y += 60
            lay.line(CAPTIONS["Figure 1"], 9)
            lay.y += 8
    built.across_figure = (before, before + 1)
    k += 6
    lay.y += 4
    heading("3 Results")
    k = _paragraph(lay, built, k, 4)
    lay.y += 6
    for row in TABLE:
        _row(lay, row)
    _row(lay, TABLE_BOLD, bold=True)
    lay.y += 6
    lay.line(CAPTIONS["Table 1"], 9)
    lay.y += 6
    k = _paragraph(lay, built, k, 6)
    heading("4 Conclusion")
    k = _paragraph(lay, built, k, 6)
    heading("Acknowledgments")
    for line in wrap(ACK):
        lay.line(line)
    heading("References")
    for ref in REFERENCES:
        for i, line in enumerate(wrap(ref, 43)):
            lay.line(line, 9, indent=0 if i == 0 else 10, step=11)
        lay.y += 4
    heading("A Appendix")
    k = _paragraph(lay, built, k, 3)
    heading("A.1 Details", 11)
    k = _paragraph(lay, built, k, 3)
    heading("Appendix B: Proofs")
    _paragraph(lay, built, k, 3)
    doc.save(str(path))
    doc.close()
    return built


UNNUMBERED = ["Introduction", "Related Work", "Our Approach", "Limitations", "Ethics Statement"]


def build_unnumbered(path: Path) -> Path:
    """A one-column paper whose headings are bold lines without numbers, with a bold table row
    and a bold equation that must stay text."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = 100.0

    def put(text: str, size: float = 10.5, bold: bool = False, gap: float = 0) -> None:
        nonlocal page, y
        y += gap
        if y > 760:
            page = doc.new_page(width=WIDTH, height=HEIGHT)
            y = 80.0
        y += size * 1.3
        page.insert_text((72, y), text, fontname="tibo" if bold else "tiro", fontsize=size)

    put("Headings Without Numbers", 16, True)
    put("Abstract", 11, True, gap=12)
    for line in wrap(" ".join(sentence(700 + i) for i in range(3)), 88):
        put(line)
    k = 0
    for name in [*UNNUMBERED, "Acknowledgments"]:
        put(name, 11, True, gap=10)
        for _ in range(2):
            for line in wrap(" ".join(sentence(k + i) for i in range(4)), 88):
                put(line)
            k += 4
            y += 4
        if name == "Our Approach":
            put("Total 12 34 56", 10.5, True, gap=6)
            put("x = W h + b", 10.5, True, gap=6)
            y += 6
    put("References", 11, True, gap=10)
    for ref in REFERENCES:
        put(ref, 9.5)
    doc.save(str(path))
    doc.close()
    return path
