"""What the code-link step adds to a parse, and what reading annotations costs.

    python bench/links_annotations.py [--pdfs 12] [--runs 3]

For the two CC-BY papers of ../shared/fixtures/pdfs (when present) and up to ``--pdfs``
publisher sample PDFs of texlive-doc over 150 kB (package documentation, many hyperlinks), in
one process: the whole parse (``parse.document.parse_pdf``, links included), the link step
alone on the parse's lines (``parse.links.find_links`` plus the page hyperlinks), and reading
the annotations (``parse.annotations.read_annotations``). Then the child-process read
(``read_many``) of all the files at once, as ``sync`` does it. Medians of ``--runs`` in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

SHARED = ROOT.parent / "shared" / "fixtures" / "pdfs"
TEXLIVE = Path("/usr/share/doc/texlive-doc")


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", type=int, default=12)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    import pymupdf

    from paperdesk.parse.annotations import read_annotations, read_many
    from paperdesk.parse.document import PdfProblem, parse_pdf
    from paperdesk.parse.extract import read_pages, reading_order
    from paperdesk.parse.links import find_links, page_uris

    pymupdf.TOOLS.mupdf_display_errors(False)
    files = sorted(SHARED.glob("*.pdf")) if SHARED.is_dir() else []
    files += sorted(p for p in TEXLIVE.rglob("*.pdf") if p.stat().st_size > 150_000)[: args.pdfs]
    head = ("file", "pages", "parse", "links", "share", "annots", "found")
    print("{:<30} {:>5} {:>8} {:>7} {:>6} {:>7} {:>5}".format(*head))
    total_parse = total_links = 0.0
    used = []
    for path in files:
        try:
            result = parse_pdf(path)
        except PdfProblem:
            continue
        used.append(path)
        refs = [r["text"] for r in result["references"]]
        with pymupdf.open(path) as doc:
            lines, _ = reading_order(read_pages(doc))

            def step(d=doc, ls=lines, r=refs):  # type: ignore[no-untyped-def]
                return find_links(ls, page_uris(d), r)

            links = median_ms(step, args.runs)
        parse = median_ms(lambda p=path: parse_pdf(p), args.runs)
        annots = median_ms(lambda p=path: read_annotations(p), args.runs)
        total_parse, total_links = total_parse + parse, total_links + links
        print(
            f"{path.name[:30]:<30} {result['pages']:>5} {parse:>8.1f} {links:>7.1f} "
            f"{links / parse:>6.1%} {annots:>7.1f} {len(result['links']):>5}"
        )
    print(f"{len(used)} files: the link step is {total_links / total_parse:.1%} of the parse")
    t0 = time.perf_counter()
    answers = read_many(used, timeout=120)
    ms = (time.perf_counter() - t0) * 1000
    print(f"annotations of all {len(answers)} files in one child process: {ms:.0f} ms")


if __name__ == "__main__":
    main()
