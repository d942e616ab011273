"""fetch_papers and open_pdf (services/fetch.py) against the local arXiv (real HTTP, real
SQLite, real PDFs)."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import hashlib

import pytest

from paperdesk.library import Library
from paperdesk.paths import pdf_file
from paperdesk.services.fetch import fetch_papers
from tests.fetch.conftest import (
    ARXIV_OF,
    KEY_OF,
    TRANSFORMERS_CORE_ARXIV,
    FakeArxiv,
    closed_port_url,
    fake,  # noqa: F401 - fixture
    fetch_env,  # noqa: F401 - fixture
    flib,  # noqa: F401 - fixture
    paper,
    set_pdf_url,
    with_settings,
)


def _by_key(report):
    """Results by key, and by arXiv id for transformers-core's papers."""
    got = {r.key: r for r in report.results}
    return {**got, **{ARXIV_OF[k]: r for k, r in got.items() if k in ARXIV_OF}}


def test_transformers_core_then_nothing_twice(flib: Library, fake: FakeArxiv) -> None:
    set_pdf_url(flib, "radford2018improving", None)
    set_pdf_url(flib, "radford2019language", None)
    report = fetch_papers(flib, list_name="transformers-core")
    got = _by_key(report)
    assert [got[b].status for b in TRANSFORMERS_CORE_ARXIV] == ["fetched"] * 6
    for key in ("radford2018improving", "radford2019language"):
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


def _rows(lib: Library) -> list[tuple]:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    cols = (
        "key",
        "title",
        "abstract",
        "version",
        "pdf_path",
        "pdf_sha256",
        "pdf_version",
        "metadata_fetched_at",
        "fetch_error",
        "authors",
    )
    with lib.session() as s:
        return [
            tuple(getattr(p, c) for c in cols) for p in s.scalars(select(Paper).order_by(Paper.id))
        ]


def _pdf_dir_listing(lib: Library) -> list[str]:
    d = lib.settings.pdf_dir
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def _vid(fake: FakeArxiv, base: str) -> str:
    return f"{base}v{fake.entries[base].version}"


def test_non_arxiv_pdfs_are_downloaded_from_their_url(flib: Library, fake: FakeArxiv) -> None:
    report = fetch_papers(flib, ["radford2018improving", "radford2019language"])
    assert [r.status for r in report.results] == ["fetched", "fetched"]
    p = paper(flib, "radford2018improving")
    assert p.pdf_path == "radford2018improving.pdf" and p.pdf_version is None
    assert fake.api_hits() == []  # no metadata request for papers not on arXiv
    again = fetch_papers(flib, ["radford2018improving"])
    assert again.results[0].status == "unchanged"
    assert len(fake.pdf_hits()) == 2


def test_no_pdf_fetches_metadata_only(flib: Library, fake: FakeArxiv) -> None:
    report = fetch_papers(flib, list_name="transformers-core", pdf=False)
    got = _by_key(report)
    assert got["1706.03762"].status == "fetched"
    assert got["radford2018improving"].status == "skipped"
    assert "not on arXiv" in got["radford2018improving"].reason
    assert fake.pdf_hits() == [] and _pdf_dir_listing(flib) == []
    assert paper(flib, "1706.03762").abstract == "Abstract of 1706.03762."


def test_newer_version_is_noticed_then_downloaded(flib: Library, fake: FakeArxiv) -> None:
    from paperdesk.services.listing import PaperFilter, list_papers, open_reader

    fetch_papers(flib, ["1706.03762"])
    old = paper(flib, "1706.03762")
    fake.entries["1706.03762"].version = old.version + 1
    report = fetch_papers(flib, ["1706.03762"], pdf=False)
    reason = report.results[0].reason
    assert f"arXiv has v{old.version + 1}, the stored PDF is v{old.version}" in reason
    p = paper(flib, "1706.03762")
    assert p.version == old.version + 1 and p.pdf_version == old.version
    assert p.newer_version_available
    reader = open_reader(flib.settings)
    rows = list_papers(reader, PaperFilter(list_name="transformers-core"))
    reader.close()
    assert next(r for r in rows if r.id == "vaswani2017attention").newer_version

    progress = Recorder()
    report = fetch_papers(flib, ["1706.03762"], progress=progress)
    assert report.results[0].status == "fetched"
    assert f"v{old.version + 1} replaces v{old.version}" in report.results[0].reason
    assert progress.messages == [
        f"vaswani2017attention: newer version on arXiv, {report.results[0].reason}"
    ]
    p = paper(flib, "1706.03762")
    assert p.pdf_version == p.version and not p.newer_version_available
    assert p.pdf_sha256 != old.pdf_sha256


