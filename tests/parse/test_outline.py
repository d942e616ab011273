"""Real layouts the style rules alone got wrong, reproduced with PyMuPDF: headings set in the
body font that only the PDF's bookmarks name, a run-in heading, a contents line repeating a
heading, a heading ending in a citation, an unheaded REVTeX reference list; and the TeX Live
samples they come from, where installed."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from paperdesk.parse.document import parse_pdf
from paperdesk.parse.kinds import BODY, REFS
from tests.parse.layouts import Writer

TEXLIVE = Path("/usr/share/doc/texlive-doc/latex")
SENTENCE = "the method reads every page of the document and keeps the words in reading order"
WORDS = SENTENCE.split(" ")


def _prose(k: int, n: int = 12) -> str:
    return " ".join(WORDS[(k + i) % len(WORDS)] for i in range(n)).capitalize() + "."


class _Doc:
    """Lines top to bottom, one column, Times; headings in any style."""

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=595, height=842)
        self.y = 90.0
        self.k = 0

    def line(self, text: str, *, size: float = 10, font: str = "tiro", gap: float = 0) -> int:
        if self.y > 760:
            self.page = self.doc.new_page(width=595, height=842)
            self.y = 90.0
        self.y += gap
        self.page.insert_text((72, self.y), text, fontsize=size, fontname=font)
        self.y += size * 1.35
        return self.doc.page_count

    def paragraph(self, lines: int = 4) -> None:
        for _ in range(lines):
            self.k += 1
            self.line(_prose(self.k))
        self.y += 6

    def save(self, path: Path, toc: list[list[object]] | None = None) -> Path:
        if toc:
            self.doc.set_toc(toc)
        self.doc.save(str(path))
        return path


RUN_IN = "Every page is read once, in the order its columns are printed."


def _italic_headed(path: Path, *, outline: bool) -> Path:
    """AASTeX-like: subsections in italic at the body size (no style rule can see them), a
    run-in paragraph heading, a heading ending in [27], a contents line at the end."""
    d = _Doc()
    d.line("Reading Real Layouts Without Guessing", size=17, font="tibo")
    d.line("Ada Lovelace and Charles Babbage", size=11, gap=4)
    toc: list[list[object]] = []
    for n, (name, subs) in enumerate(
        [("Introduction", []), ("Floats", ["Tables", "Figures"]), ("Methods", ["Setup"])], 1
    ):
        toc.append([1, name, d.line(f"{n}. {name.upper()}", font="tibo", gap=8)])
        d.paragraph()
        for m, sub in enumerate(subs, 1):
            toc.append([2, sub, d.line(f"{n}.{m}. {sub}", font="tiit", gap=4)])
            d.paragraph()
    toc.append([3, "First remark", d.line(f"First remark. {RUN_IN}", font="tiro")])
    d.paragraph(2)
    toc.append([1, "Incomplete Zeta Function", d.line("A Incomplete Zeta Function [27]", gap=8)])
    d.paragraph()
    d.line("Contents: 1 Introduction, 2 Floats, 3 Methods", gap=8)
    d.line("Methods", font="tibo")  # the same words as a heading, outside the outline
    d.paragraph(2)
    return d.save(path, toc if outline else None)


def test_bookmarks_name_headings_no_style_rule_sees(tmp_path: Path) -> None:
    without = parse_pdf(_italic_headed(tmp_path / "plain.pdf", outline=False))["sections"]
    assert "Tables" not in {s["title"] for s in without}  # the style rules alone miss them

    sections = parse_pdf(_italic_headed(tmp_path / "outlined.pdf", outline=True))["sections"]
    got = [(s["number"], s["title"], s["level"]) for s in sections]
    assert got == [
        ("1", "Introduction", 1),
        ("2", "Floats", 1),
        ("2.1", "Tables", 2),
        ("2.2", "Figures", 2),
        ("3", "Methods", 1),
        ("3.1", "Setup", 2),
        (None, "First remark", 3),
        ("A", "Incomplete Zeta Function", 1),
    ]  # the contents line's "Methods" is no second heading; the [27] is gone


def test_a_root_bookmark_and_capitals_do_not_change_the_outline(tmp_path: Path) -> None:
    """Word files: the document's name as the one top bookmark, sections under it."""
    d = _Doc()
    d.line("Reading Real Layouts Without Guessing", size=17, font="tibo")
    toc: list[list[object]] = [[1, "Reading Real Layouts Without Guessing", 1]]
    for name in ("Introduction", "Method", "Results"):
        toc.append([2, name, d.line(name, font="tiit", gap=8)])
        d.paragraph()
    toc.append([2, "REFERENCES", d.line("REFERENCES", font="tiit", gap=8)])
    d.line("[1] A. Lovelace, Notes on the analytical engine, Scientific Memoirs (1843).", size=9)
    sections = parse_pdf(d.save(tmp_path / "word.pdf", toc))["sections"]
    got = [(s["title"], s["level"]) for s in sections]
    assert got == [("Introduction", 1), ("Method", 1), ("Results", 1), ("References", 1)]


