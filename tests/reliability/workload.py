"""A random workload of library writes, run by several processes at once and then replayed
serially, so that a test (and ``bench/concurrency.py``) can compare the two.

Each operation records when its last transaction committed: the engine's ``commit`` event
fires while the transaction still holds its locks, so two operations that touch the same row
are recorded in the order the database applied them. Operations on different rows commute, so
replaying every operation in that order on a fresh library must give the same final state.
"""

from __future__ import annotations

import json
import os
import random
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services import notes, papers
from paperdesk.states import READING_STATES
from paperdesk.storage import repository as repo

SHARED_TAGS = ("core", "method", "survey", "later")
LIST = "together"
PLANNED = "transformers-core"  # a seeded list whose study plan the writers keep changing


@dataclass
class Op:
    worker: int
    seq: int
    kind: str
    key: str
    args: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None
    committed_ns: int = 0


def open_lib(url: str, home: str) -> Library:
    env = {**os.environ, "PAPERDESK_HOME": home, "PAPERDESK_DATABASE_URL": url}
    return Library.open(load_settings(env), seed=False)


def apply(lib: Library, op: Op) -> Any:
    """Perform ``op`` on ``lib``; what it returned, JSON-ready."""
    a = op.args
    if op.kind == "append":
        return notes.append_note(lib, op.key, a["text"]).revision
    if op.kind == "edit":  # an editor that read the note a moment ago saves its version
        state = notes.save_note(
            lib, op.key, a["body"], base_revision=a["base_revision"], base_body=a["base_body"]
        )
        return [state.revision, state.merged, state.conflict]
    if op.kind == "mark":
        return papers.mark(lib, op.key, a["state"])[2]
    if op.kind == "tag":
        return papers.set_tags(lib, op.key, a.get("add", []), a.get("remove", []))
    if op.kind == "plan":
        from paperdesk.services.plans import set_plan

        set_plan(lib, PLANNED, a["pace"])
        return None
    if op.kind == "list":
        with lib.session() as s:
            paper = repo.find_paper(s, op.key)
            return repo.append_to_list(s, repo.ensure_list(s, LIST), paper)
    raise ValueError(op.kind)


def _next_op(rng: random.Random, lib: Library, worker: int, seq: int, keys: list[str]) -> Op:
    key = rng.choice(keys)
    kind = rng.choices(["append", "edit", "mark", "tag", "list", "plan"], [3, 2, 3, 3, 1, 1])[0]
    op = Op(worker, seq, kind, key)
    if kind == "append":
        op.args = {"text": f"w{worker}-{seq} appended"}
    elif kind == "edit":
        cur = notes.get_note(lib, key)
        op.args = {
            "base_revision": cur.revision,
            "base_body": cur.body,
            "body": cur.body.rstrip("\n") + f"\nw{worker}-{seq} edited\n",
        }
    elif kind == "mark":
        op.args = {"state": rng.choice(READING_STATES)}
    elif kind == "plan":
        op.args = {"pace": f"{rng.randint(1, 9)}/week"}
    elif kind == "tag":
        own = f"w{worker}-{rng.randrange(3)}"  # only this worker adds and removes its own tags
        if rng.random() < 0.5:
            op.args = {"add": [rng.choice(SHARED_TAGS), own]}
        else:
            mine = papers.set_tags(lib, key, [], [])
            op.args = {"remove": [own]} if own in mine else {"add": [own]}
    return op


def run_worker(url: str, home: str, worker: int, count: int, keys: list[str], out: str) -> None:
    """``count`` random operations by worker ``worker``, recorded as JSON lines in ``out``."""
    from sqlalchemy import event

    rng = random.Random(1000 + worker)
    lib = open_lib(url, home)
    last = [0]
    event.listen(lib.db.engine, "commit", lambda _conn: last.__setitem__(0, time.monotonic_ns()))
    with Path(out).open("w") as fh:
        for seq in range(count):
            op = _next_op(rng, lib, worker, seq, keys)
            try:
                op.result = apply(lib, op)
            except Exception as exc:  # recorded: the test fails on any
                op.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
            op.committed_ns = last[0]
            fh.write(json.dumps(asdict(op)) + "\n")
    lib.close()


def load_ops(paths: list[Path]) -> list[Op]:
    ops = [Op(**json.loads(line)) for p in paths for line in p.read_text().splitlines()]
    return sorted(ops, key=lambda o: o.committed_ns)


def snapshot(lib: Library, keys: list[str]) -> dict[str, Any]:
    """Everything the workload can change, comparable between two libraries."""
    from sqlalchemy import select

    from paperdesk.storage.models import ListEntry, Paper, ReadingList, StateChange

    state: dict[str, Any] = {}
    with lib.session() as s:
        for key in keys:
            p = repo.find_paper(s, key)
            hist = s.scalars(
                select(StateChange).where(StateChange.paper_id == p.id).order_by(StateChange.id)
            )
            state[key] = {
                "reading": p.reading_state,
                "note": p.note.body if p.note else "",
                "revision": p.note.revision if p.note else 0,
                "tags": sorted(t.name for t in p.tags),
                "history": [(h.old_state, h.new_state) for h in hist],
            }
        rows = s.execute(
            select(Paper.key)
            .join(ListEntry, ListEntry.paper_id == Paper.id)
            .join(ReadingList, ReadingList.id == ListEntry.list_id)
            .where(ReadingList.name == LIST)
            .order_by(ListEntry.position)
        )
        state["list"] = [r[0] for r in rows]
        from paperdesk.storage.models import StudyPlan

        state["plan"] = s.scalar(
            select(StudyPlan.pace).join(ReadingList).where(ReadingList.name == PLANNED)
        )
    return state
