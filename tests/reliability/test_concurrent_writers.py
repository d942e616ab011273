"""Four processes, acting as two members, write the same library at once through the library
API (notes appended and edited from stale revisions, reading states, shared and own tags, a
shared list, a study plan, replication log entries and claims): nothing is lost, no lock error
reaches them, every member's state history is an unbroken chain, each member's notes hold that
member's lines only, every replication row names who made it, and the final library equals a
serial replay of the recorded operations on a fresh one.

The long run (4 × 200) is behind the ``reliability`` marker; a short one (4 × 30) is part of
the normal suite."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from paperdesk.config import load_settings
from paperdesk.library import Library
from tests.reliability import workload

WORKERS = 4
PAPERS = 6


def _keys(lib: Library) -> list[str]:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    with lib.session() as s:
        return list(s.scalars(select(Paper.key).order_by(Paper.key).limit(PAPERS)))


def _run(lib: Library, tmp_path: Path, ops: int) -> tuple[list[workload.Op], list[str]]:
    keys = _keys(lib)
    url, home = lib.db.url, str(lib.settings.home)
    lib.db.engine.dispose()  # no pooled connection crosses the fork
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"ops{w}.jsonl" for w in range(WORKERS)]
    procs = [
        ctx.Process(target=workload.run_worker, args=(url, home, w, ops, keys, str(outs[w])))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    done = workload.load_ops(outs)
    assert len(done) == WORKERS * ops
    return done, keys


def _check(ops: list[workload.Op], final: dict[str, Any], keys: list[str]) -> None:
    assert [o.error for o in ops if o.error] == []  # no lock error, no unique violation
    members = final["members"]
    assert {o.member for o in ops} == set(workload.MEMBERS) <= set(members)
    for o in ops:
        line = f"w{o.worker}-{o.seq} "
        if o.kind in ("append", "edit"):
            # in this member's note once (no lost update), in no other member's note
            line += "appended" if o.kind == "append" else "edited"
            for name, mine in members.items():
                expected = 1 if name == o.member else 0
                assert mine[o.key]["note"].count(line) == expected, (name, o.key, line)
        elif o.kind == "log":
            assert o.result == o.member
            assert final["papers"][o.key]["log"].count((line + "logged", o.member)) == 1
        elif o.kind == "claim":
            assert o.result == o.member
            claim = (o.args["label"], o.args["value"], o.member)
            assert final["papers"][o.key]["claims"].count(claim) == 1
    for name, mine in members.items():
        for key in keys:
            # each member's history is a chain from "unread"; each reported change is in it once
            hist = mine[key]["history"]
            prev = "unread"
            for old, new in hist:
                assert old == prev, (name, key, hist)
                prev = new
            assert prev == mine[key]["reading"]
            changed = [
                o
                for o in ops
                if o.member == name and o.key == key and o.kind == "mark" and o.result is not None
            ]
            assert len(hist) == len(changed)
    for key in keys:
        # one shared attempt per paper that got a log entry, made by whoever logged first
        logs = [o for o in ops if o.kind == "log" and o.key == key]
        attempts = final["papers"][key]["attempts"]
        assert attempts == ([(1, logs[0].member)] if logs else []), key
    listed = Counter(final["list"])
    assert set(listed) == {o.key for o in ops if o.kind == "list"}
    assert max(listed.values()) == 1


def _replay(ops: list[workload.Op], keys: list[str], home: Path) -> dict[str, Any]:
    """The recorded operations one after the other, each member through its own Library."""
    env = {"PAPERDESK_HOME": str(home), "PAPERDESK_ARXIV_DELAY": "0"}
    libs: dict[str, Library] = {}
    try:
        for name in sorted({o.member for o in ops}):
            with workload.as_member(name):
                libs[name] = Library.open(load_settings(env))
        for o in ops:
            workload.apply(libs[o.member], o)
        return workload.snapshot(next(iter(libs.values())), keys)
    finally:
        for lib in libs.values():
            lib.close()


def _writers_match_a_serial_replay(lib: Library, tmp_path: Path, ops_per_worker: int) -> None:
    ops, keys = _run(lib, tmp_path, ops_per_worker)
    final = workload.snapshot(lib, keys)
    _check(ops, final, keys)
    assert _replay(ops, keys, tmp_path / "replay") == final


def test_two_members_in_four_writers_match_a_serial_replay(
    any_lib: Library, tmp_path: Path
) -> None:
    _writers_match_a_serial_replay(any_lib, tmp_path, 30)


@pytest.mark.reliability
def test_four_writers_200_operations_each_lose_nothing(any_lib: Library, tmp_path: Path) -> None:
    _writers_match_a_serial_replay(any_lib, tmp_path, 200)
