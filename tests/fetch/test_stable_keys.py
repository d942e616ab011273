"""Keys are made once: an offline library already exports every seeded paper with an author
and a real key, and a fetch (which replaces authors and titles) renames nothing."""

from __future__ import annotations

import json

import bibtexparser

from paperdesk.library import Library
from tests.conftest import run_cli, seed
from tests.fetch.conftest import TRANSFORMERS_CORE_ARXIV, FakeArxiv


def _entries(text: str) -> dict[str, dict[str, str]]:
    return {
        e.key: {f.key: str(f.value) for f in e.fields}
        for e in bibtexparser.parse_string(text).entries
    }


def test_offline_bibtex_then_fetch_keeps_every_key(flib: Library, fake: FakeArxiv) -> None:
    offline = run_cli("export", "bibtex", "-")
    assert offline.returncode == 0, offline.stderr
    before = _entries(offline.stdout)
    assert len(before) == seed().papers
    assert all(e.get("author") for e in before.values())
    assert not [k for k in before if k.startswith(("anon", "arxiv"))]
    assert {
        "vaswani2017attention",
        "devlin2018bert",
        "radford2018improving",
        "radford2019language",
        "raffel2019exploring",
        "hochreiter1997long",
        "hu2021lora",
        "dettmers2023qlora",
        "ouyang2022training",
    } <= set(before)
    assert before["vaswani2017attention"]["author"].startswith("Ashish Vaswani and Noam Shazeer")
    assert before["vaswani2017attention"]["booktitle"] == "NeurIPS 2017"
    assert before["devlin2018bert"]["doi"] == "10.18653/v1/n19-1423"

    fetched = run_cli("fetch", "--list", "transformers-core", "--json")
    assert fetched.returncode == 0, fetched.stderr
    results = json.loads(fetched.stdout)["results"]
    assert sum(r["status"] == "fetched" for r in results) == len(TRANSFORMERS_CORE_ARXIV) + 2
    after = _entries(run_cli("export", "bibtex", "-").stdout)
    assert list(after) == list(before)  # same keys, same order
    # the metadata did change (the local arXiv names other authors and titles)
    assert after["vaswani2017attention"]["author"] == "Ada Lovelace and Alan Turing"
    assert after["vaswani2017attention"]["title"] == "Title of 1706.03762"
    listing = json.loads(run_cli("papers", "--list", "transformers-core", "--json").stdout)
    csl = json.loads(run_cli("export", "csl", "-").stdout)
    assert {r["id"] for r in listing["papers"]} <= {i["id"] for i in csl} == set(after)
