"""Paper-like PDFs made with PyMuPDF, with everything the parser has to cope with: two columns,
numbered headings in a bigger bold font, a running header and a page number on every page,
words hyphenated at line ends, a footnote, and a reference list citing arXiv ids in several
forms and a DOI. The builder records on which page every sentence starts, so tests can check
reading order and page numbers against the truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

WIDTH, HEIGHT = 595.0, 842.0
LEFT_X, RIGHT_X = 57.0, 310.0
COLUMN_CHARS = 46  # Times 10 pt: about 215 pt, well inside a 230 pt column
BODY = 10.0
TOP, BOTTOM = 90.0, 770.0
HEADER = "Journal of Synthetic Test Documents, Volume 7"

WORDS = (
    "representation",
    "transformer",
    "attention",
    "evaluation",
    "experiments",
    "documents",
    "citation",
    "embeddings",
    "classification",
    "benchmark",
    "pretraining",
    "architecture",
    "measurement",
    "recommendation",
    "information",
)


def sentence(k: int) -> str:
    """A distinct sentence with long words, so that line ends hyphenate some of them."""
    a, b, c = WORDS[k % 15], WORDS[(k * 7 + 3) % 15], WORDS[(k * 11 + 5) % 15]
    return (
        f"{marker(k)} studies the {a} of {b} together with {c} in considerable detail "
        f"for this synthetic paper."
    )


def marker(k: int) -> str:
    """The first word of sentence ``k``: never broken across lines."""
    return f"S{k:03d}"


REFERENCES = [
    (
        "Ashish Vaswani, Noam Shazeer, Niki Parmar, and Jakob Uszkoreit. 2017. Attention is all "
        "you need. arXiv:1706.03762.",
        "1706.03762",
        None,
    ),
    (
        "Jacob Devlin, Ming-Wei Chang, Kenton Lee, and Kristina Toutanova. 2019. BERT: "
        "pre-training of deep bidirectional transformers for language understanding. arXiv "
        "preprint arXiv:1810.04805v2.",
        "1810.04805",
        None,
    ),
    (
        "Yinhan Liu, Myle Ott, and Naman Goyal. 2019. RoBERTa: a robustly optimized BERT "
        "pretraining approach. https://arxiv.org/abs/1907.11692.",
        "1907.11692",
        None,
    ),
    (
        "Tom Brown, Benjamin Mann, and Nick Ryder. 2020. Language models are few-shot "
        "learners. CoRR, abs/2005.14165.",
        "2005.14165",
        None,
    ),
    (
        "Colin Raffel, Noam Shazeer, and Adam Roberts. 2020. Exploring the limits of transfer "
        "learning. 10.48550/arXiv.1910.10683.",
        "1910.10683",
        None,
    ),
    (
        "Juan Maldacena. 1999. The large N limit of superconformal field theories and "
        "supergravity. arXiv:hep-th/9711200.",
        "hep-th/9711200",
        None,
    ),
    (
        "Arman Cohan, Sergey Feldman, and Iz Beltagy. 2020. SPECTER: document-level "
        "representation learning. In Proceedings of ACL, pages 2270-2282. "
        "doi:10.18653/v1/2020.acl-main.207.",
        None,
        "10.18653/v1/2020.acl-main.207",
    ),
    (
        "Kyle Lo and Lucy Lu Wang. 2020. S2ORC: the semantic scholar open research corpus. "
        "In Proceedings of ACL.",
        None,
        None,
    ),
]


@dataclass
class Built:
    path: Path
    pages: int
    sentence_page: dict[int, int] = field(default_factory=dict)
    section_of: dict[int, str] = field(default_factory=dict)  # sentence -> section label
    hyphenated: list[str] = field(default_factory=list)  # words broken at a line end


def wrap(text: str, width: int = COLUMN_CHARS) -> list[str]:
    """Greedy wrap; a long word that does not fit is hyphenated to fill the line."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if len(cand) <= width:
            cur = cand
            continue
        room = width - len(cur) - 2  # space and hyphen
        if len(word) >= 9 and room >= 4 and word.isalpha():
            lines.append(f"{cur} {word[:room]}-")
            cur = word[room:]
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


class Layout:
    """Writes lines down the left column, then the right one, then on a new page."""

    def __init__(self, doc: object) -> None:
        self.doc = doc
        self.page: object = None
        self.pageno = 0
        self.col = 0
        self.col_top = TOP
        self.y = TOP
        self._new_page()

    def _new_page(self) -> None:
        self.page = self.doc.new_page(width=WIDTH, height=HEIGHT)
        self.pageno += 1
        self.col, self.col_top, self.y = 0, TOP, TOP
        self.page.insert_text((WIDTH / 2 - 110, 45), HEADER, fontname="tiro", fontsize=8)
        self.page.insert_text((WIDTH / 2 - 3, 815), str(self.pageno), fontname="tiro", fontsize=9)

    def start_columns(self, top: float) -> None:
        self.col_top = self.y = top

    def room(self, need: float) -> None:
        if self.y + need <= BOTTOM:
            return
        if self.col == 0:
            self.col, self.y = 1, self.col_top
        else:
            self._new_page()

    @property
    def x(self) -> float:
        return LEFT_X if self.col == 0 else RIGHT_X

    def line(
        self,
        text: str,
        size: float = BODY,
        *,
        bold: bool = False,
        indent: float = 0,
        step: float = 0,
    ) -> int:
        step = step or size * 1.25
        self.room(step)
        self.y += step
        self.page.insert_text(
            (self.x + indent, self.y), text, fontname="tibo" if bold else "tiro", fontsize=size
        )
        return self.pageno