def test_never_replaced_with_worse_data(flib: Library, fake: FakeArxiv) -> None:
    fetch_papers(flib, ["1706.03762"], pdf=False)
    good = paper(flib, "1706.03762")
    e = fake.entries["1706.03762"]
    e.title, e.summary, e.authors, e.categories = "", "", [], []
    e.version = good.version - 1 if good.version > 1 else good.version
    e.comment = None
    report = fetch_papers(flib, ["1706.03762"], pdf=False)
    assert report.results[0].status == "unchanged"
    now = paper(flib, "1706.03762")
    for field in ("title", "abstract", "authors", "categories", "version", "comment"):
        assert getattr(now, field) == getattr(good, field), field


def test_seeded_title_kept_when_feed_title_is_empty(flib: Library, fake: FakeArxiv) -> None:
    fake.entries["1706.03762"].title = "   "
    fetch_papers(flib, ["1706.03762"], pdf=False)
    assert paper(flib, "1706.03762").title == "Attention Is All You Need"


def test_title_zero_is_stored_as_zero(empty_lib: Library, fake: FakeArxiv) -> None:
    from paperdesk.services.papers import add_papers

    lib = with_settings(empty_lib, arxiv_api_url=fake.api_url)
    add_papers(lib, ["2104.12255"])
    fake.add("2104.12255", title="0")
    report = fetch_papers(lib, ["2104.12255"])
    assert report.results[0].status == "fetched"
    assert paper(lib, "2104.12255").title == "0"


def test_recorded_title_zero_and_old_style_ids(empty_lib: Library, fake: FakeArxiv) -> None:
    from paperdesk.services.papers import add_papers
    from tests.fetch.test_client import recorded

    lib = with_settings(empty_lib, arxiv_api_url=fake.api_url)
    fake.recorded["2104.12255,astro-ph/0601001"] = recorded("2104.12255v1")
    fake.recorded["astro-ph/0601001"] = recorded("astro-ph_0601001")
    add_papers(lib, ["2104.12255", "astro-ph/0601001"])
    report = fetch_papers(lib, ["2104.12255", "astro-ph/0601001"])
    got = _by_key(report)
    # the provisional key (no author when added) is finalised by the fetched metadata
    assert paper(lib, "2104.12255").key == "nguyen20210"
    # the first (recorded) answer lacks astro-ph/0601001: that paper fails on its own
    assert got["nguyen20210"].status == "fetched"
    assert got["arxivastroph0601001"].status == "failed"
    assert "arXiv does not know astro-ph/0601001" in got["arxivastroph0601001"].reason
    assert paper(lib, "2104.12255").title == "0"
    assert paper(lib, "2104.12255").pdf_path == "nguyen20210.pdf"
    report = fetch_papers(lib, ["astro-ph/0601001"])
    assert report.results[0].status == "fetched", report.results[0].reason
    p = paper(lib, "astro-ph/0601001")
    assert p.pdf_path == "gould2006frequency.pdf" and p.fetch_error is None
    assert p.year == 2006 and p.journal_ref == "ActaAstron.56:1-50,2006"


# --- each failure mode: one clear line, the others go on, nothing partial or worse remains ----


def _assert_others_fetched(report, failed: set[str]) -> None:
    for r in report.results:
        if ARXIV_OF.get(r.key, r.key) in failed:
            assert r.status == "failed", r
        else:
            assert r.status in ("fetched", "skipped"), r


