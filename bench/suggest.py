"""``paperdesk suggest`` on a large library: N papers with R parsed references each, the cited
works drawn from a heavy-tailed (Pareto) distribution as real citations are, a third of them
with arXiv ids.

    .venv/bin/python bench/suggest.py                    # 2,000 papers x 50 references
    .venv/bin/python bench/suggest.py --papers 10000 --refs 50 --runs 3
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from common import read_every  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--refs", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PAPERDESK_HOME"] = tmp
        from sqlalchemy import insert

        from paperdesk.config import load_settings
        from paperdesk.library import Library
        from paperdesk.services.suggest import suggest
        from paperdesk.storage.models import Paper, Reference

        lib = Library.open(load_settings(), seed=False)
        now = datetime.now()
        rng = random.Random(0)
        papers = [
            {
                "key": f"p{i}",
                "title": f"Library paper number {i}",
                "authors": [],
                "categories": [],
                "replication_state": "none",
                "added_at": now,
                "updated_at": now,
            }
            for i in range(args.papers)
        ]
        refs = []
        for i in range(args.papers):
            for j in range(args.refs):
                w = int(rng.paretovariate(0.6) * 3) % 200_000  # a long tail of works
                refs.append(
                    {
                        "paper_id": i + 1,
                        "position": j,
                        "text": f"A. Author. 2015. Cited work {w} about things.",
                        "arxiv_id": f"15{w % 12 + 1:02d}.{w % 100000:05d}" if w % 3 == 0 else None,
                        "title": f"Cited work {w} about things",
                        "title_norm": f"cited work {w} about things",
                        "authors": ["A. Author", "B. Author"],
                        "year": 2015,
                    }
                )
        with lib.session() as s:
            s.execute(insert(Paper), papers)
            read_every(s, 4)
            s.execute(insert(Reference), refs)
        times, cpu = [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            report = suggest(lib, limit=30)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        lib.close()
    print(f"{args.papers} papers x {args.refs} references = {len(refs)} references")
    print("| references | works suggested | most cited | median s | slowest s | CPU s |")
    print("|---:|---:|---:|---:|---:|---:|")
    top = report.suggestions[0].cites if report.suggestions else 0
    print(
        f"| {len(refs)} | {report.total} | {top} | {statistics.median(times):.2f} | "
        f"{max(times):.2f} | {statistics.median(cpu):.2f} |"
    )


if __name__ == "__main__":
    main()
