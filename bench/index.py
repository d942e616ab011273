"""Indexing throughput, warm query latency by index size, and cold ``paperdesk search``.

    .venv/bin/python bench/index.py                 # all three parts
    .venv/bin/python bench/index.py --part speed --passages 1000
    .venv/bin/python bench/index.py --part query --sizes 10000,100000,1000000
    .venv/bin/python bench/index.py --part cold

speed: passages/s of ``index_library`` (what ``paperdesk index`` runs) against a bare
``model.encode`` of the same texts with the same loaded model and thread count.
query: warm single-query latency of the index at each size (synthetic clustered unit vectors,
384-d), exact (numpy) and, from 100k, HNSW; with memory and recall@10 against exact.
cold: wall time of ``paperdesk search`` in a new process on a 10,000-passage library with the
ONNX query encoder (vectors are synthetic: their values do not change the time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CS = SHARED / "data" / "arxiv-metadata" / "cs_1800.jsonl"
ACM = SHARED / "eval" / "acm-cr-sentences" / "corpus.jsonl"


def _texts(n: int) -> list[tuple[str, str]]:
    """(title, abstract) pairs from the shared metadata (skip when absent)."""
    out: list[tuple[str, str]] = []
    for source in (CS, ACM):
        if not source.exists():
            continue
        with source.open() as fh:
            for line in fh:
                d = json.loads(line)
                abstract = d.get("abstract") or d.get("text") or ""
                if abstract:
                    out.append((d.get("title") or "", abstract))
                if len(out) >= n:
                    return out
    if not out:
        sys.exit(f"no texts: {CS} and {ACM} are missing")
    return out


def _library(home: Path, papers: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    os.environ["PAPERDESK_HOME"] = str(home)
    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.storage.models import Paper

    lib = Library.open(load_settings(), seed=False)
    with lib.session() as s:
        s.add_all(
            Paper(key=f"p{i}", title=t, abstract=a, authors=[], categories=[])
            for i, (t, a) in enumerate(papers)
        )
    return lib


def part_speed(n: int) -> None:
    from paperdesk.config import load_settings
    from paperdesk.search.abstracts import abstract_text
    from paperdesk.search.embedder import get_embedder
    from paperdesk.services.search import index_library

    papers = _texts(n)
    home = Path(tempfile.mkdtemp(prefix="pd-bench-speed-"))
    lib = _library(home, papers)
    embedder = get_embedder(load_settings())
    embedder.encode(["warm up"])  # load the model outside both timings
    texts = [abstract_text(t, a, None) or "" for t, a in papers]
    t0 = time.perf_counter()
    embedder.model.encode(
        texts,
        batch_size=32,
        normalize_embeddings=True,  # type: ignore[attr-defined]
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    bare = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    report = index_library(lib, embedder=embedder)
    wall = time.perf_counter() - t0
    print(
        f"\nindexing {len(texts)} title+abstract passages with {embedder.name}, "
        f"{lib.settings.embed_threads} threads"
    )
    print(f"{'':<34}{'passages/s':>12}{'ratio':>8}")
    print(f"{'bare model.encode':<34}{bare:>12.1f}{1.0:>8.2f}")
    print(
        f"{'index_library (embedding)':<34}{report.passages_per_second:>12.1f}"
        f"{report.passages_per_second / bare:>8.2f}"
    )
    print(
        f"{'index_library (whole call)':<34}{report.embedded / wall:>12.1f}"
        f"{report.embedded / wall / bare:>8.2f}   (incl. DB, index, ONNX export "
        f"{report.onnx})"
    )
    lib.close()


def _synthetic(n: int, dim: int = 384, seed: int = 0):  # type: ignore[no-untyped-def]
    """Unit vectors around 2,000 random topics: structured like text embeddings, unlike
    uniform noise (on which no approximate index does well)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(2000, dim)).astype(np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        x = centers[rng.integers(0, 2000, m)] + 0.8 * rng.normal(size=(m, dim)).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def part_query(sizes: list[int], hnsw_max: int) -> None:
    import numpy as np

    from paperdesk.search import index as vindex
    from paperdesk.search.vectors import StoredVectors

    rows = []
    for n in sizes:
        matrix = _synthetic(n)
        stored = StoredVectors(
            np.arange(n, dtype=np.int64),
            np.arange(n, dtype=np.int64) // 20,
            np.zeros(n, dtype=np.uint64),
            matrix,
        )
        queries = vindex.sample_queries(matrix, 200, seed=3)
        exact_top = vindex.exact_topk(matrix, queries, 10)
        kinds = [("exact", 10**12)] + ([("hnsw", 0)] if 100_000 <= n <= hnsw_max else [])
        for kind, threshold in kinds:
            t0 = time.perf_counter()
            idx = vindex.build(stored, model="synthetic", revision="r", threshold=threshold)
            build_s = time.perf_counter() - t0
            if kind == "hnsw" and idx.hnsw is None:
                rows.append(
                    (
                        n,
                        kind,
                        build_s,
                        float("nan"),
                        float("nan"),
                        0.0,
                        idx.info.recall_at_10 or 0.0,
                    )
                )
                continue
            for q in queries[:5]:
                idx.search(q, 100)
            times = []
            found = []
            for q in queries:
                t = time.perf_counter()
                hits = idx.search(q, 100)
                times.append(time.perf_counter() - t)
                found.append([r for r, _ in hits[:10]])
            recall = vindex.recall_at(np.array(found), exact_top)
            mem = matrix.nbytes
            if idx.hnsw is not None:
                import faiss

                mem = faiss.serialize_index(idx.hnsw).nbytes
            rows.append(
                (
                    n,
                    f"{kind} (ef {idx.info.ef_search})" if idx.hnsw else kind,
                    build_s,
                    1000 * statistics.median(times),
                    1000 * sorted(times)[int(0.95 * (len(times) - 1))],
                    mem / 2**20,
                    recall,
                )
            )
        print(f"  done {n}", file=sys.stderr, flush=True)
    print("\nwarm query (top 100 of synthetic 384-d unit vectors, one query at a time)")
    print(
        f"{'vectors':>9} {'index':<16}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'MiB':>9}{'recall@10':>11}"
    )
    for n, kind, build_s, p50, p95, mib, recall in rows:
        print(f"{n:>9} {kind:<16}{build_s:>9.1f}{p50:>9.2f}{p95:>9.2f}{mib:>9.0f}{recall:>11.3f}")


def part_cold(n: int, runs: int) -> None:
    import numpy as np
    from sqlalchemy import text

    from paperdesk.config import load_settings
    from paperdesk.search import onnx
    from paperdesk.search.embedder import get_embedder
    from paperdesk.search.vectors import to_bytes
    from paperdesk.services.search import index_library

    home = Path(tempfile.mkdtemp(prefix="pd-bench-cold-"))
    lib = _library(home, _texts(n))
    embedder = get_embedder(load_settings())
    with lib.session() as s:
        from paperdesk.search.abstracts import refresh

        refresh(s)
        hashes = [h for (h,) in s.execute(text("SELECT DISTINCT content_hash FROM passages"))]
        vecs = _synthetic(len(hashes), seed=5)
        s.execute(
            text(
                "INSERT INTO embeddings (content_hash, model, dim, vector) VALUES (:h, :m, 384, :v)"
            ),
            [
                {"h": h, "m": embedder.name, "v": to_bytes(v)}
                for h, v in zip(hashes, vecs, strict=True)
            ],
        )
    onnx.export(embedder, onnx.export_dir(lib.settings, embedder.name))  # type: ignore[arg-type]
    report = index_library(lib, embedder=embedder)
    print(
        f"\ncold `paperdesk search` on {report.vectors} passages (ONNX query encoder), "
        f"{runs} runs each"
    )
    env = {**os.environ, "PAPERDESK_HOME": str(home)}
    cmds = {
        "--help": ["--help"],
        "search (hybrid)": ["search", "low-rank adapters for finetuning"],
        "search --mode keyword": ["search", "--mode", "keyword", "low-rank adapters"],
        "search --json": ["search", "--json", "attention replacing recurrence"],
    }
    print(f"{'command':<26}{'p50 s':>8}{'max s':>8}")
    for label, args in cmds.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "paperdesk", *args], env=env, capture_output=True, text=True
            )
            times.append(time.perf_counter() - t)
            if done.returncode != 0:
                sys.exit(done.stderr)
        print(f"{label:<26}{statistics.median(times):>8.2f}{max(times):>8.2f}")
    _ = np
    lib.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--part", choices=["speed", "query", "cold", "all"], default="all")
    ap.add_argument("--passages", type=int, default=1000, help="texts for the speed part")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--cold-passages", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--hnsw-max",
        type=int,
        default=10**7,
        help="skip building HNSW above this many vectors (it takes minutes)",
    )
    args = ap.parse_args()
    if args.part in ("speed", "all"):
        part_speed(args.passages)
    if args.part in ("query", "all"):
        part_query([int(s) for s in args.sizes.split(",")], args.hnsw_max)
    if args.part in ("cold", "all"):
        part_cold(args.cold_passages, args.runs)


if __name__ == "__main__":
    main()