def _assert_no_partial_files(lib: Library) -> None:
    names = _pdf_dir_listing(lib)
    assert not [n for n in names if n.endswith(".part")], names
    for name in names:
        data = (lib.settings.pdf_dir / name).read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:], name


def test_unknown_id(flib: Library, fake: FakeArxiv) -> None:
    del fake.entries["1508.04025"]
    before = paper(flib, "1508.04025")
    report = fetch_papers(flib, list_name="transformers-core")
    _assert_others_fetched(report, {"1508.04025"})
    r = _by_key(report)["1508.04025"]
    assert r.reason == "arXiv does not know 1508.04025 (empty answer for this id)"
    after = paper(flib, "1508.04025")
    assert after.title == before.title and after.pdf_path is None
    assert after.fetch_error == r.reason
    _assert_no_partial_files(flib)


def test_http_400(flib: Library, fake: FakeArxiv) -> None:
    fake.reject["1810.04805"] = "incorrect id format for 1810.04805"
    report = fetch_papers(flib, list_name="transformers-core")
    _assert_others_fetched(report, {"1810.04805"})
    assert _by_key(report)["1810.04805"].reason == (
        "arXiv rejected 1810.04805: incorrect id format for 1810.04805"
    )


@pytest.mark.parametrize(
    ("faults", "message"),
    [
        (["malformed"] * 2, "malformed feed from the arXiv API ("),
        (["timeout"] * 2, "no answer from the arXiv API at 127.0.0.1:"),
        (["503:0"] * 5, "answered HTTP 503 Service Unavailable (after 2 tries)"),
    ],
)
def test_api_failures_fail_the_batch_and_keep_stored_data(
    flib: Library, fake: FakeArxiv, faults: list[str], message: str
) -> None:
    lib = with_settings(flib, arxiv_timeout=0.3)
    fetch_papers(lib, ["1706.03762"], pdf=False)
    before = _rows(lib)
    fake.api_faults = list(faults)
    report = fetch_papers(lib, list_name="transformers-core")
    arxiv_keys = set(TRANSFORMERS_CORE_ARXIV)
    _assert_others_fetched(report, arxiv_keys)
    for key in arxiv_keys:
        assert message in _by_key(report)[key].reason
    got = _by_key(report)
    assert got["radford2018improving"].status == "fetched"  # PDFs not on arXiv still come
    after = {r[0]: r for r in _rows(lib)}
    for row in before:
        if row[0] in arxiv_keys:
            assert after[row[0]][:8] == row[:8]  # only fetch_error changed
    _assert_no_partial_files(lib)


def test_503_then_fine_with_retry_after(flib: Library, fake: FakeArxiv) -> None:
    fake.api_faults = ["503:0"]
    report = fetch_papers(flib, ["1706.03762", "1810.04805"], pdf=False)
    assert [r.status for r in report.results] == ["fetched", "fetched"]
    assert len(fake.api_hits()) == 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("truncate", "PDF: download cut short after"),
        ("html", "PDF: got an HTML page instead of a PDF from http://127.0.0.1:"),
        ("cut", "PDF: incomplete file: no %%EOF marker"),
    ],
)
def test_bad_pdf_fails_only_that_paper(
    flib: Library, fake: FakeArxiv, fault: str, message: str
) -> None:
    fake.pdf_faults[_vid(fake, "1706.03762")] = fault
    report = fetch_papers(flib, list_name="transformers-core")
    _assert_others_fetched(report, {"1706.03762"})
    r = _by_key(report)["1706.03762"]
    assert r.reason.startswith("metadata v") and message in r.reason
    p = paper(flib, "1706.03762")
    assert p.pdf_path is None and p.pdf_sha256 is None
    assert p.abstract == "Abstract of 1706.03762."  # metadata was still stored
    assert p.fetch_error is not None and r.reason.endswith(p.fetch_error)
    assert "vaswani2017attention.pdf" not in _pdf_dir_listing(flib)
    _assert_no_partial_files(flib)
    del fake.pdf_faults[_vid(fake, "1706.03762")]
    report = fetch_papers(flib, list_name="transformers-core")
    assert [r.key for r in report.results if r.status == "fetched"] == ["vaswani2017attention"]
    assert paper(flib, "1706.03762").fetch_error is None