def build_paper(path: Path, *, paragraphs: int = 5, per_paragraph: int = 6) -> Built:
    """A three-page-ish two-column paper; sentences are numbered in reading order."""
    import pymupdf

    doc = pymupdf.open()
    lay = Layout(doc)
    built = Built(path, 0)
    title = "Synthetic Documents for Testing Extraction"
    lay.page.insert_text((WIDTH / 2 - 190, 120), title, fontname="tibo", fontsize=17)
    lay.page.insert_text(
        (WIDTH / 2 - 80, 145), "Ada Lovelace and Alan Turing", fontname="tiro", fontsize=11
    )
    lay.start_columns(165)
    k = 0

    def paragraph(label: str, n: int) -> None:
        nonlocal k
        text = " ".join(sentence(k + i) for i in range(n))
        starts = {marker(k + i): k + i for i in range(n)}
        for line in wrap(text):
            page = lay.line(line)
            for word in line.split():
                if word in starts:
                    built.sentence_page[starts[word]] = page
                    built.section_of[starts[word]] = label
            if line.endswith("-"):
                built.hyphenated.append(line.rsplit(" ", 1)[-1][:-1])
        lay.y += 4
        k += n

    lay.line("Abstract", 11, bold=True)
    abstract = (
        "We describe synthetic documents that exercise a PDF parser. They have two "
        "columns, numbered headings, running headers and a list of references."
    )
    for line in wrap(abstract):
        lay.line(line)
    lay.y += 6
    outline = [
        ("1", "Introduction", 1),
        ("2", "Method", 1),
        ("2.1", "Data Collection", 2),
        ("3", "Results", 1),
    ]
    for number, name, level in outline:
        lay.y += 6
        lay.line(f"{number} {name}", 12 if level == 1 else 11, bold=True)
        for _ in range(paragraphs if level == 1 else 2):
            paragraph(f"{number} {name}", per_paragraph)
        if number == "1":  # a footnote at the bottom of the first page's left column
            doc[0].insert_text(
                (LEFT_X, 790),
                "1 A footnote that explains nothing at all.",
                fontname="tiro",
                fontsize=7,
            )
    lay.y += 6
    lay.line("References", 12, bold=True)
    for ref, _, _ in REFERENCES:  # hanging indent, as in ACL and NeurIPS styles
        for i, line in enumerate(wrap(ref, COLUMN_CHARS - 3)):
            lay.line(line, 9, indent=0 if i == 0 else 10, step=11)
        lay.y += 4
    built.pages = doc.page_count
    doc.set_metadata({"title": title, "author": "Ada Lovelace"})
    doc.save(str(path))
    doc.close()
    return built


def simple_pdf(path: Path, text: str = "", *, pages: int = 1, **save: object) -> Path:
    """A one-column PDF with some text on every page (``save`` goes to ``Document.save``)."""
    import pymupdf

    doc = pymupdf.open()
    body = text or " ".join(sentence(i) for i in range(12))
    for _ in range(pages):
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        page.insert_textbox(
            pymupdf.Rect(72, 72, WIDTH - 72, HEIGHT - 72), body, fontsize=11, fontname="tiro"
        )
    doc.save(str(path), **save)
    doc.close()
    return path


def build_one_column(path: Path) -> Path:
    """An arXiv-style one-column paper with bracket-numbered references, two pages."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    y = 100.0

    def put(text: str, size: float = 10.5, bold: bool = False, x: float = 72) -> None:
        nonlocal page, y
        if y > 760:
            page = doc.new_page(width=WIDTH, height=HEIGHT)
            y = 80.0
        y += size * 1.3
        page.insert_text((x, y), text, fontname="tibo" if bold else "tiro", fontsize=size)

    put("One Column Papers Are Read Top to Bottom", 16, True, 130)
    y += 10
    put("Abstract", 11, True, 275)
    for line in wrap(
        "A one-column layout with short lines at paragraph ends, which must not "
        "be mistaken for a second column.",
        80,
    ):
        put(line, x=100)
    k = 500
    for number, name in (("1", "Introduction"), ("2", "Related Work"), ("3", "Conclusion")):
        y += 8
        put(f"{number} {name}", 12, True)
        for _ in range(3):
            text = " ".join(sentence(k + i) for i in range(4))
            k += 4
            for line in wrap(text, 88):
                put(line)
            y += 4
    y += 8
    put("References", 12, True)
    refs = [
        f"[{i}] Author Number{i}. A cited work with a long title that wraps onto a second "
        f"line of the reference list. arXiv:2{i:03d}.0{i:04d}, 2020."
        for i in range(1, 6)
    ]
    for ref in refs:
        for j, line in enumerate(wrap(ref, 80)):
            put(line, 9.5, x=72 if j == 0 else 90)
    doc.save(str(path))
    doc.close()
    return path
