"""Structure of real PDFs: headings against ground truth, contents pages, passage kinds.

    python bench/structure.py [--manuals 60] [--max-pages 80]

1. The two CC-BY papers of ../shared/fixtures/pdfs: heading precision and recall against the
   ``<head>`` elements of their GROBID TEI (tests/parse/tei.py undoes GROBID's glued heads).
2. Publisher samples installed with TeX Live (ACM acmart, APS/AIP revtex, AIAA): headings
   against the PDF's own outline (hyperref bookmarks), captions, passage kinds.
3. LaTeX package manuals with bookmarks (long documents with real tables of contents): how many
   get a contents page, whether every detected contents page is one, how many headings are
   contents lines (the PaLM bug: must be 0),
   and heading precision/recall against the bookmarks.

A contents page counts as confirmed when it lists at least three bookmark titles; "contents lines
taken as headings" counts headings that read like a contents entry (``15 Acknowledgments 49``)
and that no bookmark names (a slide titled "Case 1" in the PDF's own outline is a heading).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "pdfs"
REAL = ["2020.acl-main.207", "N18-3011"]
TEXDOC = Path("/usr/share/doc/texlive-doc/latex")
SAMPLES = [
    "acmart/samples/sample-sigconf.pdf",
    "acmart/samples/sample-acmsmall.pdf",
    "acmart/samples/sample-sigplan.pdf",
    "revtex4-1/sample/aps/apssamp.pdf",
    "revtex4-1/sample/aip/aipsamp.pdf",
    "aiaa/template_basic.pdf",
    "aiaa/template_advanced.pdf",
    "aiaa/author_guide.pdf",
]


def norm(text: str) -> str:
    """Words only, any script (the manuals include Chinese and Greek ones)."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@dataclass
class Outline:
    """How the parse's headings agree with the PDF's bookmarks."""

    found: int
    truth: int
    correct: int
    ours: int
    toc_pages: list[int]
    toc_confirmed: int
    heads_on_toc: int
    kinds: dict[str, int]
    seconds: float


#: bookmark titles of contents pages and lists of figures (English and a few others)
_LISTS = frozenset(
    {"contents", "table of contents", "list of figures", "list of tables", "table des matières"}
    | {"inhaltsverzeichnis", "abbildungsverzeichnis", "tabellenverzeichnis", "目录", "indice"}
    | {"lista de figuras", "lista de tabelas", "sumário", "sommario", "inhoudsopgave"}
)


def _title(entry: str) -> str:
    """A bookmark without its number ("3.2 Attention" -> "attention")."""
    return norm(re.sub(r"^\s*(?:[A-Z]|\d+)(?:\.\d+)*\.?\s+", "", entry))


def outline_score(path: Path) -> Outline | None:
    import pymupdf

    from paperdesk.parse.document import parse_pdf

    with pymupdf.open(path) as doc:
        toc = [(lvl, title) for lvl, title, _ in doc.get_toc(simple=True)]
        page_text = {i + 1: norm(p.get_text()) for i, p in enumerate(doc)}
    started = time.perf_counter()
    try:
        result = parse_pdf(path)
    except Exception:  # a manual the parser refuses (image-only, broken): not counted
        return None
    seconds = time.perf_counter() - started
    # the contents page's own title is deliberately no heading: not counted as a miss
    truth = {_title(t) for lvl, t in toc if lvl <= 2 and _title(t) and _title(t) not in _LISTS}
    every = {_title(t) for _, t in toc if _title(t)}
    ours = [norm(s["title"]) for s in result["sections"]]
    toc_pages = sorted({p["page_start"] for p in result["passages"] if p["kind"] == "toc"})
    confirmed = sum(sum(t in page_text[pg] for t in every if len(t) > 3) >= 3 for pg in toc_pages)
    kinds: dict[str, int] = {}
    for p in result["passages"]:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    return Outline(
        found=sum(t in ours for t in truth),
        truth=len(truth),
        correct=sum(o in every for o in ours),
        ours=len(ours),
        toc_pages=toc_pages,
        toc_confirmed=confirmed,
        heads_on_toc=sum(
            _entry_like(s) and norm(s["title"]) not in every for s in result["sections"]
        ),
        kinds=kinds,
        seconds=seconds,
    )


