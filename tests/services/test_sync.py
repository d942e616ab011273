"""``sync`` (services/sync.py) = fetch + parse + index, against the local fake arXiv of the
fetch tests and a paper-like PDF of the parse tests: the passage and page that matched come
back; and what its report counts as failed, offline included."""

from __future__ import annotations

from pathlib import Path

from paperdesk.library import Library
from paperdesk.reports import Failure, failure_lines
from paperdesk.services import search as svc
from paperdesk.services.annotations import AnnotationsReport, ImportReport
from paperdesk.services.fetch import FetchReport, PaperResult
from paperdesk.services.parse import PaperParse, ParseReport
from paperdesk.services.sync import SyncReport, sync
from tests.fetch.conftest import fake, fetch_env, flib  # noqa: F401 - fixtures
from tests.parse.pdfs import build_paper, marker
from tests.search.conftest import hash_embedder  # noqa: F401 - fixture


def test_sync_failed_gathers_every_step_offline_and_unreadable_annotations() -> None:
    report = SyncReport(
        fetch=None,
        offline="cannot reach export.arxiv.org",
        parse=ParseReport([PaperParse("a", "parsed"), PaperParse("b", "failed", "corrupt")]),
        annotations=AnnotationsReport(
            [ImportReport("c", error="cannot open the PDF"), ImportReport("e")]
        ),
    )
    assert [name for name, _ in report.steps()] == ["parse", "annotations"]
    assert report.annotations is not None
    assert report.annotations.counts() == {"changed": 0, "unchanged": 1, "failed": 1}
    assert failure_lines(report.failed) == [
        "fetch: cannot reach export.arxiv.org",
        "b: corrupt",
        "c: cannot open the PDF",
    ]
    assert report.failed[0] == Failure("fetch", "cannot reach export.arxiv.org")
    assert not SyncReport(fetch=FetchReport([PaperResult("a", "unchanged")])).failed


def test_sync_fetches_parses_and_indexes_what_is_new(
    flib: Library,  # noqa: F811
    fake,  # noqa: F811
    hash_embedder,  # noqa: F811
    tmp_path: Path,
) -> None:
    built = build_paper(tmp_path / "paper.pdf")
    fake.pdfs["1706.03762v3"] = built.path.read_bytes()
    # the feed names the paper the PDF is (fetch checks a download's title against it)
    fake.entries["1706.03762"].title = "Synthetic Documents for Testing Extraction"
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