def test_a_run_in_heading_keeps_its_paragraph(tmp_path: Path) -> None:
    result = parse_pdf(_italic_headed(tmp_path / "outlined.pdf", outline=True))
    text = " ".join(p["text"] for p in result["passages"] if p["section"] == "First remark")
    assert text.startswith(RUN_IN)
    assert "First remark" not in text


def test_a_heading_ending_in_a_citation_loses_the_marker(tmp_path: Path) -> None:
    d = _Doc()
    d.line("A Paper Title Set Large Enough", size=17, font="tibo")
    d.line("1 Introduction", size=12, font="tibo", gap=8)
    d.paragraph()
    d.line("2 Incomplete Zeta Function [27]", size=12, font="tibo", gap=8)
    d.paragraph()
    sections = parse_pdf(d.save(tmp_path / "cited.pdf"))["sections"]
    assert [s["title"] for s in sections] == ["Introduction", "Incomplete Zeta Function"]


REVTEX_REFS = [
    "[{n}] R. P. Feynman, Phys. Rev. 94, 262 (1954).",
    "[{n}] E. Witten and A. Einstein, Nucl. Phys. B 443, 85 ({y}).",
    "[{n}] W. Opechowski and R. Guccione, in Magnetism, Vol. IIa (Academic Press, {y}).",
]


def test_an_unheaded_revtex_reference_list_is_references(tmp_path: Path) -> None:
    """APS: the numbered list follows the last appendix with no heading of its own."""
    d = _Doc()
    d.line("Manuscript Title: with Forced Linebreak", size=14, font="tibo")
    for name in ("I. FIRST-LEVEL HEADING", "II. MATH AND EQUATIONS"):
        d.line(name, size=9, font="tibo", gap=8)
        d.paragraph(6)
    d.line("Appendix A: Appendixes", size=9, font="tibo", gap=8)
    d.paragraph(4)
    d.y += 10
    for n in range(1, 16):
        d.line(REVTEX_REFS[n % 3].format(n=n, y=1950 + n), size=9)
    result = parse_pdf(d.save(tmp_path / "aps.pdf"))
    assert [s["title"] for s in result["sections"]][-2:] == ["Appendixes", "References"]
    assert len(result["references"]) == 15
    kinds = {p["kind"] for p in result["passages"] if "Opechowski" in p["text"]}
    assert kinds == {REFS}
    appendix = [p for p in result["passages"] if p["section"] == "A Appendixes"]
    assert appendix and all(p["kind"] == BODY and "Phys. Rev." not in p["text"] for p in appendix)


def test_a_short_text_is_text(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "PDF of 1706.03762v7")
    doc.save(str(tmp_path / "short.pdf"))
    result = parse_pdf(tmp_path / "short.pdf")
    assert result["passages"][0]["text"] == "PDF of 1706.03762v7"


def _texlive(rel: str) -> Path:
    path = TEXLIVE / rel
    if not path.exists():
        pytest.skip(f"{rel} is not installed (texlive-publishers-doc)")
    return path


def _norm(text: str) -> str:
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c == " ").split())


@pytest.mark.parametrize(
    "rel",
    ["aastex/sample631.pdf", "oup-authoring-template/oup-authoring-template.pdf"],
)
def test_texlive_samples_find_every_bookmark(rel: str) -> None:
    path = _texlive(rel)
    with pymupdf.open(path) as doc:
        marks = {_norm(t) for _, t, _ in doc.get_toc()}
    sections = parse_pdf(path)["sections"]
    ours = {_norm(s["title"]) for s in sections}
    assert marks <= ours


@pytest.mark.parametrize(
    ("rel", "cited"),
    [
        ("revtex/sample/aps/apssamp.pdf", "Guccione"),
        ("revtex4-1/sample/aip/aipsamp.pdf", "Agarwal"),
    ],
)
def test_texlive_revtex_reference_list_is_not_appendix_text(rel: str, cited: str) -> None:
    """APS numbers its list, AIP sets it in a hanging indent: neither has a heading."""
    result = parse_pdf(_texlive(rel))
    hits = [p for p in result["passages"] if cited in p["text"]]
    assert hits and all(p["kind"] == REFS for p in hits)
    levels = {s["title"]: s["level"] for s in result["sections"]}
    assert levels["Appendixes"] == 1


