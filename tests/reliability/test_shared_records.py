"""Four members start the same papers' replication records at the same moment (a barrier
before each paper): the first log entry makes one attempt, not one per member, and nobody
deadlocks; claims added at once with the same metric get distinct labels. Each row names the
member who made it. (On PostgreSQL this needs the paper's row lock: two writers inserting
attempts that reference one paper and then locking it deadlocked.)"""

from __future__ import annotations

import json
import multiprocessing
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.storage.models import Claim, Member, Paper, ReproAttempt, ReproLog
from tests.reliability import workload

WORKERS = 4
PAPERS = 8


def _member(worker: int) -> str:
    return f"m{worker}"


def _work(url: str, home: str, worker: int, keys: list[str], barrier: Any, out: str) -> None:
    from paperdesk.services import replication

    lib = workload.open_lib(url, home, _member(worker))
    errors = []
    for key in keys:
        barrier.wait(timeout=60)
        try:
            replication.add_log(lib, key, f"{_member(worker)} starts")
            replication.add_claim(lib, key, metric="accuracy", value=90 + worker)
        except Exception as exc:  # recorded: the test fails on any
            errors.append(f"{key}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=2)}")
    Path(out).write_text(json.dumps(errors))
    lib.close()


def test_members_starting_one_record_at_once_make_one_attempt(
    any_lib: Library, tmp_path: Path
) -> None:
    with any_lib.session() as s:
        keys = list(s.scalars(select(Paper.key).order_by(Paper.key).limit(PAPERS)))
    url, home = any_lib.db.url, str(any_lib.settings.home)
    any_lib.db.engine.dispose()  # no pooled connection crosses the fork
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(WORKERS)
    outs = [tmp_path / f"errors{w}.json" for w in range(WORKERS)]
    procs = [
        ctx.Process(target=_work, args=(url, home, w, keys, barrier, str(outs[w])))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    assert [e for out in outs for e in json.loads(out.read_text())] == []

    everyone = {_member(w) for w in range(WORKERS)}
    with any_lib.session() as s:
        names: dict[int | None, str] = {
            mid: name for mid, name in s.execute(select(Member.id, Member.name))
        }
        for key in keys:
            pid = s.scalar(select(Paper.id).where(Paper.key == key))
            attempts = s.execute(
                select(ReproAttempt.number, ReproAttempt.created_by).where(
                    ReproAttempt.paper_id == pid
                )
            ).all()
            assert len(attempts) == 1 and attempts[0][0] == 1, (key, attempts)
            assert names[attempts[0][1]] in everyone
            log = s.execute(
                select(ReproLog.text, ReproLog.created_by)
                .join(ReproAttempt, ReproAttempt.id == ReproLog.attempt_id)
                .where(ReproAttempt.paper_id == pid)
            ).all()
            assert sorted((names[by], text) for text, by in log) == sorted(
                (m, f"{m} starts") for m in everyone
            )
            claims = s.execute(
                select(Claim.label, Claim.value, Claim.created_by).where(
                    Claim.paper_id == pid, Claim.metric == "accuracy"
                )
            ).all()
            assert len({label for label, _v, _by in claims}) == WORKERS  # four distinct labels
            assert {(names[by], v) for _label, v, by in claims} == {
                (_member(w), 90.0 + w) for w in range(WORKERS)
            }
