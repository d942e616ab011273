"""A local arXiv listing: ``/api/query?search_query=cat:…`` answered page by page, newest
submission first, in the shape of the recorded ``search_query`` responses in
``../shared/fixtures/arxiv-api/`` (opensearch totals, one ``<entry>`` per paper), with faults
on demand (``"503:N"``: HTTP 503 with Retry-After N, consumed one per request).

Titles and abstracts come from real arXiv metadata in ``../shared/data/arxiv-metadata``:
attention / Transformer papers (cs) and physics papers.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from tests.conftest import shared_path
from tests.fetch.conftest import Entry, Hit

ATTENTION_WORDS = ("attention", "transformer")
PHYSICS = ("hep", "astro", "cond-mat", "quant-ph", "physics", "gr-qc", "nucl")


def records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(attention papers, physics papers): real titles and abstracts (skips without shared)."""
    folder = shared_path("data", "arxiv-metadata")
    cs = [json.loads(line) for line in (folder / "cs_1800.jsonl").open()]
    attention = [r for r in cs if any(w in r["title"].lower() for w in ATTENTION_WORDS)]
    old = [json.loads(line) for line in (folder / "kaggle_first2000.jsonl").open()]
    physics = [r for r in old if r["primary_category"].startswith(PHYSICS)]
    return attention, physics


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))[0]


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class FeedArxiv:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.faults: list[str] = []
        self.hits: list[Hit] = []
        self.url = ""
        self.lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/query"

    def add(
        self,
        n: int,
        record: dict[str, Any],
        category: str,
        published: datetime,
        *,
        short: bool = False,
    ) -> Entry:
        """Entry ``n`` (id 2611.NNNNN) with a real record's title and abstract (``short``: its
        first sentence only, for tests that embed with the real model)."""
        entry = Entry(
            f"2611.{n:05d}",
            title=record["title"],
            summary=first_sentence(record["abstract"]) if short else record["abstract"],
            authors=["Ada Lovelace", "Alan Turing"],
            categories=[category],
            published=stamp(published),
            updated=stamp(published),
        )
        self.entries.append(entry)
        return entry

    def page(self, query: dict[str, list[str]]) -> bytes:
        search = query.get("search_query", [""])[0]
        start = int(query.get("start", ["0"])[0])
        size = int(query.get("max_results", ["10"])[0])
        cat = search.removeprefix("cat:")
        found = sorted(
            (e for e in self.entries if cat in e.categories),
            key=lambda e: e.published,
            reverse=True,
        )
        page = found[start : start + size]
        title = escape(f"arXiv Query: search_query={search}&id_list=&start={start}")
        head = (
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
            "  <id>https://arxiv.org/api/feedtest</id>\n"
            f"  <title>{title}</title>\n"
            f"  <updated>{stamp(datetime.now(UTC))}</updated>\n"
            f"  <opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>\n"
            f"  <opensearch:totalResults>{len(found)}</opensearch:totalResults>\n"
            f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        )
        body = "\n".join(e.xml(self.url) for e in page)
        return (head + body + "\n</feed>\n").encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        with fake.lock:
            fake.hits.append(Hit(time.monotonic(), parts.path, query))
            fault = fake.faults.pop(0) if fake.faults else None
        if fault:
            status, _, after = fault.partition(":")
            self.send_response(int(status))
            if after:
                self.send_header("Retry-After", after)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"busy")
            return
        body = fake.page(query)
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FeedArxiv


@contextmanager
def serving() -> Iterator[FeedArxiv]:
    state = FeedArxiv()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = state
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def mixed_feed(
    fake: FeedArxiv,
    attention: list[dict[str, Any]],
    physics: list[dict[str, Any]],
    *,
    total: int = 200,
    short: bool = False,
    now: datetime | None = None,
) -> tuple[set[str], set[str]]:
    """``total`` cs.CL entries over the last days, attention papers spread among physics
    ones; returns (attention ids, physics ids)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    att_ids, phys_ids = set(), set()
    a = iter(attention)
    p = iter(physics)
    for n in range(total):
        when = now - timedelta(minutes=30 * n + 5)
        if n % 7 == 3 and (rec := next(a, None)) is not None:
            att_ids.add(fake.add(n, rec, "cs.CL", when, short=short).base)
        else:
            phys_ids.add(fake.add(n, next(p), "cs.CL", when, short=short).base)
    return att_ids, phys_ids
