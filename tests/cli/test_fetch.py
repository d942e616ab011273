"""``paperdesk fetch`` and ``paperdesk open`` in a real process, against the local arXiv."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.library import Library
from tests.conftest import run_cli
from tests.fetch.conftest import (
    KEY_OF,
    TRANSFORMERS_CORE_ARXIV,
    FakeArxiv,
    closed_port_url,
    fake,  # noqa: F401 - fixture
    fetch_env,  # noqa: F401 - fixture
    flib,  # noqa: F401 - fixture
    paper,
    set_pdf_url,
    wait_for,
)


def test_fetch_list_summary_and_second_run(flib: Library, fake: FakeArxiv) -> None:
    set_pdf_url(flib, "radford2018improving", None)
    set_pdf_url(flib, "radford2019language", None)
    first = run_cli("fetch", "--list", "transformers-core")
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    out = first.stdout
    for base in TRANSFORMERS_CORE_ARXIV:
        assert KEY_OF[base] in out
    assert re.search(r"radford2018improving +skipped +no PDF URL known \(not on arXiv\)", out)
    assert "6 fetched · 2 skipped · " in out
    assert "downloaded" in out.splitlines()[-1]
    pdf_requests = len(fake.pdf_hits())
    assert pdf_requests == 6

    second = run_cli("fetch", "--list", "transformers-core")
    assert second.returncode == 0
    assert "6 unchanged · 2 skipped" in second.stdout
    assert len(fake.pdf_hits()) == pdf_requests


def test_failed_paper_exit_code_and_message(flib: Library, fake: FakeArxiv) -> None:
    fake.pdf_faults[f"1810.04805v{fake.entries['1810.04805'].version}"] = "html"
    result = run_cli("fetch", "--list", "transformers-core", "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    failed = [r for r in data["results"] if r["status"] == "failed"]
    assert [r["id"] for r in failed] == ["devlin2018bert"]
    assert "got an HTML page instead of a PDF" in failed[0]["reason"]
    assert data["counts"] == {"fetched": 7, "unchanged": 0, "skipped": 0, "failed": 1}
    table = run_cli("fetch", "1810.04805")
    assert table.returncode == 1
    line = next(x for x in table.stdout.splitlines() if x.startswith("devlin2018bert"))
    assert "failed" in line and "HTML page instead of a PDF" in table.stdout


def test_no_network_one_line_and_library_still_works(flib: Library, fake: FakeArxiv) -> None:
    ok = run_cli("fetch", "1706.03762")
    assert ok.returncode == 0
    down = run_cli(
        "fetch", "--list", "transformers-core", env={"PAPERDESK_ARXIV_API_URL": closed_port_url()}
    )
    assert down.returncode == 1
    assert down.stdout == ""
    lines = down.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: cannot reach 127.0.0.1:")
    assert "nothing was changed" in lines[0]
    listing = run_cli("papers", "--list", "transformers-core", "--json")
    assert listing.returncode == 0
    row = next(p for p in json.loads(listing.stdout)["papers"] if p["id"] == "vaswani2017attention")
    assert row["pdf"] and row["title"] == "Title of 1706.03762"


def test_newer_version_arrow_in_papers(flib: Library, fake: FakeArxiv) -> None:
    assert run_cli("fetch", "1706.03762").returncode == 0
    fake.entries["1706.03762"].version += 1
    result = run_cli("fetch", "1706.03762", "--no-pdf")
    assert result.returncode == 0
    assert "the stored PDF is v" in result.stdout
    listing = run_cli("papers", "--list", "transformers-core")
    line = next(x for x in listing.stdout.splitlines() if "1706.03762" in x)
    assert "↑" in line


def test_unknown_ref(flib: Library, fake: FakeArxiv) -> None:
    result = run_cli("fetch", "nosuchpaper")
    assert result.returncode == 1
    assert result.stderr.startswith("error: no paper 'nosuchpaper' in the library")
    assert fake.hits == []


def test_a_good_id_is_fetched_beside_an_unknown_one(flib: Library, fake: FakeArxiv) -> None:
    result = run_cli("fetch", "1706.03762", "nosuchpaper", "--no-pdf", "--json")
    assert result.returncode == 1, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    assert rows["vaswani2017attention"]["status"] == "fetched"
    assert rows["nosuchpaper"]["status"] == "failed"
    assert rows["nosuchpaper"]["reason"].startswith("no paper 'nosuchpaper' in the library")
    assert fake.hits
    both_bad = run_cli("fetch", "nosuchpaper", "nosuchother")
    assert both_bad.returncode == 1
    assert both_bad.stderr.startswith("error: no paper 'nosuchpaper' in the library")
    assert "no paper 'nosuchother'" in both_bad.stderr


def test_sigkill_mid_download_then_rerun(flib: Library, fake: FakeArxiv) -> None:
    """Kill the process while a PDF is half downloaded: nothing partial passes for a PDF, and
    the next run ends with every PDF whole and sha256-verified, downloading only what is
    missing."""
    fake.pdf_padding = 400_000
    fake.sleep_for = 60
    stalled = f"1706.03762v{fake.entries['1706.03762'].version}"
    fake.pdf_faults[stalled] = "stall"
    pdf_dir = flib.settings.pdf_dir
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperdesk", "fetch", "--list", "transformers-core"],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def partial() -> bool:
            parts = (
                list(pdf_dir.glob(".vaswani2017attention.pdf.*.part")) if pdf_dir.exists() else []
            )
            return any(p.stat().st_size > 0 for p in parts)

        assert wait_for(partial, timeout=30)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not (pdf_dir / "vaswani2017attention.pdf").exists()
    assert sorted(p.name for p in pdf_dir.glob("*.pdf")) == [
        "bahdanau2014neural.pdf",
        "luong2015effective.pdf",
    ]
    assert paper(flib, "1706.03762").pdf_sha256 is None

    del fake.pdf_faults[stalled]
    before = {h.path for h in fake.pdf_hits()}
    rerun = run_cli("fetch", "--list", "transformers-core")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    again = [h.path for h in fake.pdf_hits()][len(before) + 1 :]
    assert not any("1409.0473" in p or "1508.04025" in p for p in again)  # request paths
    assert list(pdf_dir.glob("*.part")) == []
    import pymupdf

    for key in [*TRANSFORMERS_CORE_ARXIV, "radford2018improving", "radford2019language"]:
        p = paper(flib, key)
        f = pdf_dir / p.pdf_path
        assert hashlib.sha256(f.read_bytes()).hexdigest() == p.pdf_sha256, key
        with pymupdf.open(f) as doc:
            assert doc.page_count == 1


# --- open --------------------------------------------------------------------------------------


def make_pages(pdf: Path, n: int) -> None:
    """Make the stored PDF (the fake arXiv serves one page) an ``n``-page one, in place."""
    import pymupdf

    with pymupdf.open() as doc:
        for i in range(n):
            doc.new_page().insert_text((72, 72), f"page {i + 1}")
        pdf.write_bytes(doc.tobytes())


def fake_viewer(bindir: Path, name: str, log: Path) -> None:
    bindir.mkdir(exist_ok=True)
    script = bindir / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "{name}" "$@" > "{log}"\n')
    script.chmod(0o755)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX viewers")
def test_open_at_a_page_with_zathura(flib: Library, fake: FakeArxiv, tmp_path: Path) -> None:
    assert run_cli("fetch", "1706.03762").returncode == 0
    make_pages(flib.settings.pdf_dir / "vaswani2017attention.pdf", 8)
    log = tmp_path / "viewer.log"
    fake_viewer(tmp_path / "bin", "zathura", log)
    fake_viewer(tmp_path / "bin", "xdg-open", tmp_path / "xdg.log")
    result = run_cli(
        "open", "arXiv:1706.03762v1", "--page", "3", env={"PATH": str(tmp_path / "bin")}
    )
    assert result.returncode == 0, result.stderr
    pdf = flib.settings.pdf_dir / "vaswani2017attention.pdf"
    assert result.stdout.strip() == str(pdf)
    assert wait_for(lambda: log.exists() and log.read_text().count("\n") == 4, timeout=10)
    assert log.read_text().splitlines() == ["zathura", "--page", "3", str(pdf)]


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX viewers")
def test_open_without_page_uses_xdg_open(flib: Library, fake: FakeArxiv, tmp_path: Path) -> None:
    assert run_cli("fetch", "1706.03762").returncode == 0
    make_pages(flib.settings.pdf_dir / "vaswani2017attention.pdf", 8)
    log = tmp_path / "xdg.log"
    fake_viewer(tmp_path / "bin", "xdg-open", log)
    fake_viewer(tmp_path / "bin", "evince", tmp_path / "evince.log")
    # xdg-open is used only when the desktop names an application for PDFs
    mime = tmp_path / "bin" / "xdg-mime"
    mime.write_text("#!/bin/sh\necho org.gnome.Evince.desktop\n")
    mime.chmod(0o755)
    result = run_cli("open", "1706.03762", env={"PATH": str(tmp_path / "bin")})
    assert result.returncode == 0, result.stderr
    assert wait_for(lambda: log.exists() and log.read_text().count("\n") == 2, timeout=10)
    assert log.read_text().splitlines()[1].endswith("vaswani2017attention.pdf")
    paged = run_cli("open", "1706.03762", "--page", "2", env={"PATH": str(tmp_path / "bin")})
    assert paged.returncode == 0
    evince = tmp_path / "evince.log"
    assert wait_for(lambda: evince.exists() and evince.read_text().count("\n") == 3, timeout=10)
    assert evince.read_text().splitlines()[1] == "--page-index=2"


def test_open_errors(flib: Library, fake: FakeArxiv, tmp_path: Path) -> None:
    missing = run_cli("open", "1706.03762")
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        "error: no PDF stored for vaswani2017attention (run 'paperdesk fetch vaswani2017attention')"
    )
    assert run_cli("fetch", "1706.03762").returncode == 0
    (tmp_path / "empty").mkdir()
    no_viewer = run_cli("open", "1706.03762", env={"PATH": str(tmp_path / "empty")})
    assert no_viewer.returncode == 1
    assert no_viewer.stderr.startswith("error: no PDF viewer found")
    bad_page = run_cli("open", "1706.03762", "--page", "0")
    assert bad_page.returncode == 2
    make_pages(flib.settings.pdf_dir / "vaswani2017attention.pdf", 8)
    past_the_end = run_cli("open", "1706.03762", "--page", "99")
    assert past_the_end.returncode == 1
    assert past_the_end.stderr.strip() == (
        "error: page 99 does not exist: the PDF of vaswani2017attention has 8 pages"
    )
