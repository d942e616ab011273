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
