"""``paperdesk sync`` with no network: one clear line, and what is stored is still indexed."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from tests.conftest import run_cli, seed


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket is closed


def test_sync_offline_still_indexes(home: Path) -> None:
    env = {
        "PAPERDESK_ARXIV_API_URL": f"http://127.0.0.1:{_closed_port()}/api/query",
        "PAPERDESK_ARXIV_RETRIES": "0",
        "PAPERDESK_MODEL": "hash",
    }
    out = run_cli("sync", env=env)
    assert out.returncode == 1
    assert out.stderr.startswith("fetch: skipped: cannot reach 127.0.0.1")
    assert "Traceback" not in out.stderr
    n = seed().papers
    assert f"index: {n} passages of {n} papers indexed" in out.stdout
    query = ["search", "attention is all you need", "--mode", "keyword", "--json"]
    hits = json.loads(run_cli(*query, env=env).stdout)
    assert hits["hits"][0]["id"] == "vaswani2017attention"
