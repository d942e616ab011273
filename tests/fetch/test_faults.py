"""Every fetch fault in one batch against the local arXiv: each paper that meets one fails with
its own clear reason, nothing partial is kept, and the rest of the batch is done."""

from __future__ import annotations

import errno

import pytest

from paperdesk.fetch import download
from paperdesk.library import Library
from paperdesk.services.fetch import fetch_papers
from tests.fetch.conftest import FakeArxiv, make_pdf, paper, with_settings
from tests.services.test_fetch import (
    _assert_no_partial_files,
    _by_key,
    _pdf_dir_listing,
    _vid,
)

# arXiv id -> (PDF fault, words its reason must hold)
PDF_FAULTS = {
    "1706.03762": ("stall", "stalled after"),
    "1810.04805": ("redirect-loop", "redirects in a loop"),
    "1910.10683": ("html-as-pdf", "HTML page instead of a PDF"),
    "2005.14165": ("truncate", "cut short"),
    "1409.0473": ("cut", "no %%EOF marker"),
}
OVERSIZE = "1508.04025"


def test_every_pdf_fault_fails_only_its_paper(flib: Library, fake: FakeArxiv) -> None:
    lib = with_settings(flib, arxiv_timeout=0.5, pdf_max_mb=0.2)
    fake.sleep_for = 2.0
    for base, (fault, _) in PDF_FAULTS.items():
        fake.pdf_faults[_vid(fake, base)] = fault
    fake.pdfs[_vid(fake, OVERSIZE)] = make_pdf("big", padding=400_000)
    report = fetch_papers(lib, list_name="transformers-core")
    got = _by_key(report)
    for base, (_, words) in PDF_FAULTS.items():
        r = got[base]
        assert r.status == "failed" and words in r.reason, (base, r)
        assert "Traceback" not in r.reason
        assert paper(lib, base).pdf_path is None
        assert paper(lib, base).abstract == f"Abstract of {base}."  # metadata still stored
    assert got[OVERSIZE].status == "failed" and "PAPERDESK_PDF_MAX_MB" in got[OVERSIZE].reason
    others = [
        r for r in report.results if r.key not in {got[b].key for b in [*PDF_FAULTS, OVERSIZE]}
    ]
    assert others and all(r.status in ("fetched", "skipped") for r in others)
    _assert_no_partial_files(lib)
    fake.pdf_faults.clear()
    del fake.pdfs[_vid(fake, OVERSIZE)]
    again = fetch_papers(lib, list_name="transformers-core")
    assert {r.status for r in again.results if r.key in {got[b].key for b in PDF_FAULTS}} == {
        "fetched"
    }


@pytest.mark.parametrize(
    ("faults", "words"),
    [
        (["429:0", "429:0", "429:0"], "HTTP 429"),
        (["503:0", "503:0", "503:0"], "HTTP 503"),
        (["malformed", "malformed"], "malformed feed"),
        (["html", "html"], "not an Atom feed"),
    ],
)
def test_api_faults_end_in_one_clear_reason_per_paper(
    flib: Library, fake: FakeArxiv, faults: list[str], words: str
) -> None:
    fake.api_faults = list(faults)
    report = fetch_papers(with_settings(flib, arxiv_timeout=0.5), ["1706.03762", "1810.04805"])
    assert [r.status for r in report.results] == ["failed", "failed"]
    assert all(words in r.reason for r in report.results), report.results
    _assert_no_partial_files(flib)


def test_retry_after_then_fine(flib: Library, fake: FakeArxiv) -> None:
    fake.api_faults = ["429:1"]
    report = fetch_papers(flib, ["1706.03762"])
    assert report.results[0].status == "fetched"
    assert len(fake.api_hits()) == 2


def test_an_empty_feed_and_a_400_in_one_batch(flib: Library, fake: FakeArxiv) -> None:
    del fake.entries["1508.04025"]
    fake.reject["1810.04805"] = "incorrect id format for 1810.04805"
    report = fetch_papers(flib, list_name="transformers-core")
    got = _by_key(report)
    assert "empty answer" in got["1508.04025"].reason
    assert (
        got["1810.04805"].reason == "arXiv rejected 1810.04805: incorrect id format for 1810.04805"
    )
    assert got["1706.03762"].status == "fetched"


def test_a_full_disk_fails_that_paper_and_keeps_nothing(
    flib: Library, fake: FakeArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = download.open_part

    def full(target):  # type: ignore[no-untyped-def]
        fh, path = real(target)
        if target.name.startswith("vaswani"):

            class Full:
                def write(self, data: bytes) -> int:
                    raise OSError(errno.ENOSPC, "No space left on device")

                def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
                    return getattr(fh, name)

                def __enter__(self) -> Full:
                    return self

                def __exit__(self, *exc: object) -> None:
                    fh.close()

            return Full(), path
        return fh, path

    monkeypatch.setattr(download, "open_part", full)
    report = fetch_papers(flib, list_name="transformers-core")
    got = _by_key(report)
    assert "disk full" in got["1706.03762"].reason
    assert got["1810.04805"].status == "fetched"
    assert not any(n.startswith("vaswani") for n in _pdf_dir_listing(flib))
    _assert_no_partial_files(flib)
