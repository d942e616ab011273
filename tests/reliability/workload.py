"""A random workload of library writes, run by several processes at once and then replayed
serially, so that a test (and ``bench/concurrency.py``) can compare the two.

Writers act as members of the library (worker ``w`` is ``MEMBERS[w % 2]``, set through
``PAPERDESK_USER``): reading states, notes, tags and plans are each member's own, replication
log entries and claims are shared and carry who made them. The replay gives each member its
own :class:`Library` on one fresh database.

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
from collections.abc import Iterator
from contextlib import contextmanager
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
MEMBERS = ("ana", "bo")


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
    member: str = ""  # who did it ("": the library's default member, as before members)


def member_of(worker: int, members: int = 2) -> str:
    """The member worker ``worker`` acts as (``members=1``: everybody is the first)."""
    return MEMBERS[worker % members]


@contextmanager
def as_member(name: str) -> Iterator[None]:
    """``PAPERDESK_USER`` set to ``name`` while a library is opened ("" leaves it alone)."""
    old = os.environ.get("PAPERDESK_USER")
    if name:
        os.environ["PAPERDESK_USER"] = name
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PAPERDESK_USER", None)
        else:
            os.environ["PAPERDESK_USER"] = old


def open_lib(url: str, home: str, member: str = "") -> Library:
    env = {**os.environ, "PAPERDESK_HOME": home, "PAPERDESK_DATABASE_URL": url}
    with as_member(member):
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
    if op.kind == "log":  # shared: the paper's current attempt (made by the first to log)
        from paperdesk.services import replication

        return replication.add_log(lib, op.key, a["text"])["by"]
    if op.kind == "claim":
        from paperdesk.services import replication

        d = replication.add_claim(lib, op.key, metric="acc", value=a["value"], label=a["label"])
        return d["claim"]["by"]
    raise ValueError(op.kind)


KINDS = {"append": 3, "edit": 2, "mark": 3, "tag": 3, "list": 1, "plan": 1, "log": 1, "claim": 1}


def _next_op(
    rng: random.Random, lib: Library, worker: int, seq: int, keys: list[str], member: str
) -> Op:
    key = rng.choice(keys)
    kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
    op = Op(worker, seq, kind, key, member=member)
    if kind == "log":
        op.args = {"text": f"w{worker}-{seq} logged"}
    elif kind == "claim":
        op.args = {"label": f"w{worker}-{seq}", "value": rng.randint(1, 99)}
    elif kind == "append":
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


def run_worker(
    url: str, home: str, worker: int, count: int, keys: list[str], out: str, members: int = 2
) -> None:
    """``count`` random operations by worker ``worker`` acting as member
    :func:`member_of`, recorded as JSON lines in ``out``."""
    from sqlalchemy import event

    rng = random.Random(1000 + worker)
    member = member_of(worker, members)
    lib = open_lib(url, home, member)
    last = [0]
    event.listen(lib.db.engine, "commit", lambda _conn: last.__setitem__(0, time.monotonic_ns()))
    with Path(out).open("w") as fh:
        for seq in range(count):
            op = _next_op(rng, lib, worker, seq, keys, member)
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
    """Everything the workload can change, comparable between two libraries: per member
    (by name) each paper's reading state, note, tags and reading history and the plan; per
    paper the shared replication record (attempts, log entries, claims, with who made them);
    the shared list."""
    from sqlalchemy import select

    from paperdesk.storage.models import (
        Claim,
        ListEntry,
        Member,
        Note,
        Paper,
        PaperTag,
        Reading,
        ReadingList,
        ReproAttempt,
        ReproLog,
        StateChange,
        StudyPlan,
        Tag,
    )

    state: dict[str, Any] = {"members": {}, "papers": {}}
    with lib.session() as s:
        names: dict[int | None, str] = {
            mid: name for mid, name in s.execute(select(Member.id, Member.name))
        }
        papers = {key: repo.find_paper(s, key) for key in keys}
        for mid, name in names.items():
            mine: dict[str, Any] = {}
            for key, p in papers.items():
                note = s.scalar(select(Note).where(Note.paper_id == p.id, Note.member_id == mid))
                hist = s.execute(
                    select(StateChange.old_state, StateChange.new_state)
                    .where(
                        StateChange.paper_id == p.id,
                        StateChange.member_id == mid,
                        StateChange.track == "reading",
                    )
                    .order_by(StateChange.id)
                )
                tags = s.scalars(
                    select(Tag.name)
                    .join(PaperTag, PaperTag.tag_id == Tag.id)
                    .where(PaperTag.paper_id == p.id, PaperTag.member_id == mid)
                )
                reading = s.scalar(
                    select(Reading.state).where(Reading.paper_id == p.id, Reading.member_id == mid)
                )
                mine[key] = {
                    "reading": reading or "unread",
                    "note": note.body if note else "",
                    "revision": note.revision if note else 0,
                    "tags": sorted(tags),
                    "history": [tuple(h) for h in hist],
                }
            mine["plan"] = s.scalar(
                select(StudyPlan.pace)
                .join(ReadingList)
                .where(ReadingList.name == PLANNED, StudyPlan.member_id == mid)
            )
            state["members"][name] = mine
        for key, p in papers.items():
            attempts = s.execute(
                select(ReproAttempt.number, ReproAttempt.created_by)
                .where(ReproAttempt.paper_id == p.id)
                .order_by(ReproAttempt.number, ReproAttempt.id)
            )
            log = s.execute(
                select(ReproLog.text, ReproLog.created_by)
                .join(ReproAttempt, ReproAttempt.id == ReproLog.attempt_id)
                .where(ReproAttempt.paper_id == p.id)
            )
            claims = s.execute(
                select(Claim.label, Claim.value, Claim.created_by).where(
                    Claim.paper_id == p.id, Claim.seeded.is_(False)
                )
            )
            state["papers"][key] = {
                "attempts": [(n, names.get(by)) for n, by in attempts],
                "log": sorted((text, names.get(by) or "") for text, by in log),
                "claims": sorted((lb, v, names.get(by) or "") for lb, v, by in claims),
            }
        rows = s.execute(
            select(Paper.key)
            .join(ListEntry, ListEntry.paper_id == Paper.id)
            .join(ReadingList, ReadingList.id == ListEntry.list_id)
            .where(ReadingList.name == LIST)
            .order_by(ListEntry.position)
        )
        state["list"] = [r[0] for r in rows]
    return state
