"""Ranking the feed: 10,000 feed entries against a 2,000-paper library, after embedding.

    .venv/bin/python bench/feed.py                      # both parts, 3 runs each
    .venv/bin/python bench/feed.py --entries 10000 --papers 2000 --runs 5

model: :mod:`paperdesk.services.feedrank` alone on random unit vectors of the model's size
(384): train the classifier (2,000 positives against the entries), score every entry, find the
two nearest library papers of the 30 shown.
rank_feed: what ``paperdesk feed`` runs after embedding, on a real SQLite library holding the
2,000 papers, the 10,000 entries and their vectors: read the vectors, train, score, explain.

Each run starts from the stored state (nothing cached between runs in ``rank_feed``); the
table shows the median and the slowest run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from common import read_every  # noqa: E402

DIM = 384
MODEL = "bench-random-384"


def _unit(rng, n: int):  # type: ignore[no-untyped-def]
    import numpy as np

    x = rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def bench_model(papers: int, entries: int, runs: int) -> list[float]:
    import numpy as np

    from paperdesk.services import feedrank

    rng = np.random.default_rng(0)
    lib, feed = _unit(rng, papers), _unit(rng, entries)
    weights = np.where(rng.random(papers) < 0.3, 3.0, 1.0)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        with feedrank.one_blas_thread():
            model = feedrank.train(lib, weights, feed, np.ones(entries))
            scores = model.score(feed)
            shown = np.argsort(-scores)[:30]
            feedrank.nearest(feed[shown], lib, 2)
        times.append(time.perf_counter() - t)
    return times


def _populate(home: Path, papers: int, entries: int):  # type: ignore[no-untyped-def]
    import numpy as np
    from sqlalchemy import insert

    os.environ["PAPERDESK_HOME"] = str(home)
    os.environ["PAPERDESK_SEED_LISTS"] = "0"
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.search.abstracts import abstract_text, content_hash
    from paperdesk.search.vectors import to_bytes
    from paperdesk.storage.models import Embedding, FeedEntry, Paper

    lib = Library.open(load_settings(), seed=False)
    rng = np.random.default_rng(1)
    now = datetime.now().replace(microsecond=0)
    pvec, fvec = _unit(rng, papers), _unit(rng, entries)
    prow, frow, erow = [], [], []
    for i in range(papers):
        title, abstract = f"Library paper {i}", f"What paper {i} is about, in words."
        h = content_hash(abstract_text(title, abstract, f"1{i:03d}.{i:05d}") or "")
        prow.append(
            {
                "key": f"paper{i}",
                "arxiv_id": f"1{i % 1000:03d}.{i:05d}",
                "title": title,
                "abstract": abstract,
                "authors": ["A. Author"],
                "categories": [],
                "replication_state": "none",
                "added_at": now,
                "updated_at": now,
            }
        )
        erow.append({"content_hash": h, "model": MODEL, "dim": DIM, "vector": to_bytes(pvec[i])})
    for i in range(entries):
        aid = f"2611.{i:05d}"
        title, abstract = f"Feed entry {i}", f"What entry {i} is about."
        h = content_hash(abstract_text(title, abstract, aid) or "")
        frow.append(
            {
                "arxiv_id": aid,
                "version": 1,
                "title": title,
                "abstract": abstract,
                "authors": ["B. Author"],
                "categories": ["cs.CL"],
                "published": now - timedelta(minutes=i),
                "content_hash": h,
                "fetched_at": now,
            }
        )
        erow.append({"content_hash": h, "model": MODEL, "dim": DIM, "vector": to_bytes(fvec[i])})
    with lib.session() as s:
        s.execute(insert(Paper), prow)
        read_every(s, 3)
        s.execute(insert(FeedEntry), frow)
        s.execute(insert(Embedding), erow)
    return lib


def bench_rank_feed(papers: int, entries: int, runs: int) -> tuple[list[float], str]:
    from paperdesk.services.feedlist import rank_feed

    with tempfile.TemporaryDirectory() as tmp:
        lib = _populate(Path(tmp) / "home", papers, entries)
        times, kind = [], ""
        for _ in range(runs):
            t = time.perf_counter()
            ranking = rank_feed(lib, MODEL, days=30, limit=30)
            times.append(time.perf_counter() - t)
            assert ranking.total == entries and len(ranking.items) == 30
            kind = f"{ranking.model}, {ranking.positives} positives, {ranking.negatives} negatives"
        lib.close()
    return times, kind


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"uptime: {load}")
    print(f"{args.papers} library papers, {args.entries} feed entries, {DIM}-d vectors\n")
    model_times = bench_model(args.papers, args.entries, args.runs)
    rows = [("model (train + score + explain 30)", model_times, "classifier")]
    times, kind = bench_rank_feed(args.papers, args.entries, args.runs)
    rows.append(("rank_feed (read vectors from SQLite too)", times, kind))
    print(f"| {'step':42} | median s | slowest s | model |")
    print(f"|{'-' * 44}|---------:|----------:|---|")
    for name, t, kind in rows:
        print(f"| {name:42} | {statistics.median(t):8.3f} | {max(t):9.3f} | {kind} |")


if __name__ == "__main__":
    main()
