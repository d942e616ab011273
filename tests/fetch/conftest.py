"""A local arXiv: an HTTP server in a thread that answers ``/api/query`` with Atom feeds and
``/pdf/<id>v<n>`` (and ``/files/<name>``) with PDFs made by PyMuPDF, and misbehaves on demand.

Nothing here reaches the internet: the fixtures point PAPERDESK_ARXIV_API_URL at this server
and rewrite every seeded ``pdf_url`` to it.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

import pytest
from sqlalchemy import select

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.storage.models import Paper

TRANSFORMERS_CORE_ARXIV = [
    "1409.0473",
    "1508.04025",
    "1706.03762",
    "1810.04805",
    "1910.10683",
    "2005.14165",
]
# the citation keys of those papers: what reports, the CLI and exports name them by
KEY_OF = {
    "1409.0473": "bahdanau2014neural",
    "1508.04025": "luong2015effective",
    "1706.03762": "vaswani2017attention",
    "1810.04805": "devlin2018bert",
    "1910.10683": "raffel2019exploring",
    "2005.14165": "brown2020language",
}
ARXIV_OF = {key: base for base, key in KEY_OF.items()}


@dataclass
class Entry:
    """One paper as the fake arXiv describes it."""

    base: str
    version: int = 1
    title: str | None = None
    summary: str | None = None
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace", "Alan Turing"])
    categories: list[str] = field(default_factory=lambda: ["cs.CL", "cs.LG"])
    published: str = "2017-06-12T17:57:34Z"
    updated: str = "2023-08-02T00:41:18Z"
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = "15 pages"
    pdf: bool = True

    def xml(self, base_url: str) -> str:
        vid = f"{self.base}v{self.version}"
        title = f"Title of {self.base}" if self.title is None else self.title
        summary = f"Abstract of {self.base}." if self.summary is None else self.summary
        parts = [
            "  <entry>",
            f"    <id>http://arxiv.org/abs/{vid}</id>",
            f"    <title>{escape(title)}</title>",
            f"    <updated>{self.updated}</updated>",
            f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        ]
        if self.pdf:
            href = quoteattr(f"{base_url}/pdf/{vid}")
            parts.append(
                f'    <link href={href} rel="related" type="application/pdf" title="pdf"/>'
            )
        parts.append(f"    <summary>{escape(summary)}</summary>")
        parts += [
            f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
            for c in self.categories
        ]
        parts.append(f"    <published>{self.published}</published>")
        for tag, value in (
            ("doi", self.doi),
            ("journal_ref", self.journal_ref),
            ("comment", self.comment),
        ):
            if value:
                parts.append(f"    <arxiv:{tag}>{escape(value)}</arxiv:{tag}>")
        if self.categories:
            parts.append(f'    <arxiv:primary_category term="{self.categories[0]}"/>')
        parts += [f"    <author><name>{escape(a)}</name></author>" for a in self.authors]
        parts.append("  </entry>")
        return "\n".join(parts)


def atom_feed(entries: list[Entry], base_url: str) -> bytes:
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>https://arxiv.org/api/test</id>\n  <title>arXiv Query</title>\n"
        "  <updated>2026-04-12T22:09:25Z</updated>\n"
        f"  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
    )
    body = "\n".join(e.xml(base_url) for e in entries)
    return (head + body + "\n</feed>\n").encode()


def error_feed(message: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns="http://www.w3.org/2005/Atom">\n  <id>https://arxiv.org/</id>\n'
        "  <title>arXiv Search Results</title>\n  <updated>2026-04-12T22:59:06Z</updated>\n"
        "  <entry>\n    <id>https://arxiv.org/api/errors#bad_id</id>\n    <title>Error</title>\n"
        "    <updated>2026-04-12T22:59:06Z</updated>\n"
        f"    <summary>{escape(message)}</summary>\n"
        "    <author><name>arXiv api core</name></author>\n  </entry>\n</feed>\n"
    ).encode()


_PDF_CACHE: dict[tuple[str, int], bytes] = {}


def make_pdf(text: str, padding: int = 0) -> bytes:
    """A real one-page PDF (PyMuPDF) saying ``text``; ``padding`` adds incompressible bytes as
    an embedded file, for downloads that must span many chunks."""
    if (text, padding) in _PDF_CACHE:
        return _PDF_CACHE[(text, padding)]
    import pymupdf as fitz

    doc = fitz.open()
    page = doc.new_page()
    page.insert_text((72, 72), text)
    if padding:
        doc.embfile_add("padding.bin", os.urandom(padding))
    data = doc.tobytes()
    doc.close()
    _PDF_CACHE[(text, padding)] = data
    return data


def closed_port_url() -> str:
    """An API address on this machine that nothing listens on: the connection is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/api/query"


