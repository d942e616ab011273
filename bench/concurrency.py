"""Library writes per second with 1, 2 and 4 writer processes, on SQLite and PostgreSQL.

    python bench/concurrency.py [--ops 200] [--writers 1,2,4] [--members 1,2] [--postgres URL]

Each writer is a forked process running the reliability suite's random workload through the
library API (note appends and edits from stale revisions, reading states, tags, a shared list,
a study plan, replication log entries and claims; ``tests/reliability/workload.py``) on six
papers of a fresh seeded library. With 2 members, writer w acts as member w % 2 (its own
states, notes, tags and plan; shared lists and replication records); with 1, all act as one.
Prints, per database, member and writer count, the operations finished, the wall time,
operations per second and the errors (which must be 0). PostgreSQL uses ``--postgres`` or
PAPERDESK_TEST_POSTGRES_URL (each run gets a new database); without one only SQLite is
measured.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability import workload  # noqa: E402


@contextmanager
def _database(kind: str, pg_url: str | None, home: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{home / 'library.sqlite'}"
        return
    assert pg_url
    from sqlalchemy import create_engine, text

    name = f"pd_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        pg_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _one(
    kind: str, writers: int, members: int, ops: int, pg_url: str | None
) -> tuple[int, float, int]:
    from sqlalchemy import select

    from paperdesk.config import load_settings
    from paperdesk.library import Library
    from paperdesk.storage.models import Paper

    with tempfile.TemporaryDirectory() as tmp, _database(kind, pg_url, Path(tmp)) as url:
        home = Path(tmp)
        env = {**os.environ, "PAPERDESK_HOME": str(home), "PAPERDESK_DATABASE_URL": url}
        lib = Library.open(load_settings(env))
        with lib.session() as s:
            keys = list(s.scalars(select(Paper.key).order_by(Paper.key).limit(6)))
        lib.close()
        ctx = multiprocessing.get_context("fork")
        outs = [home / f"ops{w}.jsonl" for w in range(writers)]
        procs = [
            ctx.Process(
                target=workload.run_worker,
                args=(url, str(home), w, ops, keys, str(o), members),
            )
            for w, o in enumerate(outs)
        ]
        started = time.perf_counter()
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        seconds = time.perf_counter() - started
        done = workload.load_ops(outs)
        return len(done), seconds, sum(1 for o in done if o.error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=200, help="operations per writer")
    parser.add_argument("--writers", default="1,2,4")
    parser.add_argument("--members", default="1,2", help="members the writers act as (1 or 2)")
    parser.add_argument("--postgres", default=os.environ.get("PAPERDESK_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    teams = [int(n) for n in args.members.split(",")]
    if not set(teams) <= {1, 2}:
        parser.error("--members takes 1 and/or 2")
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print(
        f"{'database':<11} {'members':>7} {'writers':>7} {'ops':>6} {'seconds':>8} "
        f"{'ops/s':>7} {'errors':>6}"
    )
    for kind in kinds:
        for m in teams:
            for n in counts:
                if m > n:
                    continue  # one writer is one member
                total, seconds, errors = _one(kind, n, m, args.ops, args.postgres)
                print(
                    f"{kind:<11} {m:>7} {n:>7} {total:>6} {seconds:>8.2f} "
                    f"{total / seconds:>7.0f} {errors:>6}"
                )
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
