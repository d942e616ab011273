"""``paperdesk fetch`` indexes the abstracts it brought in (hash embedder, local arXiv)."""

from __future__ import annotations

import json

from paperdesk.library import Library
from tests.conftest import run_cli
from tests.fetch.conftest import FakeArxiv

INDEX = {"PAPERDESK_MODEL": "hash-256", "PAPERDESK_AUTO_INDEX": "1"}


def test_fetch_indexes_the_new_abstracts(flib: Library, fake: FakeArxiv) -> None:
    entry = fake.entries["1706.03762"]
    entry.summary = "We propose the quokka transformer, built on attention alone."
    out = run_cli("fetch", "1706.03762", "--no-pdf", "--json", env=INDEX)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["index"]["status"] == "indexed"
    found = run_cli("search", "quokka transformer", "--mode", "dense", "--json", env=INDEX)
    key = json.loads(run_cli("show", "1706.03762", "--json").stdout)["id"]
    assert json.loads(found.stdout)["hits"][0]["id"] == key
    assert "not indexed yet" not in found.stderr
    again = run_cli("fetch", "1706.03762", "--no-pdf", "--json", env=INDEX)
    assert json.loads(again.stdout).get("index", {"status": "current"})["status"] == "current"
