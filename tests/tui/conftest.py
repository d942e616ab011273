"""TUI fixtures: a seeded library with the hash embedder, a settle helper for Pilot, a text
capture of the screen, and a tiny local arXiv (one Atom entry and one PyMuPDF-made PDF)."""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest
from rich.cells import cell_len
from textual import events

from paperdesk.config import Settings, load_settings
from paperdesk.library import Library
from paperdesk.search.embedder import HashEmbedder
from paperdesk.tui.app import PaperdeskApp


@pytest.fixture
def settings(home: Any, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """As the shared fixture, with the deterministic hash embedder as the configured model, so
    that nothing in a TUI test can load a real model."""
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-256")
    return load_settings()


def hash_embedder() -> HashEmbedder:
    return HashEmbedder(256)


def make_app(settings: Settings, *, view: str | None = "all", **kw: Any) -> PaperdeskApp:
    """The app on ``settings``; it opens on ``view`` (a lists-panel key such as "all" or
    "list:transformers-core"), or where the user last was when ``view`` is None."""
    if view is not None:
        from paperdesk.tui.data import STATE_FILE

        settings.home.mkdir(parents=True, exist_ok=True)
        (settings.home / STATE_FILE).write_text(json.dumps({"view": view}))
    return PaperdeskApp(settings, embedder=kw.pop("embedder", None) or hash_embedder(), **kw)


async def settle(pilot: Any, timeout: float = 20.0) -> None:
    """Wait until no job, timer or model load is pending (Pilot alone waits for messages)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        quiet = 0 if app.busy else quiet + 1
        if quiet >= 3:
            return
    raise AssertionError(f"the app did not settle within {timeout} s")


_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?textLength="([0-9.]+)"'
    r'[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>',
    re.S,
)


def screen_text(app: PaperdeskApp) -> str:
    """The screen as plain text (what a person sees, without colours), one line per row.

    Read from Textual's public ``export_screenshot()``: Rich's SVG places each run of text at
    ``x`` (in character widths) on the row its clip path names."""
    width, height = app.size
    rows: list[list[tuple[float, str]]] = [[] for _ in range(height)]
    char_width = 0.0
    for x, length, row, body in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(body).replace("\xa0", " ").replace("\n", "")
        if text:
            rows[int(row)].append((float(x), text))
            char_width = char_width or float(length) / len(text)
    lines = []
    for runs in rows:
        line = ""
        for x, text in sorted(runs):
            line += " " * (round(x / char_width) - cell_len(line)) + text
        lines.append(line + " " * (width - cell_len(line)))
    return "\n".join(lines)


# -- a tiny local arXiv ----------------------------------------------------------------------

ATTENTION_ID = "1706.03762"


def atom_entry(base: str, url: str) -> bytes:
    vid = f"{base}v7"
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query</title>
  <updated>2026-01-01T00:00:00Z</updated>
  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>http://arxiv.org/abs/{vid}</id>
    <title>Attention Is All You Need</title>
    <updated>2023-08-02T00:41:18Z</updated>
    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>
    <link href="{escape(url)}/pdf/{vid}" rel="related" type="application/pdf" title="pdf"/>
    <summary>The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks. We propose the Transformer, based solely on attention.</summary>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <published>2017-06-12T17:57:34Z</published>
    <arxiv:primary_category term="cs.CL"/>
    <author><name>Ashish Vaswani</name></author>
    <author><name>Noam Shazeer</name></author>
  </entry>
</feed>
""".encode()


PAPER_TEXT = """Attention Is All You Need

Abstract
The dominant sequence transduction models are based on complex recurrent or convolutional
neural networks that include an encoder and a decoder. We propose a new simple network
architecture, the Transformer, based solely on attention mechanisms.

1 Introduction
Recurrent neural networks, long short-term memory and gated recurrent neural networks have
been firmly established as state of the art approaches in sequence modeling and transduction
problems such as language modeling and machine translation.

2 Background
Self-attention, sometimes called intra-attention, is an attention mechanism relating different
positions of a single sequence in order to compute a representation of the sequence.
"""


def make_pdf(text: str = PAPER_TEXT) -> bytes:
    """A real PDF (PyMuPDF) with a text layer: a title, an abstract and two sections."""
    import pymupdf  # a declared dependency; imported here to keep collection light

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 540, 770), text, fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


class LocalArxiv:
    def __init__(self) -> None:
        self.url = ""
        self.pdf = make_pdf()
        self.release_pdf = threading.Event()  # the PDF is held back until this is set
        self.release_pdf.set()
        self.pdf_requested = threading.Event()
        self.requests: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        state: LocalArxiv = self.server.state
        parts = urlsplit(self.path)
        state.requests.append(self.path)
        if parts.path == "/api/query":
            ids = parse_qs(parts.query).get("id_list", [""])[0]
            body = atom_entry(ATTENTION_ID, state.url) if ATTENTION_ID in ids else b""
            self._send(200, body, "application/atom+xml")
        elif parts.path.startswith("/pdf/"):
            state.pdf_requested.set()
            state.release_pdf.wait(20)
            self._send(200, state.pdf, "application/pdf")
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def local_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalArxiv]:
    state = LocalArxiv()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.state = state  # type: ignore[attr-defined]
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("PAPERDESK_ARXIV_API_URL", f"{state.url}/api/query")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release_pdf.set()
    server.shutdown()
    server.server_close()


def populate_demo(lib: Library) -> Library:
    """Some reading, replication, a note and a tag: what the snapshots and the README
    screenshot show."""
    from paperdesk.services import notes, papers

    papers.mark(lib, "1706.03762", "reading")
    papers.mark(lib, "1706.03762", "planned")
    papers.mark(lib, "1409.0473", "read")
    papers.mark(lib, "1508.04025", "read")
    papers.mark(lib, "1810.04805", "queued")
    papers.mark(lib, "2005.14165", "skimmed")
    papers.set_tags(lib, "1706.03762", ["architecture"], [])
    papers.set_tags(lib, "1810.04805", ["architecture"], [])
    notes.save_note(
        lib,
        "1706.03762",
        "# Attention Is All You Need\n\n- scaled dot-product attention: why "
        "divide by sqrt(d_k)?\n- multi-head: 8 heads of 64 dims\n- try the "
        "base model on WMT14 en-de\n",
    )
    return lib


@pytest.fixture
def demo_lib(lib: Library) -> Library:
    return populate_demo(lib)


def key_of(lib: Library, ref: str) -> str:
    """The library key of paper ``ref`` (an arXiv id): what the table rows and hits carry."""
    from paperdesk.services.papers import paper_detail

    return str(paper_detail(lib, ref).id)


def burst(app: Any, text: str) -> None:
    """Keys as a terminal delivers fast typing: all queued at once, none waited for."""
    for ch in text:
        app.post_message(events.Key(_KEY_NAMES.get(ch, ch), ch))


_KEY_NAMES = {"/": "slash", ".": "full_stop", ":": "colon", " ": "space"}
