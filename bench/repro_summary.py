"""Replication records at scale: the summary and one record.

    python bench/repro_summary.py [--papers 10000] [--records 1000] [--runs 5]

Builds a throwaway library (seeded lists + N papers), gives R of them a replication record
(5 claims, 2 attempts, 10 runs with a result per claim, 5 log entries per attempt), then times
``replication.summary`` and ``replication.record`` in-process and ``paperdesk repro --summary
--json`` / ``paperdesk repro ID`` as fresh processes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import build_library, paperdesk_cmd, time_command


def add_records(n_records: int, seed: int = 0) -> str:
    """Bulk-insert replication records for the first ``n_records`` bench papers; returns the
    key of one of them."""
    from sqlalchemy import insert, select

    from paperdesk.library import Library
    from paperdesk.storage.models import Claim, Paper, ReproAttempt, ReproLog, Run, RunResult

    rnd = random.Random(seed)
    lib = Library.open()
    t0 = datetime(2024, 1, 1)
    with lib.session() as s:
        papers = s.execute(
            select(Paper.id, Paper.key)
            .where(Paper.key.like("2112.%"))
            .order_by(Paper.id)
            .limit(n_records)
        ).all()
        claims, attempts = [], []
        for pid, _ in papers:
            for c in range(5):
                claims.append(
                    {
                        "paper_id": pid,
                        "label": f"c{c}",
                        "metric": "acc",
                        "value": 50.0 + c,
                        "higher_is_better": c != 4,
                        "seeded": False,
                        "created_at": t0,
                    }
                )
            for number in (1, 2):
                attempts.append(
                    {
                        "paper_id": pid,
                        "number": number,
                        "status": "running",
                        "environment_kv": {},
                        "created_at": t0,
                        "updated_at": t0,
                    }
                )
        s.execute(insert(Claim), claims)
        s.execute(insert(ReproAttempt), attempts)
        claim_ids: dict[int, list[int]] = {}
        for cid, pid in s.execute(select(Claim.id, Claim.paper_id).where(Claim.seeded.is_(False))):
            claim_ids.setdefault(pid, []).append(cid)
        runs, logs = [], []
        attempt_rows = s.execute(select(ReproAttempt.id, ReproAttempt.paper_id)).all()
        for aid, _ in attempt_rows:
            for k in range(10):
                runs.append(
                    {
                        "attempt_id": aid,
                        "ran_at": t0 + timedelta(hours=k),
                        "command": f"train --seed {k}",
                    }
                )
            for k in range(5):
                logs.append({"attempt_id": aid, "at": t0 + timedelta(hours=k), "text": "note"})
        s.execute(insert(Run), runs)
        s.execute(insert(ReproLog), logs)
        paper_of = dict(attempt_rows)
        results = []
        for rid, aid in s.execute(select(Run.id, Run.attempt_id)):
            for cid in claim_ids.get(paper_of[aid], []):
                results.append({"run_id": rid, "claim_id": cid, "value": 50.0 + rnd.uniform(-2, 2)})
        s.execute(insert(RunResult), results)
        s.execute(
            Paper.__table__.update()
            .where(Paper.id.in_([p for p, _ in papers]))
            .values(replication_state="running")
        )
    lib.close()
    return papers[0][1]


def best_of(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=1_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_library(home, args.papers)
        key = add_records(args.records)
        from paperdesk.library import Library
        from paperdesk.services import replication

        lib = Library.open()
        rows = replication.summary(lib)
        assert len(rows) >= args.records
        print(
            f"library: {args.papers + 53} papers, {len(rows)} replication records "
            f"(5 claims, 2 attempts x 10 runs each), {args.runs} runs each"
        )
        print(f"{'operation':<44} {'median s':>9} {'min s':>7}")
        for name, fn in (
            ("replication.summary(lib)", lambda: replication.summary(lib)),
            (f"replication.record(lib, {key!r})", lambda: replication.record(lib, key)),
        ):
            med, best = best_of(fn, args.runs)
            print(f"{name:<44} {med:>9.3f} {best:>7.3f}")
        lib.close()
        env = {"PAPERDESK_HOME": str(home)}
        for extra in (["repro", "--summary", "--json"], ["repro", key]):
            med, best = time_command(paperdesk_cmd() + extra, env, args.runs)
            print(f"{'paperdesk ' + ' '.join(extra):<44} {med:>9.3f} {best:>7.3f}")


if __name__ == "__main__":
    main()
