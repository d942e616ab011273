"""``sync`` = fetch + parse + index, against the local fake arXiv of the fetch tests and a
paper-like PDF of the parse tests: the passage and page that matched come back."""

from __future__ import annotations

from pathlib import Path

from paperdesk.library import Library
from paperdesk.services import search as svc
from paperdesk.services.sync import sync
from tests.fetch.conftest import fake, fetch_env, flib  # noqa: F401 - fixtures
from tests.parse.pdfs import build_paper, marker


def test_sync_fetches_parses_and_indexes_what_is_new(
    flib: Library,  # noqa: F811
    fake,  # noqa: F811
    hash_embedder,
    tmp_path: Path,
) -> None:
    built = build_paper(tmp_path / "paper.pdf")
    fake.pdfs["1706.03762v3"] = built.path.read_bytes()
    report = sync(flib, embedder=hash_embedder)
    assert report.fetch is not None and report.parse is not None
    assert report.parse.counts()["parsed"] >= 1
    assert report.index is not None and report.index.embedded == report.index.vectors > 0
    # Abstracts fetched from the API are searchable...
    hits = svc.search(flib, "Abstract of 1810.04805", mode="keyword", k=1)
    assert hits[0].key == "devlin2018bert" and hits[0].section == "Abstract"
    # ...and so is the parsed body, with its section and page.
    k = 40
    hit = svc.search(flib, f"{marker(k)} studies", mode="keyword", k=1)[0]
    assert hit.key == "vaswani2017attention"
    assert hit.section == built.section_of[k]
    assert hit.page is not None and hit.page <= built.sentence_page[k] <= hit.page + 1
    assert marker(k) in hit.snippet
    # Nothing new: nothing embedded again.
    again = sync(flib, embedder=hash_embedder)
    assert again.index is not None and again.index.embedded == 0