def test_disk_full_fails_that_paper(
    flib: Library, fake: FakeArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from paperdesk.fetch import download

    real_open = download.open_part

    def open_part(target):
        fh, path = real_open(target)
        if target.name == "raffel2019exploring.pdf":
            fh.close()
            path.unlink()
            raise OSError(errno.ENOSPC, "No space left on device")
        return fh, path

    monkeypatch.setattr(download, "open_part", open_part)
    report = fetch_papers(flib, list_name="transformers-core")
    _assert_others_fetched(report, {"1910.10683"})
    assert (
        "PDF: disk full while writing raffel2019exploring.pdf in"
        in _by_key(report)["1910.10683"].reason
    )
    _assert_no_partial_files(flib)


def test_pdf_size_limit(flib: Library, fake: FakeArxiv) -> None:
    lib = with_settings(flib, pdf_max_mb=0.0001)
    report = fetch_papers(lib, ["1706.03762"])
    assert report.results[0].status == "failed"
    assert "limit (PAPERDESK_PDF_MAX_MB)" in report.results[0].reason
    _assert_no_partial_files(lib)


def test_no_network_at_all(flib: Library, fake: FakeArxiv) -> None:
    from paperdesk.errors import NetworkError

    fetch_papers(flib, ["1706.03762"])
    before, files = _rows(flib), _pdf_dir_listing(flib)
    down = closed_port_url()
    lib = with_settings(flib, arxiv_api_url=down)
    with pytest.raises(NetworkError) as err:
        fetch_papers(lib, list_name="transformers-core")
    msg = str(err.value)
    assert msg.startswith(f"cannot reach {down.split('/')[2]} (connection refused) (after 2 tries)")
    assert "nothing was changed" in msg and "\n" not in msg
    assert _rows(flib) == before and _pdf_dir_listing(flib) == files


def test_no_network_for_pdf_only_papers(flib: Library, fake: FakeArxiv) -> None:
    from paperdesk.errors import NetworkError

    set_pdf_url(flib, "radford2018improving", closed_port_url().replace("/api/query", "/gpt1.pdf"))
    with pytest.raises(NetworkError, match=r"cannot reach 127\.0\.0\.1:"):
        fetch_papers(flib, ["radford2018improving"])


def test_missing_corrupt_and_forced_pdfs_are_downloaded_again(
    flib: Library, fake: FakeArxiv
) -> None:
    fetch_papers(flib, ["1706.03762", "1810.04805", "1910.10683"])
    pdf_dir = flib.settings.pdf_dir
    (pdf_dir / "vaswani2017attention.pdf").unlink()
    (pdf_dir / "devlin2018bert.pdf").write_bytes(b"%PDF-1.4 something else\n%%EOF")
    report = fetch_papers(flib, ["1706.03762", "1810.04805", "1910.10683"])
    got = _by_key(report)
    assert "stored PDF file was missing" in got["1706.03762"].reason
    assert "stored PDF did not match its sha256" in got["1810.04805"].reason
    assert got["1910.10683"].status == "unchanged"
    forced = fetch_papers(flib, ["1910.10683"], force=True)
    assert forced.results[0].status == "fetched" and "forced" in forced.results[0].reason
    for base in ("1706.03762", "1810.04805", "1910.10683"):
        p = paper(flib, base)
        # a replaced PDF may sit under a new name until the next replacement (pdfswap.py)
        data = (pdf_dir / p.pdf_path).read_bytes()
        assert p.pdf_path.startswith(KEY_OF[base])
        assert hashlib.sha256(data).hexdigest() == p.pdf_sha256
    assert len(list(pdf_dir.glob("*.pdf"))) == 3  # the old files are gone


def test_default_fetches_what_is_missing_in_the_whole_library(
    flib: Library, fake: FakeArxiv
) -> None:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    with flib.session() as s:
        for aid in s.scalars(select(Paper.arxiv_id).where(Paper.arxiv_id.is_not(None))):
            fake.entries.setdefault(aid, type(fake.entries["1706.03762"])(aid))
    first = fetch_papers(flib)
    assert not first.failed
    assert len(fake.api_hits()) == 1  # all arXiv papers of the library in one request
    counts = first.counts()
    assert counts["fetched"] == len(fake.entries) + 3  # + GPT-1, GPT-2, GloVe PDFs
    second = fetch_papers(flib)
    assert {(r.key, r.status) for r in second.results} == {
        ("hochreiter1997long", "skipped"),
        ("selbst2019fairness", "skipped"),
    }
    assert len(fake.api_hits()) == 1


def test_request_spacing_in_a_run(empty_lib: Library, fake: FakeArxiv) -> None:
    from paperdesk.storage.models import Paper

    lib = with_settings(empty_lib, arxiv_api_url=fake.api_url, arxiv_delay=0.2)
    with lib.session() as s:
        for n in range(1, 151):
            base = f"2101.{n:05d}"
            fake.add(base)
            s.add(Paper(key=base, arxiv_id=base, title=base, authors=[], categories=[]))
    report = fetch_papers(lib, pdf=False)
    assert report.counts()["fetched"] == 150
    hits = fake.api_hits()
    assert [len(h.ids) for h in hits] == [100, 50]
    assert hits[1].at - hits[0].at >= 0.2


class Recorder:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.total: int | None = None
        self.done = 0
        self.items: list[str] = []
        self.nbytes = 0
        self.messages: list[str] = []
        self.cancel_after = cancel_after

    def start(self, total: int | None, label: str = "") -> None:
        self.total = total

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        self.done += n
        self.nbytes += nbytes
        if item and item not in self.items:
            self.items.append(item)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def cancelled(self) -> bool:
        return self.cancel_after is not None and self.done >= self.cancel_after


def test_progress_reports_papers_bytes_and_failures(flib: Library, fake: FakeArxiv) -> None:
    fake.pdf_faults[_vid(fake, "1706.03762")] = "html"
    progress = Recorder()
    report = fetch_papers(flib, list_name="transformers-core", progress=progress)
    assert progress.total == progress.done == 8
    assert progress.items[:3] == [KEY_OF[b] for b in ("1409.0473", "1508.04025", "1706.03762")]
    assert progress.nbytes == report.pdf_bytes > 0
    assert progress.messages == [
        f"vaswani2017attention: failed: {_by_key(report)['1706.03762'].reason}"
    ]


def test_cancel_keeps_work_done(flib: Library, fake: FakeArxiv) -> None:
    from paperdesk.progress import Cancelled

    with pytest.raises(Cancelled):
        fetch_papers(flib, list_name="transformers-core", progress=Recorder(cancel_after=2))
    assert _pdf_dir_listing(flib) == ["bahdanau2014neural.pdf", "luong2015effective.pdf"]
    assert paper(flib, "1508.04025").pdf_sha256 is not None
    assert paper(flib, "1706.03762").metadata_fetched_at is not None  # its batch was stored
    assert paper(flib, "1706.03762").pdf_sha256 is None


def test_unknown_ref_is_reported_before_any_request(flib: Library, fake: FakeArxiv) -> None:
    from paperdesk.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no paper 'nosuchpaper' in the library"):
        fetch_papers(flib, ["nosuchpaper", "nosuchother"])
    assert fake.hits == []


def test_unknown_ref_beside_a_good_one_fails_alone(flib: Library, fake: FakeArxiv) -> None:
    report = fetch_papers(flib, ["1706.03762", "nosuchpaper"], pdf=False)
    assert [(r.key, r.status) for r in report.results] == [
        ("nosuchpaper", "failed"),
        ("vaswani2017attention", "fetched"),
    ]
    assert report.failed[0].reason.startswith("no paper 'nosuchpaper' in the library")