@dataclass
class Hit:
    at: float
    path: str
    query: dict[str, list[str]]

    @property
    def ids(self) -> list[str]:
        raw = self.query.get("id_list", [""])[0]
        return [i for i in raw.split(",") if i]


class FakeArxiv:
    """State and behaviour of the local server. Faults:

    ``api_faults``: consumed one per API request: ``"503"``, ``"503:N"`` (Retry-After N),
    ``"429:N"``, ``"timeout"``, ``"malformed"``, ``"html"``, ``"drop"``, ``"500"``.
    ``pdf_faults[name]``: ``"truncate"`` (Content-Length promised, half sent),
    ``"cut"`` (no Content-Length, half sent), ``"html"``, ``"html-as-pdf"``, ``"stall"``
    (half sent then silence), ``"redirect-loop"``, ``"drop"``, ``"timeout"``, ``"404"``; a
    list is consumed one per request, a string applies every time.
    """

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.pdfs: dict[str, bytes] = {}
        self.api_faults: list[str] = []
        self.pdf_faults: dict[str, str | list[str]] = {}
        self.reject: dict[str, str] = {}
        self.recorded: dict[str, tuple[int, bytes]] = {}
        self.hits: list[Hit] = []
        self.pdf_padding = 0
        self.sleep_for = 3.0
        self.release = threading.Event()
        self.url = ""
        self.lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/query"

    def add(self, base: str, **fields: Any) -> Entry:
        entry = Entry(base, **fields)
        self.entries[base] = entry
        return entry

    def api_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.path == "/api/query"]

    def pdf_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.path != "/api/query"]

    def pdf_bytes(self, name: str) -> bytes:
        """The PDF served at /pdf/<name> or /files/<name> (made on first use)."""
        if name not in self.pdfs:
            self.pdfs[name] = make_pdf(f"PDF of {name}", self.pdf_padding)
        return self.pdfs[name]

    def next_pdf_fault(self, name: str) -> str | None:
        fault = self.pdf_faults.get(name)
        if isinstance(fault, list):
            return fault.pop(0) if fault else None
        return fault


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        with fake.lock:
            fake.hits.append(Hit(time.monotonic(), parts.path, parse_qs(parts.query)))
        if parts.path == "/api/query":
            self._api(fake, parse_qs(parts.query))
        elif parts.path.startswith(("/pdf/", "/files/")):
            self._pdf(fake, parts.path.split("/", 2)[2])
        else:
            self._send(404, b"not found", "text/plain")

    def _fault(self, fake: FakeArxiv, fault: str) -> bool:
        """Common misbehaviour; True when the request has been answered."""
        if fault == "timeout":
            fake.release.wait(fake.sleep_for)
            self.close_connection = True
            return True
        if fault == "drop":
            self.close_connection = True
            return True
        if fault.split(":")[0] in ("500", "503", "429", "404"):
            status, _, after = fault.partition(":")
            headers = {"Retry-After": after} if after else {}
            self._send(int(status), b"busy", "text/plain", headers)
            return True
        if fault == "html":
            self._send(
                200,
                b"<!DOCTYPE html><html><body>Please wait</body></html>",
                "text/html; charset=utf-8",
            )
            return True
        return False

    def _api(self, fake: FakeArxiv, query: dict[str, list[str]]) -> None:
        with fake.lock:
            fault = fake.api_faults.pop(0) if fake.api_faults else None
        if fault and self._fault(fake, fault):
            return
        if fault == "malformed":
            body = atom_feed(list(fake.entries.values())[:1], fake.url)
            self._send(200, body[: len(body) // 2], "application/atom+xml")
            return
        raw = query.get("id_list", [""])[0]
        if raw in fake.recorded:
            status, body = fake.recorded[raw]
            for prefix in (b"https://arxiv.org/pdf/", b"http://arxiv.org/pdf/"):
                body = body.replace(prefix, f"{fake.url}/pdf/".encode())
            self._send(status, body, "application/atom+xml; charset=UTF-8")
            return
        ids = [i for i in raw.split(",") if i]
        for i in ids:
            if i in fake.reject:
                self._send(400, error_feed(fake.reject[i]), "application/atom+xml")
                return
        entries = [fake.entries[i] for i in ids if i in fake.entries]
        self._send(200, atom_feed(entries, fake.url), "application/atom+xml; charset=UTF-8")

    def _pdf(self, fake: FakeArxiv, name: str) -> None:
        fault = fake.next_pdf_fault(name)
        if fault and self._fault(fake, fault):
            return
        data = fake.pdf_bytes(name)
        if fault == "redirect-loop":
            self._send(302, b"", "text/plain", {"Location": self.path})
        elif fault == "html-as-pdf":
            self._send(200, b"<html><body>captcha</body></html>", "application/pdf")
        elif fault == "truncate":
            self._send(200, data[: len(data) // 2], "application/pdf", length=len(data))
            self.close_connection = True
        elif fault == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
        elif fault == "stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) * 2 // 3])
            self.wfile.flush()
            fake.release.wait(fake.sleep_for)
            self.close_connection = True
        else:
            self._send(200, data, "application/pdf")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeArxiv


@contextmanager
def serving(state: FakeArxiv) -> Iterator[FakeArxiv]:
    """``state`` served on a local port, knowing the six arXiv papers of the seeded
    transformers-core list, until the block ends."""
    make_pdf("warm-up")  # import PyMuPDF now, not inside a request with a tiny timeout
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = state
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    for i, base in enumerate(TRANSFORMERS_CORE_ARXIV):
        state.add(base, version=i % 3 + 1, published=f"20{base[:2]}-0{i % 9 + 1}-12T17:57:34Z")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeArxiv]:
    """The local arXiv, knowing the six arXiv papers of the seeded transformers-core list."""
    with serving(FakeArxiv()) as state:
        yield state


def local_pdf_urls(lib: Library, fake: FakeArxiv) -> None:
    """Point every paper's non-local pdf_url at the fake server (never the internet)."""
    with lib.session() as s:
        for p in s.scalars(select(Paper).where(Paper.pdf_url.is_not(None))):
            if not p.pdf_url.startswith(fake.url):
                p.pdf_url = f"{fake.url}/files/{p.key}.pdf"


@pytest.fixture
def fetch_env(home: Path, fake: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> FakeArxiv:
    """Environment for the fetch stage against the fake server (also seen by run_cli)."""
    monkeypatch.setenv("PAPERDESK_ARXIV_API_URL", fake.api_url)
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", "5")
    monkeypatch.setenv("PAPERDESK_ARXIV_RETRIES", "1")
    return fake


@pytest.fixture
def flib(fetch_env: FakeArxiv) -> Iterator[Library]:
    """A seeded library whose fetch stage talks to the fake server only."""
    library = Library.open(load_settings())
    local_pdf_urls(library, fetch_env)
    yield library
    library.close()


def with_settings(lib: Library, **changes: Any) -> Library:
    """The same database seen with other settings (a tiny timeout, a size limit, ...)."""
    return Library(dataclasses.replace(lib.settings, **changes), lib.db)


def paper(lib: Library, ref: str) -> Paper:
    """The paper ``ref`` names (an arXiv id or a key)."""
    from paperdesk.storage.repository import find_paper

    with lib.session() as s:
        p = find_paper(s, ref)
        s.expunge(p)
        return p


def set_pdf_url(lib: Library, ref: str, url: str | None) -> None:
    from paperdesk.storage.repository import find_paper

    with lib.session() as s:
        find_paper(s, ref).pdf_url = url


def wait_for(cond: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()
