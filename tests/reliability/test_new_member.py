"""A brand-new member's first writes, made at once by three processes (repro log, tag, note
append on one paper): each creates the member row, and none may deadlock. On PostgreSQL this
needs the member row made before any paper row lock (replication_hook.lock_record) and the
paper lock to be FOR NO KEY UPDATE (storage/db.lock_row): the repro writer held the paper's
lock and waited for the other process's new member row, which waited for the paper."""

from __future__ import annotations

import json
import multiprocessing
import traceback
from pathlib import Path
from typing import Any

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.storage.models import Member, Note, Paper, PaperTag, ReproLog
from tests.reliability import workload

ROUNDS = 5
OPS = ("log", "tag", "note")


def _work(url: str, home: str, op: str, key: str, barrier: Any, out: str) -> None:
    from paperdesk.services import notes, papers, replication

    errors = []
    for round_ in range(ROUNDS):
        lib = workload.open_lib(url, home, f"new{round_}")
        barrier.wait(timeout=60)
        try:
            if op == "log":
                replication.add_log(lib, key, f"first log of new{round_}")
            elif op == "tag":
                papers.set_tags(lib, key, [f"t{round_}"], [])
            else:
                notes.append_note(lib, key, f"note of new{round_}")
        except Exception as exc:  # recorded: the test fails on any
            errors.append(f"{op} {round_}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
        lib.close()
    Path(out).write_text(json.dumps(errors))


def test_a_new_members_first_writes_at_once_do_not_deadlock(
    any_lib: Library, tmp_path: Path
) -> None:
    with any_lib.session() as s:
        paper_id, key = s.execute(select(Paper.id, Paper.key).order_by(Paper.key).limit(1)).one()
    url, home = any_lib.db.url, str(any_lib.settings.home)
    any_lib.db.engine.dispose()  # no pooled connection crosses the fork
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(OPS))
    outs = {op: tmp_path / f"{op}.json" for op in OPS}
    procs = [
        ctx.Process(target=_work, args=(url, home, op, key, barrier, str(outs[op]))) for op in OPS
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    assert [e for out in outs.values() for e in json.loads(out.read_text())] == []

    with any_lib.session() as s:
        ids = {name: mid for mid, name in s.execute(select(Member.id, Member.name))}
        for round_ in range(ROUNDS):
            mid = ids[f"new{round_}"]  # one row per new member, made by whichever came first
            assert (
                s.scalar(select(Note.body).where(Note.paper_id == paper_id, Note.member_id == mid))
                == f"note of new{round_}\n"
            )
            assert (
                s.scalar(
                    select(PaperTag.tag_id).where(
                        PaperTag.paper_id == paper_id, PaperTag.member_id == mid
                    )
                )
                is not None
            )
            assert s.scalar(select(ReproLog.text).where(ReproLog.created_by == mid)) == (
                f"first log of new{round_}"
            )
