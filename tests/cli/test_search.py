"""``paperdesk sync`` prints a mixed batch as the TUI notifies it: the counts of each step and
every failure under it, the same in ``--json``; exit code 1 when anything failed."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from sqlalchemy import select

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.paths import pdf_file
from paperdesk.storage.models import Paper
from tests.conftest import run_cli
from tests.services.paperpdfs import paper_pdf


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sync_reports_a_mixed_parse_batch_in_text_and_json(home: Path, tmp_path: Path) -> None:
    env = {
        "PAPERDESK_ARXIV_API_URL": f"http://127.0.0.1:{_closed_port()}/api/query",
        "PAPERDESK_ARXIV_RETRIES": "0",
        "PAPERDESK_MODEL": "hash",
    }
    a = paper_pdf(tmp_path / "a.pdf", "Quantised Adapters for Frugal Fine-Tuning", word="adapters")
    b = paper_pdf(tmp_path / "b.pdf", "Sparse Mixtures of Tiny Experts", word="zeppelin")
    added = run_cli("add", "--pdf", str(a), str(b), "--json", env=env)
    assert added.returncode == 0, added.stderr
    keys = [r["id"] for r in json.loads(added.stdout)["results"]]
    # Both stored PDFs change on disk: one into another good paper, one into garbage.
    lib = Library.open(load_settings())
    with lib.session() as s:
        stored = {p.key: pdf_file(lib.settings, p.pdf_path) for p in s.scalars(select(Paper))}
    lib.close()
    paper_pdf(stored[keys[0]], "Quantised Adapters, Revised", word="marmalade")
    stored[keys[1]].write_bytes(b"%PDF-1.5\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")

    out = run_cli("sync", env=env)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "fetch: skipped: cannot reach 127.0.0.1" in out.stderr
    lines = out.stdout.splitlines()
    at = lines.index("parse: 1 parsed, 1 failed")
    assert lines[at + 1].startswith(f"  {keys[1]}: ")
    assert any(line.startswith("index: ") for line in lines)

    data = json.loads(run_cli("sync", "--json", env=env).stdout)
    assert data["fetch"] is None and data["offline"].startswith("cannot reach")
    # the broken PDF is tried again only with --force: unchanged now, and counted as such
    assert data["parse"]["counts"]["failed"] == 0
    assert [f["what"] for f in data["failed"]] == ["fetch"]


def test_index_help_names_the_model_in_effect(home: Path) -> None:
    """Not the default written into the help: the one this library would embed with."""
    from click.testing import CliRunner

    from paperdesk.cli.main import cli

    runner = CliRunner()
    for model, shown in (("hash-256", "hash-256."), ("all-MiniLM-L6-v2", "(the default)")):
        out = runner.invoke(cli, ["index", "--help"], env={"PAPERDESK_MODEL": model})
        assert out.exit_code == 0, out.output
        assert f"The model in effect: {model}" in out.output and shown in out.output
    assert (
        "all-MiniLM"
        not in runner.invoke(cli, ["index", "--help"], env={"PAPERDESK_MODEL": "hash"}).output
    )
