"""``paperdesk add --pdf DIR`` against ``paperdesk parse --all --force`` on the same PDFs.

    python bench/add_pdfs.py [--pdfs 50] [--runs 3] [--pages 8] [--auto-index]

Makes ``--pdfs`` distinct paper-like PDFs with PyMuPDF (two columns, numbered headings, a
reference list, ``--pages`` pages each, every one with its own title, authors and words), then,
``--runs`` times, each command in a fresh process on a fresh seeded library:

- ``add --pdf DIR``: hash, recognise, parse in the worker pool, copy and store every file;
- ``parse --all --force``: re-parse and store the same 50 stored PDFs (the parse stage alone).

Both run with PAPERDESK_AUTO_INDEX=0 (the comparison is intake against parsing); with
``--auto-index`` a third row times ``add --pdf DIR`` embedding the new passages with the hash
embedder. Prints the median, the min and max, ms per PDF and the ratio add / parse (goal <= 1.5).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.common import paperdesk_cmd  # noqa: E402

WORDS = [
    "attention",
    "retrieval",
    "sparse",
    "adapter",
    "routing",
    "contrastive",
    "decoding",
    "alignment",
    "tokenizer",
    "distillation",
    "quantisation",
    "pretraining",
    "benchmark",
    "embedding",
    "transformer",
    "mixture",
    "expert",
    "recurrence",
    "convolution",
    "gradient",
    "optimiser",
    "curriculum",
    "augmentation",
    "calibration",
    "pruning",
    "latency",
    "throughput",
    "memory",
    "context",
    "window",
    "reasoning",
    "instruction",
    "feedback",
    "reward",
    "policy",
]
SURNAMES = [
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Novak",
    "Haddad",
    "Silva",
    "Kowalski",
    "Ivanova",
    "Mensah",
]
GIVEN = ["Ada", "Bruno", "Chen", "Dana", "Emil", "Farah", "Goran", "Hana", "Ines", "Jonas"]


def make_pdf(path: Path, n: int, pages: int) -> None:
    """One two-column paper with a title, authors, an abstract, sections and references."""
    import pymupdf

    rnd = random.Random(n)
    title = " ".join(w.capitalize() for w in rnd.sample(WORDS, 6))
    authors = ", ".join(f"{rnd.choice(GIVEN)} {rnd.choice(SURNAMES)}" for _ in range(3))

    def para(k: int) -> str:
        return " ".join(
            f"The {rnd.choice(WORDS)} of {rnd.choice(WORDS)} improves {rnd.choice(WORDS)} "
            f"by {rnd.randint(2, 40)} points in setting {k}."
            for _ in range(9)
        )

    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=595, height=842)
        top = 70
        if p == 0:
            page.insert_textbox(
                pymupdf.Rect(60, 50, 535, 110), title, fontsize=16, fontname="tibo", align=1
            )
            page.insert_textbox(pymupdf.Rect(60, 112, 535, 140), authors, fontsize=10, align=1)
            page.insert_text(
                (20, 600),
                f"arXiv:24{n % 12 + 1:02d}.{10000 + n}v1 [cs.CL] 1 Jan 2024",
                fontsize=8,
                rotate=90,
            )
            top = 150
        for col, x in enumerate((57, 310)):
            if p == pages - 1 and col == 1:
                refs = "\n".join(
                    f"[{i}] {rnd.choice(SURNAMES)}, {rnd.choice(GIVEN)[0]}. "
                    f"20{rnd.randint(10, 23)}. "
                    f"{' '.join(rnd.sample(WORDS, 5)).capitalize()}. In Proceedings of ACL."
                    for i in range(1, 16)
                )
                text = "References\n" + refs
            else:
                head = f"{p * 2 + col + 1} {rnd.choice(WORDS).capitalize()}\n" if col == 0 else ""
                text = head + para(p) + "\n" + para(p + 1)
            page.insert_textbox(
                pymupdf.Rect(x, top, x + 228, 790), text, fontsize=9, fontname="tiro"
            )
        page.insert_text((290, 815), str(p + 1), fontsize=8)
    doc.save(path)


def run(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(
        args, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - t0
    if done.returncode not in (0,):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--auto-index", action="store_true", help="also time add with auto-index")
    opts = ap.parse_args()
    cmd = paperdesk_cmd()
    work = Path(tempfile.mkdtemp(prefix="pd-bench-add-"))
    try:
        folder = work / "pdfs"
        folder.mkdir()
        for n in range(opts.pdfs):
            make_pdf(folder / f"paper{n:03d}.pdf", n, opts.pages)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"{opts.pdfs} PDFs, {opts.pages} pages each, {size:.1f} MB; {opts.runs} runs each")
        times: dict[str, list[float]] = {"add --pdf DIR": [], "parse --all --force": []}
        if opts.auto_index:
            times["add --pdf DIR (auto-index, hash)"] = []
        for r in range(opts.runs):
            home = work / f"home{r}"
            env = {"PAPERDESK_HOME": str(home), "PAPERDESK_AUTO_INDEX": "0"}
            run([*cmd, "lists"], env)  # migrate and seed outside the timing
            times["add --pdf DIR"].append(run([*cmd, "add", "--pdf", str(folder)], env))
            times["parse --all --force"].append(run([*cmd, "parse", "--all", "--force"], env))
            if opts.auto_index:
                home2 = work / f"homeindex{r}"
                env2 = {"PAPERDESK_HOME": str(home2), "PAPERDESK_MODEL": "hash-256"}
                run([*cmd, "lists"], env2)
                times["add --pdf DIR (auto-index, hash)"].append(
                    run([*cmd, "add", "--pdf", str(folder)], env2)
                )
        base = statistics.median(times["parse --all --force"])
        print(f"{'command':36} {'median s':>9} {'min':>7} {'max':>7} {'ms/PDF':>7} {'× parse':>8}")
        for name, ts in times.items():
            med = statistics.median(ts)
            print(
                f"{name:36} {med:9.2f} {min(ts):7.2f} {max(ts):7.2f} "
                f"{1000 * med / opts.pdfs:7.0f} {med / base:8.2f}"
            )
        print(f"cores: {os.cpu_count()}; load: {os.getloadavg()[0]:.2f} (1 min)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
