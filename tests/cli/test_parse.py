"""``paperdesk parse`` and ``show --sections`` in a fresh process: real start-up, exit codes."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from paperdesk.library import Library
from tests.conftest import run_cli
from tests.parse.conftest import paper, pdfdir  # noqa: F401 - fixtures
from tests.parse.pdfs import Built, simple_pdf
from tests.parse.test_service import add_with_pdf


def test_parse_command_summary_and_exit_codes(lib: Library, paper: Built, pdfdir: Path) -> None:
    add_with_pdf(lib, "2101.00001", paper.path, arxiv="2101.00001")
    html = pdfdir / "h.pdf"
    html.write_text("<html>not a pdf</html>")
    add_with_pdf(lib, "broken", html)
    first = run_cli("parse")
    assert first.returncode == 1, first.stderr
    assert "Traceback" not in first.stderr
    lines = first.stdout.splitlines()
    assert any(ln.startswith("2101.00001") and "parsed" in ln for ln in lines), first.stdout
    assert any(ln.startswith("broken") and "not a PDF (looks like HTML)" in ln for ln in lines)
    assert "1 parsed · 1 failed" in first.stdout
    assert "new citation links" in first.stdout
    again = run_cli("parse")
    assert again.returncode == 0
    retry = "still parse_failed: run 'paperdesk parse --force' to retry"
    assert f"nothing new to parse (1 {retry})" in again.stdout
    forced = run_cli("parse", "2101.00001", "--force", "--json")
    data = json.loads(forced.stdout)
    assert forced.returncode == 0
    assert data["counts"]["parsed"] == 1
    [r] = data["results"]
    assert (r["id"], r["status"], r["pages"], r["references"]) == (
        "2101.00001",
        "parsed",
        paper.pages,
        8,
    )
    shown = run_cli("show", "2101.00001", "--sections")
    assert "  1 Introduction  p.1 · " in shown.stdout
    assert "    2.1 Data Collection  p.2 · 1 passage" in shown.stdout
    cites = shown.stdout.split("cites in your library (", 1)[1]
    assert "Attention Is All You Need  by arXiv id" in cites.split("\n\n", 1)[0]


def test_unknown_paper_is_one_clear_error(lib: Library) -> None:
    out = run_cli("parse", "2101.99999")
    assert out.returncode == 1
    assert out.stderr.startswith("error: no paper '2101.99999' in the library")
    assert "Traceback" not in out.stderr


def test_a_good_id_is_parsed_beside_an_unknown_one(lib: Library, paper: Built) -> None:
    """As ``add`` does: the good ones are done, the bad ones reported, exit code 1."""
    add_with_pdf(lib, "2101.00001", paper.path, arxiv="2101.00001")
    out = run_cli("parse", "2101.00001", "nosuchpaper", "--json")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert [(r["id"], r["status"]) for r in data["results"]] == [
        ("nosuchpaper", "failed"),
        ("2101.00001", "parsed"),
    ]
    assert data["results"][0]["reason"].startswith("no paper 'nosuchpaper' in the library")
    text = run_cli("parse", "2101.00001", "nosuchpaper", "--force")
    assert text.returncode == 1
    assert "1 parsed · 1 failed" in text.stdout
    assert any(ln.startswith("nosuchpaper") for ln in text.stdout.splitlines()), text.stdout


def test_timeout_comes_from_the_environment(lib: Library, pdfdir: Path) -> None:
    add_with_pdf(lib, "slow", simple_pdf(pdfdir / "s.pdf"))
    out = run_cli(
        "parse",
        "slow",
        env={"PAPERDESK_PARSE_TIMEOUT": "1.5", "PAPERDESK_PARSE_FAULT": "hang:slow.pdf"},
    )
    assert out.returncode == 1
    assert "timed out after 1.5 s" in out.stdout


def test_cli_and_services_do_not_import_pymupdf() -> None:
    code = (
        "import sys, paperdesk.cli.parse, paperdesk.services.parse, paperdesk.parse.worker;"
        "bad = [m for m in ('pymupdf', 'fitz', 'numpy') if m in sys.modules];"
        "sys.exit(str(bad) if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_summary_counts_papers_still_failed(lib: Library, pdfdir: Path) -> None:
    add_with_pdf(lib, "good", simple_pdf(pdfdir / "g.pdf"))
    for key in ("bad1", "bad2"):
        (pdfdir / f"{key}.pdf").write_text("<html>not a pdf</html>")
        add_with_pdf(lib, key, pdfdir / f"{key}.pdf")
    assert run_cli("parse").returncode == 1
    listed = run_cli("parse", "--all")
    assert listed.returncode == 0, "nothing failed in this run: the old failures are counted"
    retry = "still parse_failed: run 'paperdesk parse --force' to retry"
    assert f"3 unchanged (2 {retry})" in listed.stdout
    plain = run_cli("parse")
    assert plain.returncode == 0
    assert f"nothing new to parse (2 {retry})" in plain.stdout
    data = json.loads(run_cli("parse", "--all", "--json").stdout)
    assert data["still_failed"] == ["bad1", "bad2"]
