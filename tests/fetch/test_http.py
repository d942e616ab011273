"""The polite HTTP client: timeouts, retries with backoff, Retry-After, request spacing."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from paperdesk.errors import FetchError, NetworkError
from paperdesk.fetch.http import Http, HttpStatusError, _retry_after
from tests.fetch.conftest import FakeArxiv, closed_port_url


def _content(response) -> bytes:
    return response.content


def _api(fake: FakeArxiv) -> str:
    return f"{fake.api_url}?id_list=1706.03762"


def gaps(hits) -> list[float]:
    return [b.at - a.at for a, b in itertools.pairwise(hits)]


def test_plain_get(fake: FakeArxiv) -> None:
    with Http(delay=0, timeout=2, retries=0) as http:
        assert b"Title of 1706.03762" in http.fetch(_api(fake), _content)
        assert http.connected and http.requests_made == 1


def test_requests_are_spaced_by_the_delay(fake: FakeArxiv) -> None:
    with Http(delay=0.25, timeout=2, retries=0) as http:
        for _ in range(3):
            http.fetch(_api(fake), _content)
    spacing = gaps(fake.api_hits())
    assert len(spacing) == 2
    assert all(g >= 0.25 for g in spacing), spacing


def test_retry_after_is_honoured(fake: FakeArxiv) -> None:
    fake.api_faults = ["503:1"]
    with Http(delay=0, timeout=2, retries=2) as http:
        assert b"<feed" in http.fetch(_api(fake), _content)
    hits = fake.api_hits()
    assert len(hits) == 2
    assert gaps(hits)[0] >= 1.0


def test_503_storm_gives_up_after_bounded_retries(fake: FakeArxiv) -> None:
    fake.api_faults = ["503:0"] * 10
    with Http(delay=0, timeout=2, retries=2) as http, pytest.raises(HttpStatusError) as err:
        http.fetch(_api(fake), _content, what="the arXiv API")
    assert str(err.value) == "the arXiv API answered HTTP 503 Service Unavailable (after 3 tries)"
    assert err.value.status == 503
    assert len(fake.api_hits()) == 3


def test_429_with_a_long_retry_after_stops_at_once(fake: FakeArxiv) -> None:
    fake.api_faults = ["429:3600"]
    with Http(delay=0, timeout=2, retries=3) as http, pytest.raises(HttpStatusError) as err:
        http.fetch(_api(fake), _content)
    assert "asks to retry after 3600 s" in str(err.value)
    assert len(fake.api_hits()) == 1


def test_backoff_doubles_the_delay(fake: FakeArxiv) -> None:
    fake.api_faults = ["500", "500"]
    with Http(delay=0.1, timeout=2, retries=2) as http:
        http.fetch(_api(fake), _content)
    first, second = gaps(fake.api_hits())
    assert first >= 0.1 and second >= 0.2


def test_timeout_on_a_stalled_server(fake: FakeArxiv) -> None:
    fake.api_faults = ["timeout", "timeout"]
    start = time.monotonic()
    with Http(delay=0, timeout=0.3, retries=1) as http, pytest.raises(FetchError) as err:
        http.fetch(_api(fake), _content, what="the arXiv API")
    assert str(err.value) == "no answer from the arXiv API within 0.3 s (after 2 tries)"
    assert time.monotonic() - start < 2.5
    assert http.connected


def test_dropped_connection_is_retried_then_reported(fake: FakeArxiv) -> None:
    fake.api_faults = ["drop", "drop"]
    with Http(delay=0, timeout=2, retries=1) as http, pytest.raises(FetchError) as err:
        http.fetch(_api(fake), _content, what="the arXiv API")
    assert str(err.value) == "the arXiv API dropped the connection (after 2 tries)"
    assert not isinstance(err.value, NetworkError)


def test_dropped_once_then_fine(fake: FakeArxiv) -> None:
    fake.api_faults = ["drop"]
    with Http(delay=0, timeout=2, retries=1) as http:
        assert b"<feed" in http.fetch(_api(fake), _content)


def test_unreachable_host_is_a_network_error() -> None:
    url = closed_port_url()
    with Http(delay=0, timeout=2, retries=1) as http, pytest.raises(NetworkError) as err:
        http.fetch(url, _content)
    assert "cannot reach 127.0.0.1:" in str(err.value)
    assert "connection refused" in str(err.value)
    assert not http.connected


def test_final_status_is_not_retried(fake: FakeArxiv) -> None:
    with Http(delay=0, timeout=2, retries=3) as http, pytest.raises(HttpStatusError) as err:
        http.fetch(f"{fake.url}/nothing-here", _content, what="x")
    assert err.value.status == 404
    assert len(fake.hits) == 1


def test_retry_after_values() -> None:
    assert _retry_after("7") == 7.0
    assert _retry_after(None) is None
    assert _retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (_retry_after(later) or 0) <= 31
    past = format_datetime(datetime.now(UTC) - timedelta(seconds=30), usegmt=True)
    assert _retry_after(past) == 0.0