def _entry_like(section: dict[str, Any]) -> bool:
    from paperdesk.parse.contents import entry_page

    text = f"{section['number'] or ''} {section['title']}".strip()
    return entry_page(text) is not None and text[-1:].isdigit()


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def grobid_table() -> None:
    from tests.parse.tei import heading_score

    from paperdesk.parse.document import parse_pdf

    present = [FIXTURES / f"{n}.pdf" for n in REAL if (FIXTURES / f"{n}.pdf").exists()]
    print("\n1. Headings against GROBID TEI <head> (the two CC-BY papers)")
    if not present:
        print("   (../shared/fixtures/pdfs absent)")
        return
    print(f"   {'paper':<20} {'precision':>14} {'recall':>14}  disagreements")
    tp = n_truth = good = n_ours = 0
    for pdf in present:
        s = heading_score(parse_pdf(pdf), pdf.with_suffix(".tei.xml"))
        tp, n_truth, good, n_ours = (
            tp + s.found,
            n_truth + s.truth,
            good + s.correct,
            n_ours + s.ours,
        )
        why = "; ".join([f"missed {m!r}" for m in s.missing] + [f"extra {e!r}" for e in s.extra])
        print(
            f"   {pdf.stem:<20} {s.correct:>3}/{s.ours:<3} {_pct(s.correct, s.ours)} "
            f"{s.found:>3}/{s.truth:<3} {_pct(s.found, s.truth)}  {why}"
        )
    print(f"   {'all':<20} {'':>8}{_pct(good, n_ours)} {'':>8}{_pct(tp, n_truth)}")


def samples_table() -> None:
    print("\n2. Publisher samples (TeX Live): headings against the PDF's bookmarks")
    print(f"   {'file':<28} {'pages':>5} {'precision':>9} {'recall':>8}  kinds")
    for rel in SAMPLES:
        path = TEXDOC / rel
        if not path.exists():
            continue
        o = outline_score(path)
        if o is None:
            continue
        import pymupdf

        with pymupdf.open(path) as doc:
            pages = doc.page_count
        kinds = " ".join(f"{k}={v}" for k, v in sorted(o.kinds.items()))
        if not o.truth:
            prec = rec = "  (no bookmarks)"
        else:
            prec, rec = _pct(o.correct, o.ours), _pct(o.found, o.truth)
        print(f"   {path.name:<28} {pages:>5} {prec:>9} {rec:>8}  {kinds}")


def manuals_table(n: int, max_pages: int) -> None:
    import pymupdf

    candidates = []
    for path in sorted(TEXDOC.rglob("*.pdf")):
        try:
            with pymupdf.open(path) as doc:
                entries = len(doc.get_toc())
                pages = doc.page_count
        except Exception:
            continue
        if entries >= 8 and 4 <= pages <= max_pages:
            candidates.append(path)
    random.Random(0).shuffle(candidates)
    picked = candidates[:n]
    rows = [o for p in picked if (o := outline_score(p)) is not None]
    with_toc = [o for o in rows if o.toc_pages]
    toc_pages = sum(len(o.toc_pages) for o in rows)
    confirmed = sum(o.toc_confirmed for o in rows)
    print(f"\n3. LaTeX manuals with >= 8 bookmarks and <= {max_pages} pages: {len(rows)} parsed")
    print(f"   with a contents page found        {len(with_toc):>5} of {len(rows)}")
    share = _pct(confirmed, toc_pages).strip()
    print(f"   contents pages confirmed          {confirmed:>5} of {toc_pages} ({share})")
    print(f"   contents lines taken as headings  {sum(o.heads_on_toc for o in rows):>5}")
    good, ours = sum(o.correct for o in rows), sum(o.ours for o in rows)
    found, truth = sum(o.found for o in rows), sum(o.truth for o in rows)
    print(f"   heading precision vs bookmarks    {_pct(good, ours)} ({good}/{ours})")
    print(f"   heading recall (levels 1-2)       {_pct(found, truth)} ({found}/{truth})")
    secs = sum(o.seconds for o in rows)
    each = secs / max(1, len(rows))
    print(f"   parse time                        {secs:.1f} s in all, {each:.2f} s per file")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manuals", type=int, default=60)
    ap.add_argument("--max-pages", type=int, default=80)
    args = ap.parse_args()
    print(f"load {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    grobid_table()
    if TEXDOC.exists():
        samples_table()
        manuals_table(args.manuals, args.max_pages)
    else:
        print(f"\n({TEXDOC} absent: no publisher samples or manuals)")


if __name__ == "__main__":
    main()
