"""Citation linking at library scale: relink over N papers with R parsed references each.

    python bench/citations.py [--papers 10000] [--refs 50]

A throwaway SQLite library gets N papers (half with a DOI) and N x R references: every fifth
cites a library paper by its title only (with year and first author), every third carries a
DOI and every fourth an arXiv id that no library paper has. Timed: the first relink (which adds
all title links); a full relink with nothing left to add (what every ``add`` paid before
linking was incremental); the incremental relink with nothing changed and after one more paper
with R references arrives (what ``add`` pays now); and linking one paper's references (what
each parsed paper pays).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--refs", type=int, default=50)
    args = ap.parse_args()
    n, r = args.papers, args.refs
    os.environ["PAPERDESK_HOME"] = tempfile.mkdtemp(prefix="paperdesk-bench-")
    from sqlalchemy import func, select

    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.parse.citations import link_citations, relink_citations
    from paperdesk.parse.refparse import title_norm
    from paperdesk.storage.models import Cite, Paper, Reference

    lib = Library.open(load_settings(), seed=False)
    built = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
    with lib.session() as s:
        s.execute(
            Paper.__table__.insert(),
            [
                {
                    "key": f"p{i}",
                    "title": f"Study number {i} of attention",
                    "year": 2000 + i % 20,
                    "authors": [f"Ada Surname{i}"],
                    "doi": f"10.1000/x{i}" if i % 2 else None,
                    "replication_state": "none",
                    "updated_at": built,  # a library built before today's add
                }
                for i in range(n)
            ],
        )
        ids = list(s.scalars(select(Paper.id).order_by(Paper.id)))
        rows = []
        for k, pid in enumerate(ids):
            for j in range(r):
                cited = (k * 7 + j * 13) % n
                by_title = j % 5 == 0
                title = f"Study number {cited} of attention" if by_title else f"Other {k} {j}"
                rows.append(
                    {
                        "paper_id": pid,
                        "position": j + 1,
                        "text": title,
                        "title": title,
                        "title_norm": title_norm(title),
                        "year": 2000 + cited % 20 if by_title else None,
                        "authors": [f"A. Surname{cited}"] if by_title else [],
                        "doi": f"10.1000/y{j}" if j % 3 == 0 else None,
                        "arxiv_id": f"2101.{j:05d}" if j % 4 == 0 else None,
                    }
                )
        s.execute(Reference.__table__.insert(), rows)
    print(f"{n} papers x {r} references = {n * r} references")
    with lib.session() as s:
        started = time.perf_counter()
        added = relink_citations(s)
        first = time.perf_counter() - started
        by = dict(s.execute(select(Cite.method, func.count()).group_by(Cite.method)).all())
    timings = []
    with lib.session() as s:
        started = time.perf_counter()
        again = relink_citations(s, full=True)
        timings.append(("full relink, nothing new", time.perf_counter() - started, again))
    with lib.session() as s:
        started = time.perf_counter()
        again = relink_citations(s)
        timings.append(("incremental, nothing new", time.perf_counter() - started, again))
    with lib.session() as s:
        new = Paper(
            key="newcomer",
            title="Study number 7 revisited",
            replication_state="none",
            authors=["Ada Surname7"],
            year=2007,
        )
        s.add(new)
        s.flush()
        s.execute(Reference.__table__.insert(), [{**row, "paper_id": new.id} for row in rows[:r]])
    with lib.session() as s:
        started = time.perf_counter()
        again = relink_citations(s)
        timings.append(("incremental, one new paper", time.perf_counter() - started, again))
    with lib.session() as s:
        started = time.perf_counter()
        link_citations(s, ids[n // 2])
        one = time.perf_counter() - started
    print(f"relink, first:               {first:6.2f} s  ({added} links added: {by})")
    for name, took, count in timings:
        print(f"{name + ':':29}{took:6.2f} s  ({count} added)")
    print(f"link one paper:              {one:6.2f} s")
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
