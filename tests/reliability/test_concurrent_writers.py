"""Four processes write the same library at once through the library API (notes appended and
edited from stale revisions, reading states, shared and own tags, a shared list): nothing is
lost, no lock error reaches them, every state history is an unbroken chain, and the final
library equals a serial replay of the recorded operations on a fresh one."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from pathlib import Path

import pytest

from paperdesk.config import load_settings
from paperdesk.library import Library
from tests.reliability import workload

WORKERS = 4
OPS = 200
PAPERS = 6

pytestmark = pytest.mark.reliability


def _keys(lib: Library) -> list[str]:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    with lib.session() as s:
        return list(s.scalars(select(Paper.key).order_by(Paper.key).limit(PAPERS)))


def test_four_writers_lose_nothing_and_match_a_serial_replay(
    any_lib: Library, tmp_path: Path
) -> None:
    keys = _keys(any_lib)
    url, home = any_lib.db.url, str(any_lib.settings.home)
    any_lib.db.engine.dispose()  # no pooled connection crosses the fork
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"ops{w}.jsonl" for w in range(WORKERS)]
    procs = [
        ctx.Process(target=workload.run_worker, args=(url, home, w, OPS, keys, str(outs[w])))
        for w in range(WORKERS)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    ops = workload.load_ops(outs)
    assert len(ops) == WORKERS * OPS
    assert [o.error for o in ops if o.error] == []  # no lock error, no unique violation

    final = workload.snapshot(any_lib, keys)
    for key in keys:
        mine = [o for o in ops if o.key == key]
        body = final[key]["note"]
        # every appended or edited line is in the note, once: no lost update
        for o in mine:
            if o.kind in ("append", "edit"):
                line = f"w{o.worker}-{o.seq} " + ("appended" if o.kind == "append" else "edited")
                assert body.count(line) == 1, (key, line)
        # the history is a chain from "unread" and each reported change is in it, once
        hist = final[key]["history"]
        prev = "unread"
        for old, new in hist:
            assert old == prev, (key, hist)
            prev = new
        assert prev == final[key]["reading"]
        changed = [o for o in mine if o.kind == "mark" and o.result is not None]
        assert len(hist) == len(changed)
    listed = Counter(final["list"])
    assert set(listed) == {o.key for o in ops if o.kind == "list"}
    assert max(listed.values()) == 1

    replay = Library.open(
        load_settings({"PAPERDESK_HOME": str(tmp_path / "replay"), "PAPERDESK_ARXIV_DELAY": "0"})
    )
    try:
        for o in ops:
            workload.apply(replay, o)
        assert workload.snapshot(replay, keys) == final
    finally:
        replay.close()
