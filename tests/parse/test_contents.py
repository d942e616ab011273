"""Tables of contents found as such, and nothing above their title taken into them."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from paperdesk.parse.document import parse_pdf
from tests.parse.layouts import Writer


def test_a_date_above_the_contents_title_is_no_entry(tmp_path: Path) -> None:
    """lps: "1 Feb 2011" reads like "15 Acknowledgments 49"; taking it as the contents' first
    entry swallowed the abstract printed between it and the Contents title."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 90.0

    def put(text: str, size: float = 10, font: str = "tiro", gap: float = 0) -> None:
        nonlocal y
        y += gap
        page.insert_text((72, y), text, fontsize=size, fontname=font)
        y += size * 1.4

    put("The Reading Class", size=17)
    put("Ada Lovelace", size=12, gap=6)
    put("1 Feb 2011", size=12)
    put("Abstract", gap=10)
    put("The class reads every page of a document once and keeps its words in order.")
    put("Contents", size=12, font="tibo", gap=14)
    names = ["Introduction", "Usage", "Options", "Commands", "Environments", "The code"]
    for n, name in enumerate(names, 1):
        put(f"{n} {name} . . . . . . . . . . . . . . . . {n + 1}")
    for n, name in enumerate(names, 1):
        page = doc.new_page(width=595, height=842)
        y = 90.0
        put(f"{n} {name}", size=12, font="tibo")
        put("Every page is read once, in the order its columns are printed on the page.")
    doc.save(str(tmp_path / "manual.pdf"))
    result = parse_pdf(tmp_path / "manual.pdf")
    titles = [s["title"] for s in result["sections"]]
    assert titles == ["Abstract", *names]
    assert result["abstract"].startswith("The class reads every page")


def test_a_draft_skeleton_of_contents_is_no_abstract(tmp_path: Path) -> None:
    """SUG's skeleton prints "table of contents: for review only, disable for final" under
    its abstract, entries with page numbers and, for sections not written yet, leaders with
    none: all of it contents, none of it the abstract."""
    w = Writer()
    w.put("My First SUG paper", size=14.5, font="tibo", x=230)
    w.put("John Sall", size=12, font="tibo", gap=6, x=270)
    w.put("ABSTRACT", size=12, font="tibo", gap=14)
    w.put("SAS software helps you write a paper for the conference in the usual form.", gap=4)
    w.put("table of contents: for review only, disable for final", size=12, font="tibo", gap=14)
    for name in ("Abstract", "Introduction", "first main topic"):
        w.put(f"{name} 1", font="tibo", gap=8)
    w.put("still upper case " + ". " * 40, x=90, gap=4)
    w.put("conclusion 1", font="tibo", gap=8)
    w.put("acknowledgements " + ". " * 40, x=90, gap=4)
    w.put("contact info " + ". " * 40, x=90)
    w.put("INTRODUCTION", size=12, font="tibo", gap=20)
    w.prose(3, gap=6)
    result = parse_pdf(w.save(tmp_path / "sug.pdf"))
    assert result["abstract"] == (
        "SAS software helps you write a paper for the conference in the usual form."
    )
    assert [s["title"] for s in result["sections"]] == ["Abstract", "Introduction"]


IJM_ENTRIES = [
    "Enumeration of Hamiltonian paths in a graph",
    "Main Theorem",
    "Application",
    "Secret Key Exchanges",
    "Review",
    "One-Way Complexity",
    "Named Propositions",
]


def test_contents_running_on_from_the_page_before_are_kept_out(tmp_path: Path) -> None:
    """ijmart: the small "Contents" title and its first entry at the foot of page 1 (among the
    footnotes), the other entries atop page 2 above the first section: a fifth of the page,
    too little to count as a contents page by its share, yet no text to search."""
    w = Writer()
    w.put("SAMPLE PAPER FOR THE IJMART CLASS", size=12, x=92)
    w.put("American Mathematical Society", gap=20, x=131)
    w.put("ABSTRACT", size=6, gap=200, x=194)
    w.put("This is a test file for ijmart class based on the testmath file.", size=8, x=79)
    w.put("Contents", size=8, gap=20, x=195)
    w.put("1. Introduction . . . . . . . . . . . . . . . . . . . . . . . . 2", size=9, x=84)
    w.put("∗ Version 2.0, 1999/11/15", size=9, gap=4, x=52)
    w.put("Received on MONTH, YEAR", size=9, x=60)
    w.new_page()
    for n, name in enumerate(IJM_ENTRIES, 2):
        w.put(f"{n}. {name} . . . . . . . . . . . . . . . . . . . . {2 * n}", size=9, x=84)
    w.put("1. Introduction", font="tibo", gap=30, x=43)
    w.prose(12, gap=6)
    w.put("2. Enumeration of Hamiltonian paths in a graph", font="tibo", gap=14, x=43)
    w.prose(12, gap=6)
    result = parse_pdf(w.save(tmp_path / "ijm.pdf"))
    body = " ".join(p["text"] for p in result["passages"] if p["kind"] != "toc")
    toc = " ".join(p["text"] for p in result["passages"] if p["kind"] == "toc")
    assert ". . ." not in body and "Secret Key" not in body
    assert toc.startswith("1. Introduction") and "7. One-Way Complexity" in toc


def test_an_index_page_is_no_contents_running_on(tmp_path: Path) -> None:
    """An index's page begins with entries in leaders too, but the page before holds entries
    whose page numbers do not rise: no contents list runs on there."""
    w = Writer()
    w.put("Index", size=14, font="tibo")
    for name, page in [("alpha", 30), ("beta", 4), ("gamma", 22), ("delta", 9), ("eps", 41)]:
        w.put(f"{name} . . . . . . . . . . . . . . . . . . . . {page}")
    w.prose(30)
    w.new_page()
    for k, name in enumerate(["kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"]):
        w.put(f"{name} . . . . . . . . . . . . . . . . . . . . {k + 3}")
    w.prose(30, gap=6)
    result = parse_pdf(w.save(tmp_path / "index.pdf"))
    assert not [p for p in result["passages"] if p["kind"] == "toc"]
