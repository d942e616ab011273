"""Retrieval quality and latency of ``paperdesk search`` / ``similar`` on a BEIR-layout folder.

    .venv/bin/python bench/retrieval.py --beir ../shared/eval/acm-cr-sentences
    .venv/bin/python bench/retrieval.py --beir ../shared/eval/csfcube --mode dense --mode hybrid

The corpus (``corpus.jsonl``: _id, title, text) becomes a throwaway library under a temporary
PAPERDESK_HOME (or ``--home DIR``, kept and reused: vectors are embedded once), indexed with the
same code as ``paperdesk index``; every query (``queries.jsonl``) goes through the same search
service as ``paperdesk search``. Queries carrying a ``paper_id`` are "papers like this one" and
go through ``similar``: nDCG@20 over the whole corpus, and re-ranking only the judged pool.
``--fusion convex:0.6 --fusion rrf:0.5`` adds hybrid variants (method:dense weight), and
``--fusion convex:0.5:0`` one with dense feedback over that many top papers (0: off; the default
is ``paperdesk.search.hybrid.FEEDBACK_DOCS``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def load_beir(folder: Path) -> tuple[list[dict], list[dict], dict[str, dict[str, int]]]:
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").open()]
    queries = [json.loads(line) for line in (folder / "queries.jsonl").open()]
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with (folder / "qrels" / "test.tsv").open() as fh:
        next(fh)
        for line in fh:
            qid, did, rel = line.rstrip("\n").split("\t")
            qrels[qid][did] = int(rel)
    return corpus, queries, qrels


class Printer:
    """Progress that prints a line every few seconds: passages/s and ETA."""

    def __init__(self) -> None:
        self.total, self.done, self.t0, self.last = 0, 0, time.perf_counter(), 0.0

    def start(self, total: int | None, label: str = "") -> None:
        self.total, self.done, self.t0 = total or 0, 0, time.perf_counter()
        print(f"{label}: {self.total} passages", file=sys.stderr, flush=True)

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.last > 15 or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.t0, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            print(
                f"  {self.done}/{self.total}  {rate:.1f} passages/s  ETA {eta:.0f}s",
                file=sys.stderr,
                flush=True,
            )

    def message(self, text: str) -> None:
        print(f"  {text}", file=sys.stderr, flush=True)

    def cancelled(self) -> bool:
        return False


def build_library(corpus: list[dict], home: Path) -> tuple[object, dict[str, str]]:
    """Open (or create) the library of ``corpus``; keys are b0, b1, ... (ids may be DOIs)."""
    os.environ["PAPERDESK_HOME"] = str(home)
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.storage.models import Paper

    lib = Library.open(load_settings(), seed=False)
    key_to_id = {f"b{i}": doc["_id"] for i, doc in enumerate(corpus)}
    with lib.session() as s:
        have = s.query(Paper).count()
        if have == 0:
            s.add_all(
                Paper(
                    key=f"b{i}",
                    title=(doc.get("title") or "").strip() or doc["_id"],
                    abstract=(doc.get("text") or "").strip() or None,
                    year=doc.get("year") if isinstance(doc.get("year"), int) else None,
                    authors=[],
                    categories=[],
                )
                for i, doc in enumerate(corpus)
            )
        elif have != len(corpus):
            sys.exit(f"{home} holds a different library ({have} papers, corpus has {len(corpus)})")
    return lib, key_to_id


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked: list[str], rels: dict[str, int], k: int) -> float:
    ideal = dcg(sorted((r for r in rels.values() if r > 0), reverse=True)[:k])
    return dcg([rels.get(d, 0) for d in ranked[:k]]) / ideal if ideal > 0 else 0.0


def mrr(ranked: list[str], rels: dict[str, int], k: int = 10) -> float:
    for i, d in enumerate(ranked[:k]):
        if rels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def recall(ranked: list[str], rels: dict[str, int], k: int = 100) -> float:
    relevant = {d for d, r in rels.items() if r > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--beir", type=Path, required=True)
    ap.add_argument("--mode", action="append", choices=["keyword", "dense", "hybrid"])
    ap.add_argument(
        "--fusion",
        action="append",
        default=[],
        help="extra hybrid variant METHOD:DENSE_WEIGHT (rrf or convex)",
    )
    ap.add_argument("--home", type=Path, help="keep the library here (reused when present)")
    ap.add_argument("--limit", type=int, help="only the first N queries")
    ap.add_argument("--k", type=int, default=100, help="hits per query (Recall@k)")
    args = ap.parse_args()

    corpus, queries, qrels = load_beir(args.beir)
    queries = [q for q in queries if q["_id"] in qrels][: args.limit]
    home = args.home or Path(tempfile.mkdtemp(prefix="paperdesk-bench-"))
    lib, key_to_id = build_library(corpus, home)

    from paperdesk.search.embedder import get_embedder
    from paperdesk.services import search as svc

    embedder = get_embedder(lib.settings)  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    report = svc.index_library(lib, embedder=embedder, progress=Printer())  # type: ignore[arg-type]
    print(
        f"indexed {report.vectors} vectors in {time.perf_counter() - t0:.1f}s "
        f"(embedded {report.embedded} at {report.passages_per_second:.1f} passages/s; "
        f"onnx {report.onnx})",
        file=sys.stderr,
    )
    encoder = svc.query_encoder(lib)  # type: ignore[arg-type]  # what a cold CLI query uses
    id_to_key = {v: k for k, v in key_to_id.items()}

    from paperdesk.search import hybrid

    default_feedback = hybrid.FEEDBACK_DOCS
    variants: list[tuple[str, str, tuple[str, float] | None, int]] = [
        (m, m, None, default_feedback) for m in (args.mode or ["keyword", "dense", "hybrid"])
    ]
    for spec in args.fusion:
        method, weight, *rest = spec.split(":")
        docs = int(rest[0]) if rest else default_feedback
        variants.append((f"hybrid {spec}", "hybrid", (method, float(weight)), docs))

    by_example = any("paper_id" in q for q in queries)
    rows = []
    for label, mode, fusion, feedback in variants:
        hybrid.FEEDBACK_DOCS = feedback
        scores: dict[str, list[float]] = defaultdict(list)
        facets: dict[str, list[float]] = defaultdict(list)
        times = []
        for q in queries:
            rels = qrels[q["_id"]]
            start = time.perf_counter()
            if "paper_id" in q:
                hits = svc.similar(
                    lib,
                    id_to_key[q["paper_id"]],
                    k=len(corpus),
                    mode=mode,  # type: ignore[arg-type]
                    embedder=embedder,
                    fusion=fusion,
                )
            else:
                hits = svc.search(
                    lib,
                    q["text"],
                    k=args.k,
                    mode=mode,
                    embedder=encoder,  # type: ignore[arg-type]
                    fusion=fusion,
                )
            times.append(time.perf_counter() - start)
            ranked = [key_to_id[h.key] for h in hits]
            scores["MRR@10"].append(mrr(ranked, rels))
            scores["nDCG@10"].append(ndcg(ranked, rels, 10))
            scores[f"R@{args.k}"].append(recall(ranked, rels, args.k))
            if "paper_id" in q:
                scores["nDCG@20"].append(ndcg(ranked, rels, 20))
                pool = [d for d in ranked if d in rels]
                pooled = ndcg(pool, rels, 20)
                scores["nDCG@20 pool"].append(pooled)
                facets[q.get("facet", "all")].append(pooled)
        row = {
            "variant": label,
            **{m: statistics.mean(v) for m, v in scores.items()},
            "p50 ms": 1000 * statistics.median(times),
            "p95 ms": 1000 * sorted(times)[int(0.95 * (len(times) - 1))],
        }
        for facet, vals in sorted(facets.items()):
            row[f"pool {facet}"] = statistics.mean(vals)
        rows.append(row)
        print(f"  done {label}", file=sys.stderr, flush=True)

    print(
        f"\n{args.beir.name}: {len(corpus)} docs, {len(queries)} queries, model {report.model}"
        + (" (query by example through `similar`)" if by_example else "")
    )
    cols = list(rows[0].keys())
    print(" | ".join(f"{c:>14}" if i else f"{c:<22}" for i, c in enumerate(cols)))
    for row in rows:
        cells = []
        for i, c in enumerate(cols):
            v = row.get(c, "")
            fmt = "<22" if i == 0 else (">14.1f" if "ms" in c else ">14.3f")
            cells.append(format(v, fmt))
        print(" | ".join(cells))
    lib.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
