"""``paperdesk add --pdf FILE_OR_FOLDER...``: one summary table, exit code 1 when some failed,
and the new text searchable right afterwards (with the hash embedder, never the real model)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.services.paperpdfs import paper_pdf

HASH = {"PAPERDESK_MODEL": "hash-256"}
INDEX = {**HASH, "PAPERDESK_AUTO_INDEX": "1"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good PDFs, a copy of one, an HTML page saved as .pdf and a corrupt file."""
    d = tmp_path / "downloads"
    (d / "more").mkdir(parents=True)
    paper_pdf(d / "adapters.pdf", "Quantised Adapters for Frugal Fine-Tuning", word="adapters")
    paper_pdf(d / "more" / "experts.pdf", "Sparse Mixtures of Tiny Experts", word="zeppelin")
    shutil.copy(d / "adapters.pdf", d / "more" / "adapters (1).pdf")
    (d / "cloudflare.pdf").write_text("<!DOCTYPE html><html><title>Just a moment</title></html>")
    (d / "broken.pdf").write_bytes(b"%PDF-1.5\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    return d


def _count() -> int:
    return json.loads(run_cli("papers", "--json").stdout)["count"]


def test_a_folder_gives_one_table_and_exit_1_when_some_failed(home: Path, folder: Path) -> None:
    before = _count()
    out = run_cli("add", "--pdf", str(folder), env=HASH)
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    for name in ("adapters.pdf", "experts.pdf", "cloudflare.pdf", "broken.pdf"):
        assert name in out.stdout
    assert "HTML" in out.stdout
    assert "2 added · 1 already there · 2 failed" in out.stdout
    rows = {
        Path(r["path"]).name: r
        for r in json.loads(run_cli("add", "--pdf", str(folder), "--json", env=HASH).stdout)[
            "results"
        ]
    }
    assert rows["adapters.pdf"]["status"] == rows["experts.pdf"]["status"] == "exists"
    assert rows["adapters (1).pdf"]["id"] == rows["adapters.pdf"]["id"]
    assert rows["cloudflare.pdf"]["status"] == rows["broken.pdf"]["status"] == "failed"
    assert "HTML" in rows["cloudflare.pdf"]["reason"] and rows["broken.pdf"]["reason"]
    again = run_cli("add", "--pdf", str(folder / "adapters.pdf"), "--json", env=HASH)
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["counts"] == {"added": 0, "attached": 0, "exists": 1, "failed": 0}
    assert data["results"][0]["matched_by"] == "file"
    assert _count() == before + 2, "nothing was added twice"


def test_single_paper_options_take_one_file(home: Path, folder: Path) -> None:
    a, b = folder / "adapters.pdf", folder / "more" / "experts.pdf"
    before = _count()
    out = run_cli("add", "--pdf", str(a), str(b), "--id", "2106.09685")
    assert out.returncode == 2 and "one PDF file" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("add", "--pdf", str(folder), "--title", "Some title")
    assert out.returncode == 2 and "folder" in out.stderr
    assert _count() == before, "nothing was added"


def test_search_right_after_add_finds_the_new_passages(home: Path, tmp_path: Path) -> None:
    pdf = paper_pdf(tmp_path / "z.pdf", "Zeppelin Routing for Mixture Models", word="zeppelin")
    out = run_cli("add", "--pdf", str(pdf), env=INDEX)
    assert out.returncode == 0, out.stderr
    assert "indexed" in out.stdout and "new passage" in out.stdout
    hits = json.loads(run_cli("search", "zeppelin routing", "--json", env=INDEX).stdout)["hits"]
    assert hits and hits[0]["title"] == "Zeppelin Routing for Mixture Models"
    found = run_cli("search", "zeppelin routing", "--mode", "dense", "--json", env=INDEX)
    assert json.loads(found.stdout)["hits"][0]["title"].startswith("Zeppelin")
    assert "not indexed yet" not in found.stderr


def test_search_says_what_is_not_indexed_yet(home: Path, tmp_path: Path) -> None:
    first = paper_pdf(tmp_path / "a.pdf", "Zeppelin Routing for Mixture Models", word="zeppelin")
    assert run_cli("add", "--pdf", str(first), env=INDEX).returncode == 0
    later = paper_pdf(tmp_path / "b.pdf", "Walrus Attention for Long Inputs", word="walrus")
    off = {**HASH, "PAPERDESK_AUTO_INDEX": "0"}
    assert run_cli("add", "--pdf", str(later), env=off).returncode == 0
    out = run_cli("search", "walrus", env=off)
    assert "Walrus Attention" in out.stdout, "words still find it"
    assert "not indexed yet" in out.stderr and "paperdesk index" in out.stderr
    assert run_cli("index", env=off).returncode == 0
    assert "not indexed yet" not in run_cli("search", "walrus", env=off).stderr


def test_file_names_stay_whole_when_the_details_wrap(home: Path, tmp_path: Path) -> None:
    """The details column wraps (at spaces); a file name is never cut across lines."""
    d = tmp_path / "in"
    d.mkdir()
    names = [
        "a-rather-long-file-name-as-the-browser-saved-it-quantised-adapters.pdf",
        "another-download-with-a-long-name-a-scan-with-no-text-at-all.pdf",
    ]
    paper_pdf(d / names[0], "Quantised Adapters for Frugal Fine-Tuning", word="adapters")
    import pymupdf

    with pymupdf.open() as blank:  # no text layer: the longest reason there is
        blank.new_page()
        blank.save(d / names[1])
    out = subprocess.run(  # from the folder: the names are shown relative to it
        [sys.executable, "-m", "paperdesk", "add", "--pdf", "."],
        cwd=d,
        env={**os.environ, **HASH},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stderr
    lines = out.stdout.splitlines()
    assert all(len(line.rstrip()) <= 140 for line in lines), out.stdout  # piped: 140 columns
    for name in names:
        assert any(line.startswith(name + " ") for line in lines), out.stdout
    assert any(line.startswith(" " * 20) for line in lines), "the reason wraps: " + out.stdout


def test_the_details_say_what_each_parse_found(home: Path, tmp_path: Path) -> None:
    """The details column of an added PDF says its pages, passages and references, as the
    parse report counts them; --json has the same numbers."""
    from tests.services.test_papers import refs_pdf

    pdf = refs_pdf(tmp_path / "refs.pdf")
    out = run_cli("add", "--pdf", str(pdf), env={**HASH, "COLUMNS": "200"})
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if "refs.pdf" in line)
    parsed = json.loads(run_cli("parse", "--all", "--force", "--json", env=HASH).stdout)
    [mine] = [r for r in parsed["results"] if r["status"] == "parsed"]
    found = f"{mine['pages']} pages · {mine['passages']} passages · {mine['references']} references"
    assert found in row and mine["references"] >= 2
