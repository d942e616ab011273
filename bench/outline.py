"""Outline recall on real PDFs: the share of each PDF's bookmarks found as headings.

    python bench/outline.py [--n 60] [--max-pages 60] [--jobs 1] [--show]

Takes the PDFs installed with TeX Live's documentation (/usr/share/doc/texlive-doc) that have
at least four bookmarks (hyperref's outline, written by LaTeX from the real sectioning
commands, so it is the truth of what the headings are), one per package directory so that the
classes differ (publisher samples and templates first), at most ``--max-pages`` pages, and
prints per PDF how many bookmark titles (numbers dropped, words compared) the parse found
among its section titles, with the misses under ``--show``. Bookmarks that name the contents
page or a list of figures are not counted (they are deliberately no heading).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.structure import _LISTS, _title  # noqa: E402

TEXDOC = Path("/usr/share/doc/texlive-doc")
#: publisher samples the QA report named: always in the set when installed
NAMED = [
    "apssamp.pdf",
    "aipsamp.pdf",
    "DEMO-BFHPub.pdf",
    "mla-example.pdf",
    "TestprocIAGssymp.pdf",
    "article-in-english.pdf",
    "template-paper-english.pdf",
    "sample-acmsmall.pdf",
    "IEEEconf.pdf",
    "abntex2-modelo-artigo.pdf",
    "llncsdoc.pdf",
    "sample631.pdf",
    "asmejour-template.pdf",
    "oup-authoring-template.pdf",
    "afpsample.pdf",
]
_PAPERISH = ("sample", "template", "example", "demo", "article", "paper", "modelo", "test")


def pick(n: int, max_pages: int) -> list[tuple[Path, list[tuple[int, str, int]]]]:
    import pymupdf

    every = sorted(TEXDOC.rglob("*.pdf"))
    by_name = {p.name: p for p in every}
    order = [by_name[n] for n in NAMED if n in by_name]
    # one per package directory, paper-like names first
    rest = sorted(
        (p for p in every if p not in order),
        key=lambda p: (not any(w in p.name.lower() for w in _PAPERISH), str(p)),
    )
    out: list[tuple[Path, list[tuple[int, str, int]]]] = []
    seen: set[str] = set()
    for path in order + rest:
        rel = path.relative_to(TEXDOC).parts
        package = rel[1] if len(rel) > 2 else path.name
        if package in seen and path not in order:
            continue
        try:
            with pymupdf.open(path) as doc:
                toc = doc.get_toc(simple=True)
                pages = doc.page_count
        except Exception:
            continue
        if len(toc) < 4 or pages > max_pages:
            continue
        seen.add(package)
        out.append((path, toc))
        if len(out) >= n:
            break
    return out


def score(item: tuple[Path, list[tuple[int, str, int]]]) -> tuple[str, int, int, int, list[str]]:
    from paperdesk.parse.document import parse_pdf

    path, toc = item
    truth = [t for _, t, _ in toc if _title(t) and _title(t) not in _LISTS]
    try:
        sections = parse_pdf(path)["sections"]
    except Exception as exc:  # a file the parser refuses: all missed
        return str(path), len(truth), 0, 0, [f"parse failed: {exc}"]
    ours = {_title(f"{s['number'] or ''} {s['title']}") for s in sections}
    ours |= {_title(s["title"]) for s in sections}
    missed = [t for t in truth if _title(t) not in ours]
    return str(path), len(truth), len(truth) - len(missed), len(sections), missed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--max-pages", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="list the missed bookmarks")
    args = ap.parse_args()
    items = pick(args.n, args.max_pages)
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(score, items))
    total = found = 0
    print(f"{'pdf':<58} {'marks':>5} {'found':>5} {'share':>6} {'ours':>5}")
    for path, n, hit, ours, missed in rows:
        total, found = total + n, found + hit
        name = str(Path(path).relative_to(TEXDOC))[-58:]
        print(f"{name:<58} {n:>5} {hit:>5} {hit / max(n, 1):>6.0%} {ours:>5}")
        if args.show:
            for m in missed[:12]:
                print(f"    missed: {m[:80]}")
    full = sum(hit == n for _, n, hit, _, _ in rows)
    print(f"\n{len(rows)} PDFs, {total} bookmarks: {found} found ({found / max(total, 1):.1%});")
    print(f"every bookmark found in {full} PDFs; mean share per PDF ", end="")
    print(f"{sum(h / max(n, 1) for _, n, h, _, _ in rows) / max(len(rows), 1):.1%}")


if __name__ == "__main__":
    main()
