"""fetch_papers and open_pdf against the local arXiv (real HTTP, real SQLite, real PDFs)."""

from __future__ import annotations

import hashlib

from paperdesk.library import Library
from paperdesk.paths import pdf_file
from paperdesk.services.fetch import fetch_papers
from tests.fetch.conftest import TRANSFORMERS_CORE_ARXIV, FakeArxiv, paper, set_pdf_url


def _by_key(report):
    return {r.key: r for r in report.results}


def test_transformers_core_then_nothing_twice(flib: Library, fake: FakeArxiv) -> None:
    set_pdf_url(flib, "radford2018gpt1", None)
    set_pdf_url(flib, "radford2019gpt2", None)
    report = fetch_papers(flib, list_name="transformers-core")
    got = _by_key(report)
    assert [got[b].status for b in TRANSFORMERS_CORE_ARXIV] == ["fetched"] * 6
    for key in ("radford2018gpt1", "radford2019gpt2"):
        assert got[key].status == "skipped"
        assert "no PDF URL known" in got[key].reason
    assert not report.failed
    for base in TRANSFORMERS_CORE_ARXIV:
        p = paper(flib, base)
        f = pdf_file(flib.settings, p.pdf_path)
        assert f is not None and f.is_file()
        assert hashlib.sha256(f.read_bytes()).hexdigest() == p.pdf_sha256
        assert p.pdf_version == p.version == fake.entries[base].version
        assert p.title == f"Title of {base}"
        assert p.metadata_fetched_at is not None and p.fetch_error is None
    pdf_requests = len(fake.pdf_hits())
    assert pdf_requests == 6

    again = fetch_papers(flib, list_name="transformers-core")
    assert not again.failed
    assert len(fake.pdf_hits()) == pdf_requests
    assert {r.status for r in again.results} == {"unchanged", "skipped"}
