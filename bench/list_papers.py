"""Cold start of the list views on a large library.

    python bench/list_papers.py [--papers 10000] [--runs 7]

Builds a throwaway library (seeded lists + N papers) and times fresh processes of
``paperdesk papers --json``, ``paperdesk papers``, ``paperdesk lists`` and ``paperdesk --help``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import build_library, paperdesk_cmd, time_command


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_library(home, args.papers)
        env = {"PAPERDESK_HOME": str(home)}
        cmd = paperdesk_cmd()
        with sqlite3.connect(home / "library.sqlite") as db:
            (n,) = db.execute("SELECT COUNT(*) FROM papers").fetchone()
        print(f"library: {n} papers, {os.cpu_count()} cores, {args.runs} runs each")
        print(f"{'command':<34} {'median s':>9} {'min s':>7}")
        for extra in (
            ["papers", "--json"],
            ["papers"],
            ["papers", "--list", "bench-03"],
            ["lists"],
            ["--help"],
        ):
            med, best = time_command(cmd + extra, env, args.runs)
            print(f"{'paperdesk ' + ' '.join(extra):<34} {med:>9.3f} {best:>7.3f}")


if __name__ == "__main__":
    main()
