"""Helpers shared by the benchmarks: build a large library quickly, time commands."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _records() -> list[dict]:
    """Real arXiv titles/abstracts from ../shared when present, else synthetic text."""
    out: list[dict] = []
    for name in ("cs_1800.jsonl", "kaggle_first2000.jsonl"):
        path = SHARED / "data" / "arxiv-metadata" / name
        if path.exists():
            out += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not out:
        rnd = random.Random(0)
        words = "attention model language training data transformer layer network".split()  # noqa: SIM905
        out = [
            {
                "title": " ".join(rnd.choices(words, k=8)),
                "abstract": " ".join(rnd.choices(words, k=150)),
            }
            for _ in range(500)
        ]
    return out


def build_library(home: Path, n: int, *, seed: int = 0) -> None:
    """A seeded library plus ``n`` papers (ids 2112.00001…, a month no seeded paper is from),
    spread over 20 user lists, with a mix of reading and replication states."""
    os.environ["PAPERDESK_HOME"] = str(home)
    from sqlalchemy import insert

    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.members import ensure_member
    from paperdesk.storage.models import ListEntry, Paper, Reading, ReadingList

    lib = Library.open(load_settings())
    recs = _records()
    rnd = random.Random(seed)
    reading = ["unread"] * 6 + ["queued", "reading", "read", "skimmed"]
    with lib.session() as s:
        rows = []
        for i in range(n):
            r = recs[i % len(recs)]
            key = f"{2112 + i // 99999}.{i % 99999 + 1:05d}"
            authors = r.get("authors") or ["A. Author", "B. Author"]
            if isinstance(authors, str):
                authors = [a.strip() for a in authors.split(",")][:6]
            rows.append(
                {
                    "key": key,
                    "arxiv_id": key,
                    "title": r["title"].strip(),
                    "authors": authors,
                    "abstract": r.get("abstract", ""),
                    "categories": ["cs.CL"],
                    "year": 2021,
                    "replication_state": "none" if rnd.random() < 0.95 else "planned",
                }
            )
        s.execute(insert(Paper), rows)
        lists = [
            ReadingList(name=f"bench-{j:02d}", title=f"Bench list {j}", source="user")
            for j in range(20)
        ]
        s.add_all(lists)
        s.flush()
        ids = [pid for (pid,) in s.query(Paper.id).filter(Paper.key.like("21%")).order_by(Paper.id)]
        me = ensure_member(s).id  # the reading states are the bench user's
        states = [(pid, rnd.choice(reading)) for pid in ids]
        s.execute(
            insert(Reading),
            [{"member_id": me, "paper_id": p, "state": st} for p, st in states if st != "unread"],
        )
        s.execute(
            insert(ListEntry),
            [
                {
                    "list_id": lists[k % 20].id,
                    "paper_id": pid,
                    "position": k // 20 + 1,
                    "stage": "bench",
                }
                for k, pid in enumerate(ids)
            ],
        )
    lib.close()


def read_every(s: object, n: int) -> None:
    """The bench member has read every ``n``-th paper (by id)."""
    from sqlalchemy import insert, select

    from paperdesk.members import ensure_member
    from paperdesk.storage.models import Paper, Reading

    me = ensure_member(s).id  # type: ignore[arg-type]
    ids = s.scalars(select(Paper.id).order_by(Paper.id)).all()  # type: ignore[attr-defined]
    rows = [{"member_id": me, "paper_id": p, "state": "read"} for p in ids[::n]]
    if rows:
        s.execute(insert(Reading), rows)  # type: ignore[attr-defined]


def time_command(args: list[str], env: dict[str, str], runs: int = 7) -> tuple[float, float]:
    """(median, min) wall time of a fresh process running ``args``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def paperdesk_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("paperdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "paperdesk"]
