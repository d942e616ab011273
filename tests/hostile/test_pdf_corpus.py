"""Every hostile PDF ends as ``parse_failed: <reason>`` (or parses, when it is legitimately
readable) inside the worker's time and memory limits; the main process never crashes, and the
batch is done in one run."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services.parse import parse_papers
from paperdesk.storage.models import Paper, Passage, Section
from tests.hostile.pdfs import KINDS
from tests.parse.test_service import add_with_pdf

TIMEOUT_S = 30
MEMORY_MB = 1024


@pytest.fixture
def corpus_lib(home: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setenv("PAPERDESK_PARSE_TIMEOUT", str(TIMEOUT_S))
    monkeypatch.setenv("PAPERDESK_PARSE_MEMORY_MB", str(MEMORY_MB))
    lib = Library.open(load_settings(), seed=False)
    yield lib
    lib.close()


def test_the_hostile_corpus_ends_in_clear_results(corpus_lib: Library, tmp_path: Path) -> None:
    assert len(KINDS) >= 30
    src = tmp_path / "src"
    src.mkdir()
    keys = {}
    for i, (kind, (build, _)) in enumerate(KINDS.items()):
        key = f"hostile{i:02d}"
        add_with_pdf(corpus_lib, key, build(src / f"{key}.pdf"))
        keys[key] = kind
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = parse_papers(corpus_lib)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    by_kind = {keys[r.key]: r for r in report.results}
    assert set(by_kind) == set(KINDS)  # every file has an outcome: nothing stopped the batch
    with corpus_lib.session() as s:
        status = {keys[p.key]: p.parse_status for p in s.scalars(select(Paper))}
        texts = list(s.scalars(select(Passage.text))) + list(s.scalars(select(Section.title)))
    wrong = {}
    for kind, (_, allowed) in KINDS.items():
        r, stored = by_kind[kind], status[kind]
        if r.status == "parsed":
            ok = "parsed" in allowed and stored == "parsed"
        else:
            ok = (
                r.status == "failed"
                and stored == f"parse_failed: {r.reason}"
                and bool(r.reason)
                and "Traceback" not in r.reason
                and any(word in r.reason for word in allowed if word != "parsed")
            )
        if not ok:
            wrong[kind] = (r.status, r.reason, stored)
    assert wrong == {}
    assert not any("\x00" in t for t in texts)
    # the parse happened in the workers: the main process stayed small
    assert rss_after - rss_before < 300 * 1024  # KiB


def test_a_re_run_skips_every_failed_file(corpus_lib: Library, tmp_path: Path) -> None:
    for kind in ("zero-bytes", "encrypted", "cut-at-50%"):
        build, _ = KINDS[kind]
        add_with_pdf(corpus_lib, kind.replace("%", "").replace("-", ""), build(tmp_path / "x.pdf"))
    assert parse_papers(corpus_lib).counts()["failed"] == 3
    again = parse_papers(corpus_lib)
    assert again.counts()["failed"] == 0
    assert sorted(again.still_failed) == sorted(["zerobytes", "encrypted", "cutat50"])
