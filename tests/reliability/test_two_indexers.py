"""Two ``index`` runs at once (two processes, the hash embedder) embed every passage once
between them, on SQLite and on PostgreSQL: the batches are taken under a library-wide lock and
each skips what the other embedded."""

from __future__ import annotations

import hashlib
import multiprocessing
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.search.embedder import HashEmbedder
from paperdesk.storage.models import Passage
from tests.reliability import workload

PASSAGES = 3000

pytestmark = pytest.mark.reliability


class SlowHash(HashEmbedder):
    """The hash embedder, slow enough per batch that two runs overlap."""

    def encode(self, texts: list[str]):  # type: ignore[no-untyped-def]
        import time

        time.sleep(0.02)
        return super().encode(texts)


def _index(url: str, home: str, out: str) -> None:
    from paperdesk.services.search import index_library

    lib = workload.open_lib(url, home)
    report = index_library(lib, embedder=SlowHash())
    Path(out).write_text(str(report.embedded))
    lib.close()


def test_two_index_runs_embed_each_passage_once(any_lib: Library, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from paperdesk.storage.models import Embedding, Paper

    with any_lib.session() as s:
        paper_id = s.scalar(select(Paper.id).order_by(Paper.id).limit(1))
        for i in range(PASSAGES):
            text = f"passage {i} about topic {i % 97} and method {i % 13}"
            digest = hashlib.sha256(text.encode()).hexdigest()
            s.add(Passage(paper_id=paper_id, kind="body", position=i, text=text,
                          content_hash=digest))  # fmt: skip
    url, home = any_lib.db.url, str(any_lib.settings.home)
    any_lib.db.engine.dispose()
    ctx = multiprocessing.get_context("fork")
    outs = [tmp_path / f"embedded{i}" for i in range(2)]
    procs = [ctx.Process(target=_index, args=(url, home, str(o))) for o in outs]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    embedded = [int(o.read_text()) for o in outs]
    with any_lib.session() as s:
        stored = s.scalar(select(func.count(Embedding.id)).where(Embedding.model == "hash-256"))
        distinct = s.scalar(
            select(func.count(func.distinct(Passage.content_hash))).where(
                Passage.kind.in_(("abstract", "body", "caption"))
            )
        )
    assert stored == distinct
    assert sum(embedded) == distinct  # nothing embedded twice (on SQLite the second run
    # may get no batch at all: filelock polls, so the first run re-takes the lock first)
