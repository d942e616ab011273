"""``paperdesk add``: an id already in the library, ids that are not ones, and ``--pdf`` (the
CLI wiring of the parse stage's attach_pdf)."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from tests.conftest import run_cli, seed


def test_add_existing_and_invalid(home: Path) -> None:
    out = run_cli("add", "https://arxiv.org/abs/1706.03762v7")
    assert out.returncode == 0 and "already in the library" in out.stdout
    bad = run_cli("add", "1706.3762")
    assert bad.returncode == 1
    assert "'1706.3762'" in bad.stderr and "Traceback" not in bad.stderr
    mixed = run_cli("add", "2106.09999", "cs/03060")
    assert (
        mixed.returncode == 1
        and "added arxiv210609999" in mixed.stdout  # provisional until fetched
        and "'cs/03060'" in mixed.stderr
    )
    count = json.loads(run_cli("papers", "--json").stdout)["count"]
    assert count == seed().papers + 1


TEXT = (
    "Low-rank adaptation freezes the pretrained weights and injects trainable rank "
    "decomposition matrices into each layer of the Transformer architecture. "
) * 12


def _pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 540, 760), "1 Introduction\n" + TEXT, fontsize=10)
    doc.save(path)
    return path


def test_attach_a_local_pdf_to_an_arxiv_paper(home: Path, tmp_path: Path) -> None:
    out = run_cli("add", "--pdf", str(_pdf(tmp_path / "lora.pdf")), "--id", "2106.09685")
    assert out.returncode == 0, out.stderr
    assert "attached" in out.stdout and "hu2021lora" in out.stdout
    show = json.loads(run_cli("show", "2106.09685", "--json").stdout)
    assert show["pdf_sha256"] and show["pdf_path"] == "hu2021lora.pdf"
    assert (home / "pdfs" / "hu2021lora.pdf").is_file()


def test_attach_refuses_what_is_not_a_pdf(home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "page.pdf"
    fake.write_text("<html><body>Just a moment...</body></html>")
    out = run_cli("add", "--pdf", str(fake), "--id", "2106.09685")
    assert (
        out.returncode == 1 and out.stderr.startswith("error: ") and "Traceback" not in out.stderr
    )
    assert not (home / "pdfs" / "hu2021lora.pdf").exists()
    missing = run_cli("add", "--pdf", str(tmp_path / "nope.pdf"), "--id", "2106.09685")
    assert missing.returncode == 1 and "nope.pdf" in missing.stderr


def test_show_says_when_the_stored_pdf_is_gone(home: Path, tmp_path: Path) -> None:
    assert (
        run_cli("add", "--pdf", str(_pdf(tmp_path / "l.pdf")), "--id", "2106.09685").returncode == 0
    )
    (home / "pdfs" / "hu2021lora.pdf").unlink()
    out = run_cli("show", "2106.09685")
    assert "missing on disk" in out.stdout
    assert json.loads(run_cli("show", "2106.09685", "--json").stdout)["pdf_missing"] is True


def test_a_pdf_of_another_paper_needs_force(home: Path, tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Generative Adversarial Nets", fontsize=20, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 110, 540, 760), "Abstract\n" + TEXT, fontsize=10)
    other = tmp_path / "gan.pdf"
    doc.save(other)
    refused = run_cli("add", "--pdf", str(other), "--id", "1706.03762")
    assert refused.returncode == 1 and "--force" in refused.stderr, refused.stdout + refused.stderr
    forced = run_cli("add", "--pdf", str(other), "--id", "1706.03762", "--force")
    assert "attached" in forced.stdout, forced.stderr
