"""A backup holds no PDF files: restored into another home, a paper is restored without the PDF
it had (no ``P`` marker, no stored path), and ``open`` says how to get one: ``fetch`` for an
arXiv paper, ``add --pdf`` for another (QA #4). Restored where the file is, it keeps it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.services.paperpdfs import paper_pdf


def _papers(env: dict[str, str] | None) -> dict[str, Any]:
    out = run_cli("papers", "--json", env=env)
    assert out.returncode == 0, out.stderr
    return {p["id"]: p for p in json.loads(out.stdout)["papers"]}


def test_a_restore_claims_only_the_pdfs_it_has(home: Path, tmp_path: Path) -> None:
    pdf = paper_pdf(tmp_path / "p.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    added = run_cli("add", "--pdf", str(pdf), "--json")
    assert added.returncode == 0, added.stderr
    key = json.loads(added.stdout)["results"][0]["id"]
    assert _papers(None)[key]["pdf"]
    backup = tmp_path / "b.json"
    assert run_cli("export", "json", str(backup)).returncode == 0
    again = run_cli("import", "json", str(backup), "--merge")
    assert again.returncode == 0, again.stderr
    assert "not in this library's PDF folder" not in again.stderr, "the file is here: kept"

    other = {"PAPERDESK_HOME": str(tmp_path / "other")}
    restored = run_cli("import", "json", str(backup), env=other)
    assert restored.returncode == 0, restored.stderr
    assert restored.stderr.strip() == (
        "1 PDF file not in this library's PDF folder, restored without (a backup holds no "
        "PDFs): copy that folder here and import again with --merge, or 'paperdesk fetch' "
        "downloads arXiv papers' PDFs again and 'paperdesk add --pdf FILE --id KEY' attaches a file"
    )
    assert not _papers(other)[key]["pdf"], "no P marker for a PDF that is not there"
    shown = json.loads(run_cli("show", key, "--json", env=other).stdout)
    assert shown["pdf_path"] is None and not shown["pdf_missing"]
    opened = run_cli("open", key, env=other)
    assert opened.returncode == 1
    assert f"add --pdf FILE --id {key}" in opened.stderr and "fetch" not in opened.stderr

    (tmp_path / "other" / "pdfs").mkdir(exist_ok=True)
    for stored in (home / "pdfs").glob("*.pdf"):
        shutil.copy(stored, tmp_path / "other" / "pdfs" / stored.name)
    merged = run_cli("import", "json", str(backup), "--merge", env=other)
    assert merged.returncode == 0 and "not in this library's PDF folder" not in merged.stderr
    assert _papers(other)[key]["pdf"], "the PDF folder copied over: the restore links it"


def test_open_suggests_fetch_for_an_arxiv_paper(home: Path) -> None:
    opened = run_cli("open", "1706.03762")
    assert opened.returncode == 1
    assert "paperdesk fetch" in opened.stderr
