"""The fetch stage against the local arXiv used by the tests (real HTTP on 127.0.0.1).

    python bench/fetch.py [--papers 1000] [--pdfs 200] [--pdf-kb 1000]

Builds a throwaway library (seeded lists + N arXiv papers), serves their metadata and PDFs from
the test server with the politeness delay set to 0, and times, in-process: metadata for all N
papers (100 ids a request), downloading P PDFs (streamed, checked, sha256, fsync, atomic
rename), a second run over the same P papers that must download nothing (it re-reads metadata
and verifies every stored PDF's sha256), and parsing one 100-entry feed. The last rows are what
the default 3 s delay adds on the real arXiv.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))
from common import build_library  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--pdfs", type=int, default=200)
    ap.add_argument("--pdf-kb", type=int, default=1000)
    args = ap.parse_args()

    from tests.fetch.conftest import FakeArxiv, _Handler, _Server, make_pdf

    make_pdf("warm-up")
    fake = FakeArxiv()
    fake.pdf_padding = args.pdf_kb * 1024
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        build_library(home, args.papers)
        os.environ.update(PAPERDESK_ARXIV_API_URL=fake.api_url, PAPERDESK_ARXIV_DELAY="0")
        from paperdesk.config import load_settings
        from paperdesk.library import Library
        from paperdesk.services.fetch import fetch_papers

        lib = Library.open(load_settings())
        keys = [f"2112.{i + 1:05d}" for i in range(args.papers)]
        one = fake.pdf_bytes("probe")  # one PDF served under every name: time the client
        for k in keys:
            fake.add(k)
            fake.pdfs[f"{k}v1"] = one
        pdf_keys = keys[: args.pdfs]
        size_mb = len(one) / 1e6
        from sqlalchemy import select

        from paperdesk.storage.models import Paper

        with lib.session() as s:
            for aid in s.scalars(select(Paper.arxiv_id).where(Paper.arxiv_id.is_not(None))):
                if aid not in fake.entries:
                    fake.add(aid)

        t0 = time.perf_counter()
        r = fetch_papers(lib, keys, pdf=False)
        t_meta = time.perf_counter() - t0
        assert not r.failed, r.failed[:3]
        n_req = len(fake.api_hits())
        rows.append(
            (
                f"metadata for {args.papers} papers ({n_req} requests)",
                f"{t_meta:.2f} s ({args.papers / t_meta:.0f} papers/s)",
            )
        )

        t0 = time.perf_counter()
        r = fetch_papers(lib, pdf_keys)
        t_pdf = time.perf_counter() - t0
        assert not r.failed, r.failed[:3]
        mb = r.pdf_bytes / 1e6
        each = t_pdf / args.pdfs * 1000
        rows.append(
            (
                f"download {args.pdfs} PDFs of {size_mb:.2f} MB (+ metadata)",
                f"{t_pdf:.2f} s ({mb / t_pdf:.0f} MB/s, {each:.1f} ms each)",
            )
        )

        hits = len(fake.pdf_hits())
        t0 = time.perf_counter()
        r = fetch_papers(lib, pdf_keys)
        t_again = time.perf_counter() - t0
        assert len(fake.pdf_hits()) == hits and r.counts()["unchanged"] == args.pdfs
        rows.append(
            (f"second run over the {args.pdfs} (verify sha256, 0 downloads)", f"{t_again:.2f} s")
        )

        fetch_papers(lib, pdf=False)  # the seeded papers' metadata
        t0 = time.perf_counter()
        r = fetch_papers(lib, pdf=False)
        t_nothing = time.perf_counter() - t0
        assert r.results == []
        rows.append(
            (
                f"default --no-pdf run, nothing missing ({args.papers} + seeded papers)",
                f"{t_nothing * 1000:.0f} ms",
            )
        )
        lib.close()

    from tests.fetch.conftest import Entry, atom_feed

    from paperdesk.fetch.client import parse_feed

    body = atom_feed([Entry(f"2112.{i:05d}") for i in range(1, 101)], "http://x")
    t0 = time.perf_counter()
    for _ in range(20):
        parse_feed(body)
    rows.append(("parse one 100-entry feed", f"{(time.perf_counter() - t0) / 20 * 1000:.1f} ms"))
    meta_wait = (-(-args.papers // 100) - 1) * 3
    rows.append((f"politeness wait on arXiv, metadata for {args.papers}", f"{meta_wait} s"))
    rows.append((f"politeness wait on arXiv, {args.pdfs} PDFs", f"{args.pdfs * 3} s"))
    server.shutdown()

    width = max(len(a) for a, _ in rows)
    print(f"{'what':<{width}}  result")
    for a, b in rows:
        print(f"{a:<{width}}  {b}")


if __name__ == "__main__":
    main()
