"""Isolation: every way a PDF can go wrong ends as a failure with a reason, within the time
limit, and the other files are parsed all the same."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from paperdesk.errors import ConfigError
from paperdesk.parse.worker import Worker, WorkerPool
from tests.parse.pdfs import simple_pdf

TIMEOUT = 3.0


def _bad_files(d: Path) -> dict[str, Path]:
    good = simple_pdf(d / "good.pdf")
    data = good.read_bytes()
    files = {
        "good": good,
        "empty": d / "empty.pdf",
        "html": d / "page.pdf",
        "truncated": d / "truncated.pdf",
        "encrypted": simple_pdf(d / "locked.pdf", encryption=4, user_pw="secret", owner_pw="owner"),
        "hang": simple_pdf(d / "hang-1.pdf"),
        "crash": simple_pdf(d / "crash-1.pdf"),
        "no_text": d / "scan.pdf",
        "good2": simple_pdf(d / "good2.pdf", pages=3),
    }
    files["empty"].write_bytes(b"")
    files["html"].write_text("<!DOCTYPE html><html><body>Just a moment...</body></html>")
    files["truncated"].write_bytes(data[: len(data) // 2])
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    doc.save(str(files["no_text"]))
    return files


def test_every_failure_has_a_reason_and_the_batch_goes_on(
    pdfdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_PARSE_FAULT", "hang:hang-*.pdf,crash:crash-*.pdf")
    files = _bad_files(pdfdir)
    start = time.monotonic()
    with WorkerPool(timeout=TIMEOUT, memory_mb=2048, workers=2) as pool:
        results = dict(pool.map(files.items()))
    elapsed = time.monotonic() - start
    assert results["good"]["ok"] and results["good2"]["ok"]
    assert results["good2"]["pages"] == 3
    expect = {
        "empty": ("empty", "empty file"),
        "html": ("not_pdf", "not a PDF (looks like HTML)"),
        "truncated": ("truncated", "truncated PDF"),
        "encrypted": ("encrypted", "encrypted PDF"),
        "hang": ("timeout", f"timed out after {TIMEOUT:g} s"),
        "crash": ("crash", "parser crashed (SIGSEGV)"),
        "no_text": ("no_text", "no text layer"),
    }
    for name, (code, reason) in expect.items():
        assert not results[name]["ok"], name
        assert results[name]["code"] == code, (name, results[name])
        assert results[name]["reason"].startswith(reason), (name, results[name])
    assert elapsed < TIMEOUT + 30  # the hang cost its time limit, not the batch


def test_memory_limit_applies(pdfdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_PARSE_FAULT", "oom:hog.pdf")
    hog, good = simple_pdf(pdfdir / "hog.pdf"), simple_pdf(pdfdir / "good.pdf")
    worker = Worker(memory_mb=700)
    try:
        first = worker.parse(hog, 30)
        second = worker.parse(good, 30)
    finally:
        worker.close()
    assert first == {"ok": False, "code": "memory", "reason": "out of memory (limit 700 MB)"}
    assert second["ok"], "a fresh child parses the next file"


def test_a_memory_limit_below_the_parser_needs_is_a_config_error(pdfdir: Path) -> None:
    worker = Worker(memory_mb=50)
    with pytest.raises(ConfigError, match="PAPERDESK_PARSE_MEMORY_MB=50 is too small"):
        worker.parse(simple_pdf(pdfdir / "a.pdf"), 30)
