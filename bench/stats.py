"""Fresh-process time of the roadmap companion on a large library with a long history.

    python bench/stats.py [--papers 10000] [--history 100000] [--periods 20000] [--runs 7]
                          [--busy] [--keep DIR]

Builds a throwaway library (seeded lists + N papers over 20 lists, H reading-history rows over
a year, P reading-time periods, some replication attempts, runs and citation links, three study
plans) and times fresh
processes of ``paperdesk stats`` (charts), ``stats --json``, ``next``, ``plan`` and ``lists``.
"cold" is the first run after the library is built (a new process, nothing imported yet);
``--busy`` keeps a second process spinning on one core meanwhile (goal: stats <= 0.5 s on 2).
"cpu s" is the median CPU time (user + system) of a run: on a shared machine it moves far less
with the load than the wall time does.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import build_library, paperdesk_cmd

STATES = ["queued", "reading", "read", "skimmed", "read", "dropped", "reading", "read"]


def add_history(home: Path, rows: int, periods: int = 0, *, seed: int = 0) -> None:
    """``rows`` reading-history rows over the last year, each paper's state its last change."""
    os.environ["PAPERDESK_HOME"] = str(home)
    from sqlalchemy import delete, insert, select

    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.members import ensure_member
    from paperdesk.services.plans import set_plan
    from paperdesk.storage.models import (
        Cite,
        Claim,
        Paper,
        Reading,
        ReadingPeriod,
        ReproAttempt,
        Run,
        RunResult,
        StateChange,
    )

    rnd = random.Random(seed)
    lib = Library.open(load_settings())
    now = datetime(2026, 12, 1, 12)
    with lib.session() as s:
        ids = list(s.scalars(select(Paper.id).order_by(Paper.id)))
        me = ensure_member(s).id  # the history, states and periods are the bench member's
        changes = []
        last: dict[int, str] = {}
        for _ in range(rows):
            pid = rnd.choice(ids)
            new = rnd.choice(STATES)
            at = now - timedelta(minutes=rnd.randrange(365 * 24 * 60))
            changes.append(
                {
                    "paper_id": pid,
                    "track": "reading",
                    "old_state": last.get(pid, "unread"),
                    "new_state": new,
                    "at": at,
                    "member_id": me,
                }
            )
        changes.sort(key=lambda c: c["at"])
        for c in changes:
            last[c["paper_id"]] = c["new_state"]
        s.execute(insert(StateChange), changes)
        spans = []
        for _ in range(periods):
            start = now - timedelta(minutes=rnd.randrange(365 * 24 * 60))
            seconds = rnd.randrange(30, 3600)
            spans.append(
                {
                    "paper_id": rnd.choice(ids),
                    "member_id": me,
                    "view": rnd.choice(("reader", "note")),
                    "started_at": start,
                    "ended_at": start + timedelta(seconds=seconds),
                    "seconds": seconds,
                }
            )
        if spans:
            s.execute(insert(ReadingPeriod), spans)
        s.execute(delete(Reading))
        rows_now = [
            {"member_id": me, "paper_id": p, "state": st, "updated_at": now}
            for p, st in last.items()
            if st != "unread"
        ]
        if rows_now:
            s.execute(insert(Reading), rows_now)
        s.execute(
            insert(Cite),
            [
                {"citing_id": a, "cited_id": b, "method": "arxiv"}
                for a, b in {(rnd.choice(ids), rnd.choice(ids)) for _ in range(30_000)}
                if a != b
            ],
        )
        for k in range(200):
            pid = ids[k * 37 % len(ids)]
            attempt = ReproAttempt(paper_id=pid, created_at=now - timedelta(days=k))
            claim = Claim(paper_id=pid, label="acc", metric="accuracy", value=90.0)
            s.add_all([attempt, claim])
            s.flush()
            for j in range(3):
                run = Run(attempt_id=attempt.id, ran_at=now - timedelta(days=k, hours=j))
                s.add(run)
                s.flush()
                s.add(RunResult(run_id=run.id, claim_id=claim.id, value=85.0 + 2.5 * j))
    for name in ("bench-01", "bench-02", "transformers-core"):
        set_plan(lib, name, "3/week", start="2026-09-01")
    lib.close()


def time_runs(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """(median wall, min wall, median CPU) seconds of ``runs`` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--history", type=int, default=100_000)
    ap.add_argument("--periods", type=int, default=20_000, help="reading-time periods")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--busy", action="store_true", help="keep one core busy meanwhile")
    ap.add_argument("--keep", metavar="DIR", help="build the library in DIR once and reuse it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(args.keep or tmp)
        t0 = time.perf_counter()
        if not (home / "library.sqlite").is_file():
            build_library(home, args.papers)
            add_history(home, args.history, args.periods)
        built = time.perf_counter() - t0
        env = {"PAPERDESK_HOME": str(home), "COLUMNS": "120"}
        cmd = paperdesk_cmd()
        subprocess.run([*cmd, "lists"], env={**os.environ, **env}, capture_output=True)  # seed
        spinner = None
        if args.busy:
            spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            print(
                f"library: {args.papers + 53} papers, {args.history} history rows, "
                f"{args.periods} reading periods "
                f"(built in {built:.1f} s), {os.cpu_count()} cores, "
                f"{'one core busy' if args.busy else 'quiet'}, {args.runs} runs each"
            )
            print(f"{'command':<36} {'cold s':>7} {'median s':>9} {'min s':>7} {'cpu s':>6}")
            for extra in (
                ["stats"],
                ["stats", "--json"],
                ["stats", "--list", "bench-03"],
                ["next"],
                ["next", "--list", "bench-03"],
                ["plan"],
                ["lists"],
            ):
                t1 = time.perf_counter()
                subprocess.run(
                    cmd + extra, env={**os.environ, **env}, stdout=subprocess.DEVNULL, check=True
                )
                cold = time.perf_counter() - t1
                med, best, cpu = time_runs(cmd + extra, env, args.runs)
                name = "paperdesk " + " ".join(extra)
                print(f"{name:<36} {cold:>7.3f} {med:>9.3f} {best:>7.3f} {cpu:>6.3f}")
        finally:
            if spinner is not None:
                spinner.kill()
                spinner.wait()


if __name__ == "__main__":
    main()
