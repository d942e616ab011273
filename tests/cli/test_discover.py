"""``paperdesk feed`` end to end: a real process against the local listing server (hash
embedder), then since-last, --add, --dismiss, --no-fetch and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.storage.models import utcnow
from tests.conftest import run_cli
from tests.fetch.feedserver import FeedArxiv, records, serving


@pytest.fixture
def env(lib: Library) -> Iterator[tuple[FeedArxiv, dict[str, str]]]:
    attention, physics = records()
    now = utcnow()
    with serving() as fake:
        for n in range(12):
            rec = attention[n] if n % 3 == 0 else physics[n]
            fake.add(n, rec, "cs.CL", now - timedelta(hours=n + 1))
        yield (
            fake,
            {
                "PAPERDESK_ARXIV_API_URL": fake.api_url,
                "PAPERDESK_MODEL": "hash-256",
                "PAPERDESK_FEED_CATEGORIES": "cs.CL",
            },
        )


def test_feed_fetches_ranks_and_adds(env: tuple[FeedArxiv, dict[str, str]]) -> None:
    fake, e = env
    out = run_cli("feed", "--json", env=e)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["fetched"]["new"] == 12 and data["total"] == 12 and data["embedded"] > 12
    assert len(fake.hits) == data["fetched"]["requests"] == 1  # 12 entries: one page
    assert data["model"] == "classifier"  # the seeded lists: plenty of titles to learn from
    first = data["items"][0]
    assert first["rank"] == 1 and first["new"] and first["reason"].startswith("like ")
    assert first["url"] == f"https://arxiv.org/abs/{first['arxiv_id']}"

    again = json.loads(run_cli("feed", "--since-last", "--json", env=e).stdout)
    assert again["fetched"]["new"] == 0 and again["embedded"] == 0
    assert not any(i["new"] for i in again["items"]) and again["total"] == 12

    text = run_cli("feed", "--no-fetch", "--limit", "3", env=e)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].split()[:4] == ["#", "date", "id", "title"] and len(lines) == 4
    assert "first 3 of 12 ranked by a classifier" in text.stderr

    added = run_cli("feed", "1", "--add", "fresh", "--json", env=e)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"][0]["arxiv_id"] == first["arxiv_id"]
    papers = json.loads(run_cli("papers", "--list", "fresh", "--json").stdout)["papers"]
    assert [p["arxiv_id"] for p in papers] == [first["arxiv_id"]]
    assert papers[0]["title"] == first["title"]

    gone = run_cli("feed", first["arxiv_id"], "--dismiss", env=e)
    assert gone.returncode == 0, gone.stderr  # already added: nothing shown to dismiss, fine
    second = json.loads(run_cli("feed", "--no-fetch", "--json", env=e).stdout)
    assert first["arxiv_id"] not in [i["arxiv_id"] for i in second["items"]]
    assert second["total"] == 11


def test_entries_not_added_stay_out_of_papers(env: tuple[FeedArxiv, dict[str, str]]) -> None:
    _, e = env
    assert run_cli("feed", "--json", env=e).returncode == 0
    ids = {p["arxiv_id"] for p in json.loads(run_cli("papers", "--json").stdout)["papers"]}
    assert not {i for i in ids if i and i.startswith("2611.")}


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--category", "cs CL!"], "'CL!' is not an arXiv category", 1),
        (["--days", "0"], "--days must be at least 1", 1),
        (["7"], "choose entries for --add LIST or --dismiss", 2),  # a usage error
        (["--add", "x", "--dismiss", "7"], "give either --add LIST or --dismiss, not both", 2),
        (["--limit", "0"], "Invalid value for '-k' / '--limit'", 2),
        (["--no-fetch", "99", "--add", "x"], "'99' is neither a rank shown", 1),
        (["--no-fetch", "2601.99999", "--add", "x"], "not in the feed: 2601.99999", 1),
    ],
)
def test_bad_input_is_one_line(
    env: tuple[FeedArxiv, dict[str, str]], args: list[str], message: str, code: int
) -> None:
    _, e = env
    out = run_cli("feed", *args, env=e)
    assert out.returncode == code
    assert message in out.stderr and "Traceback" not in out.stderr


def test_unreachable_api_says_so(lib: Library) -> None:
    out = run_cli(
        "feed",
        env={"PAPERDESK_ARXIV_API_URL": "http://127.0.0.1:9/api/query", "PAPERDESK_MODEL": "hash"},
    )
    assert out.returncode == 1 and "cannot reach 127.0.0.1:9" in out.stderr
    assert "Traceback" not in out.stderr


def test_an_empty_feed_loads_no_model(home: Path) -> None:
    """``feed --no-fetch`` with nothing stored answers without torch, the embedder or FAISS
    (it took 9.5 s loading the model to embed the library for nothing)."""
    assert run_cli("lists").returncode == 0  # the first run migrates and seeds
    heavy = ("torch", "sentence_transformers", "faiss", "fitz", "sklearn")
    code = (
        "import json, runpy, sys\n"
        "sys.argv = ['paperdesk', 'feed', '--no-fetch']\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PAPERDESK_MODEL"}  # the real model
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "Nothing stored in the feed for the last 7 days: run 'paperdesk feed'" in out.stdout
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []


def test_an_empty_listing_says_what_this_run_did(lib: Library) -> None:
    """Nothing listed: the hint names what was fetched, never a --no-fetch not given."""
    with serving() as fake:
        e = {
            "PAPERDESK_ARXIV_API_URL": fake.api_url,
            "PAPERDESK_MODEL": "hash-256",
            "PAPERDESK_FEED_CATEGORIES": "cs.CL",
        }
        for args in (["feed"], ["feed", "--since-last", "--days", "3"]):
            out = run_cli(*args, env=e)
            assert out.returncode == 0, out.stderr
            assert "--no-fetch" not in out.stdout
            assert "try a longer --days or another --category" in out.stdout
        assert "for the last 3 days: arXiv listed nothing new since the last run" in out.stdout