def test_texlive_asme_heading_has_no_citation_marker() -> None:
    path = _texlive("asmejour/asmejour-template.pdf")
    titles = [s["title"] for s in parse_pdf(path)["sections"]]
    assert "Incomplete Zeta Function" in titles
    assert not any(t.endswith("]") or "When the en-" in t for t in titles)


def test_the_papers_abstract_stays_when_a_subsection_is_bookmarked_abstract(
    tmp_path: Path,
) -> None:
    """A class manual (ut-thesis): its own unbookmarked Abstract on page 1, and an "Abstract"
    subsection documenting the environment further on: both are headings."""
    d = _Doc()
    d.line("The Reading Class", size=17, font="tibo")
    d.line("Ada Lovelace", size=11, gap=4)
    d.line("Abstract", font="tibo", gap=8)
    d.line("This class reads every page of a document once and keeps its words.")
    toc: list[list[object]] = []
    for n, (name, subs) in enumerate(
        [("Installation", []), ("Environments", ["Abstract", "Dedication"]), ("Usage", [])], 1
    ):
        toc.append([1, name, d.line(f"{n} {name}", size=12, font="tibo", gap=8)])
        d.paragraph()
        for m, sub in enumerate(subs, 1):
            toc.append([2, sub, d.line(f"{n}.{m} {sub}", size=11, font="tibo", gap=4)])
            d.paragraph()
    result = parse_pdf(d.save(tmp_path / "manual.pdf", toc))
    got = [(s["number"], s["title"]) for s in result["sections"]]
    assert got[:2] == [(None, "Abstract"), ("1", "Installation")]
    assert ("2.1", "Abstract") in got
    assert (
        result["abstract"] == "This class reads every page of a document once and keeps its words."
    )


def test_a_ladder_outline_gives_levels_by_the_numbers(tmp_path: Path) -> None:
    """pracjourn's bookmarks each sit one level below the one before ("Introduction" 1,
    "Usage" 2, … "4.1 Base class and options" 10): the levels come from the numbers."""
    w = Writer()
    w.put("The Class Manual", size=17, font="tibo")
    names = ["1 Introduction", "2 Usage", "2.1 Formatting", "2.2 Metadata", "3 Logos"]
    names += ["4 Implementation", "4.1 Base class", "4.2 Metrics"]
    for name in names:
        w.put(name, size=12, font="tibo", gap=12)
        w.prose(2, gap=4)
    doc = w.doc
    doc.set_toc([[k + 1, name, 1] for k, name in enumerate(names)])
    sections = parse_pdf(w.save(tmp_path / "ladder.pdf"))["sections"]
    assert [(s["number"], s["level"]) for s in sections] == [
        ("1", 1),
        ("2", 1),
        ("2.1", 2),
        ("2.2", 2),
        ("3", 1),
        ("4", 1),
        ("4.1", 2),
        ("4.2", 2),
    ]


def test_appendices_under_a_bookmark_no_heading_prints_are_top_level(tmp_path: Path) -> None:
    """ASME (asmeconf): the bookmark "APPENDICES" prints nothing, its children "APPENDIX A.
    THE VECTOR PRODUCT" … follow the references: sections of their own, not References'."""
    d = _Doc()
    d.line("Heat Transfer in a Bubble Column", size=17, font="tibo")
    toc: list[list[object]] = []
    for n, name in enumerate(("INTRODUCTION", "CONCLUSION"), 1):
        toc.append([1, f"{n} {name.title()}", d.line(f"{n}. {name}", font="tibo", gap=8)])
        d.paragraph()
    toc.append([1, "References", d.line("REFERENCES", font="tibo", gap=8)])
    for k in range(1, 4):
        d.line(f"[{k}] Lienhard, John H., V. “Shape Factors {k}.” ASME J. Heat Transfer (2019).")
    toc.append([1, "APPENDICES", d.page.number + 1])
    for letter, name in (("A", "THE VECTOR PRODUCT"), ("B", "MULTILINGUAL SUPPORT")):
        toc.append(
            [
                2,
                f"{letter} {name.title()}",
                d.line(f"APPENDIX {letter}. {name}", font="tibo", gap=8),
            ]
        )
        d.paragraph()
    sections = parse_pdf(d.save(tmp_path / "asme.pdf", toc))["sections"]
    got = [(s["number"], s["level"]) for s in sections if s["title"] != "Abstract"]
    assert got == [("1", 1), ("2", 1), (None, 1), ("A", 1), ("B", 1)]


def test_texlive_asme_appendices_are_top_level() -> None:
    path = TEXLIVE / "asmeconf/asmeconf-template.pdf"
    if not path.exists():
        pytest.skip("texlive-publishers-doc is not installed")
    levels = {s["number"]: s["level"] for s in parse_pdf(path)["sections"]}
    assert levels["A"] == levels["B"] == levels["C"] == 1
