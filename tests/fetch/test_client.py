"""The arXiv metadata client: contract tests on the real recorded API responses (served by the
local server), batching, and how each kind of bad answer is reported per id."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from paperdesk.config import Settings
from paperdesk.errors import FetchError
from paperdesk.fetch.client import ArxivClient, Metadata, _Rejected, _url_format, parse_feed
from paperdesk.fetch.http import Http
from paperdesk.ids import ArxivId, parse_arxiv_id
from tests.conftest import shared_path
from tests.fetch.conftest import FakeArxiv


def recorded(name: str) -> tuple[int, bytes]:
    folder = shared_path("fixtures", "arxiv-api", "recorded")
    match = sorted(folder.glob(f"id_{name}_s0_m100_*.json"))
    assert match, name
    data = json.loads(match[0].read_text())
    return data["status_code"], data["body"].encode("latin-1")


def legacy(name: str) -> bytes:
    return (shared_path("fixtures", "arxiv-api", "legacy-xml") / name).read_bytes()


@pytest.fixture
def client(settings: Settings, fake: FakeArxiv) -> ArxivClient:
    s = Settings(
        home=settings.home,
        arxiv_api_url=fake.api_url,
        arxiv_delay=0,
        arxiv_timeout=2,
        arxiv_retries=1,
    )
    return ArxivClient(s, Http.from_settings(s))


def one(client: ArxivClient, ref: str) -> Metadata | FetchError:
    aid = parse_arxiv_id(ref)
    return client.lookup([aid])[aid.base]


def test_url_format_keeps_existing_query() -> None:
    assert _url_format("http://x/api/query") == "http://x/api/query?{}"
    assert _url_format("http://x/api?key=1") == "http://x/api?key=1&{}"


def test_title_zero_is_kept(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["2104.12255"] = recorded("2104.12255v1")
    meta = one(client, "2104.12255")
    assert isinstance(meta, Metadata)
    assert meta.title == "0"
    assert meta.arxiv_id == ArxivId("2104.12255", 1)
    assert meta.authors == ["Quan Thoi Minh Nguyen"]
    assert meta.primary_category == "cs.CR" and meta.categories == ["cs.CR"]
    assert meta.published == datetime(2021, 4, 20, 16, 7, 14)
    assert meta.abstract.startswith("What is the funniest number in cryptography? 0.")
    assert meta.pdf_url == f"{fake.url}/pdf/2104.12255v1"
    assert fake.api_hits()[0].ids == ["2104.12255"]


def test_old_style_id(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["astro-ph/0601001"] = recorded("astro-ph_0601001")
    meta = one(client, "astro-ph/0601001")
    assert isinstance(meta, Metadata)
    assert meta.arxiv_id.base == "astro-ph/0601001"
    assert meta.title.startswith("Frequency of Hot Jupiters")
    assert meta.journal_ref == "ActaAstron.56:1-50,2006"


def test_versioned_id_in_the_answer(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["quant-ph/0201082"] = recorded("quant-ph_0201082v1")
    meta = one(client, "quant-ph/0201082v1")
    assert isinstance(meta, Metadata)
    assert meta.arxiv_id == ArxivId("quant-ph/0201082", 1)
    assert meta.title.startswith("Quantum Computers and Quantum Computer Languages")


def test_fields_of_a_current_format_entry(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["1707.08567"] = recorded("1707.08567")
    meta = one(client, "1707.08567")
    assert isinstance(meta, Metadata)
    assert meta.comment == "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck"
    assert meta.authors[:2] == ["Kees A. Schouhamer Immink", "Stan Baggen"]
    assert meta.version == 1


def test_unknown_id_in_a_batch(client: ArxivClient, fake: FakeArxiv) -> None:
    # arXiv answers only the ids it knows; the other one gets its own message.
    fake.recorded["0808.05394,1707.08567"] = recorded("0808.05394_1707.08567")
    got = client._lookup_batch(["0808.05394", "1707.08567"])
    assert isinstance(got["1707.08567"], Metadata)
    assert str(got["0808.05394"]) == "arXiv does not know 0808.05394 (empty answer for this id)"


def test_empty_feed_for_unknown_id(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["0000.0000"] = recorded("0000.0000")
    got = client._lookup_batch(["0000.0000"])
    assert isinstance(got["0000.0000"], FetchError)
    assert "does not know 0000.0000" in str(got["0000.0000"])


def test_http_400_names_the_rejected_id(client: ArxivClient, fake: FakeArxiv) -> None:
    status, body = recorded("abc")
    assert status == 400
    fake.recorded["abc"] = (status, body)
    got = client._lookup_batch(["abc"])
    assert str(got["abc"]) == "arXiv rejected abc: incorrect id format for abc"


def test_http_400_in_a_batch_fails_only_that_id(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.reject["1508.04025"] = "incorrect id format for 1508.04025"
    ids = [ArxivId(b) for b in ("1409.0473", "1508.04025", "1706.03762")]
    got = client.lookup(ids)
    assert isinstance(got["1409.0473"], Metadata) and isinstance(got["1706.03762"], Metadata)
    assert "arXiv rejected 1508.04025: incorrect id format" in str(got["1508.04025"])
    assert [h.ids for h in fake.api_hits()] == [
        ["1409.0473", "1508.04025", "1706.03762"],
        ["1409.0473", "1706.03762"],
    ]


def test_http_400_without_a_name_splits_the_batch(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.reject["1508.04025"] = "malformed request"
    ids = [ArxivId(b) for b in ("1409.0473", "1508.04025", "1706.03762", "1810.04805")]
    got = client.lookup(ids)
    assert [b for b, v in got.items() if isinstance(v, Metadata)] == [
        "1409.0473",
        "1706.03762",
        "1810.04805",
    ]
    assert str(got["1508.04025"]) == "arXiv rejected 1508.04025: malformed request"


def test_malformed_feed_is_retried_then_reported(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.api_faults = ["malformed"]
    assert isinstance(one(client, "1706.03762"), Metadata)
    fake.api_faults = ["malformed", "malformed"]
    err = one(client, "1706.03762")
    assert isinstance(err, FetchError)
    assert str(err).startswith("malformed feed from the arXiv API (")
    assert str(err).endswith("(after 2 tries)")


def test_html_instead_of_a_feed(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.api_faults = ["html", "html"]
    err = one(client, "1706.03762")
    assert "not an Atom feed (text/html; charset=utf-8)" in str(err)


def test_batches_of_100_ids(client: ArxivClient, fake: FakeArxiv) -> None:
    ids = [ArxivId(f"2101.{n:05d}") for n in range(1, 151)]
    for a in ids:
        fake.add(a.base)
    got = client.lookup(ids)
    assert all(isinstance(v, Metadata) for v in got.values()) and len(got) == 150
    assert [len(h.ids) for h in fake.api_hits()] == [100, 50]


def test_legacy_format_attention_is_all_you_need(client: ArxivClient, fake: FakeArxiv) -> None:
    fake.recorded["1706.03762"] = (200, legacy("id_list=1706.03762.legacy-2024-11.xml"))
    meta = one(client, "1706.03762")
    assert isinstance(meta, Metadata)
    assert meta.title == "Attention Is All You Need"
    assert meta.version == 7
    assert len(meta.authors) == 8 and meta.authors[0] == "Ashish Vaswani"
    assert meta.comment == "15 pages, 5 figures"
    assert meta.primary_category == "cs.CL"
    assert meta.abstract.startswith("The dominant sequence transduction models are based on")
    assert "\n" not in meta.abstract


def test_legacy_format_doi_and_https_pdf_link() -> None:
    meta = parse_feed(legacy("id_list=1111.2011v2.xml")).entries[0]
    assert meta.doi == "10.1103/physrevb.85.115117"
    assert meta.journal_ref == "Phys. Rev. B 85, 115117 (2012)"
    assert meta.pdf_url == "https://arxiv.org/pdf/1111.2011v2"
    assert meta.title.startswith("Quantum Criticality for Extended Nodes on a Bethe Lattice")
    assert "  " not in meta.title


def test_every_recorded_id_answer_parses(fake: FakeArxiv) -> None:
    folder = shared_path("fixtures", "arxiv-api", "recorded")
    for path in sorted(Path(folder).glob("id_*.json")):
        data = json.loads(path.read_text())
        body = data["body"].encode("latin-1")
        if data["status_code"] == 400:
            with pytest.raises(_Rejected):  # the error entry names the rejected id
                parse_feed(body)
        else:
            metas = parse_feed(body).entries
            assert all(m.published for m in metas), path.name
