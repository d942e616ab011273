"""PDF downloads: every bad body is refused, nothing partial ever takes a PDF's name."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.errors import FetchError
from paperdesk.fetch import download
from paperdesk.fetch.download import download_pdf, is_whole_pdf, remove_stale_parts
from paperdesk.fetch.http import Http
from tests.fetch.conftest import FakeArxiv

MB = 1024 * 1024


@pytest.fixture
def http() -> Http:
    return Http(delay=0, timeout=2, retries=1)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_is_whole_and_hashed(fake: FakeArxiv, http: Http, tmp_path: Path) -> None:
    fake.pdf_padding = 200_000  # several chunks
    target = tmp_path / "pdfs" / "1706.03762.pdf"
    seen: list[int] = []
    got = download_pdf(
        http, f"{fake.url}/pdf/1706.03762v1", target, max_bytes=10 * MB, on_bytes=seen.append
    )
    data = fake.pdf_bytes("1706.03762v1")
    assert target.read_bytes() == data
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.size == len(data)
    assert sum(seen) == len(data) and len(seen) > 1
    assert is_whole_pdf(target)
    assert leftovers(target.parent) == ["1706.03762.pdf"]


@pytest.mark.parametrize(
    ("fault", "message", "tries"),
    [
        ("truncate", "download cut short after", 2),
        ("cut", "incomplete file: no %%EOF marker at the end", 2),
        ("html", "got an HTML page instead of a PDF from", 1),
        ("html-as-pdf", "got an HTML page instead of a PDF from", 1),
        ("drop", "dropped the connection (after 2 tries)", 2),
        ("404", "answered HTTP 404 Not Found", 1),
    ],
)
def test_bad_bodies_leave_the_old_file_alone(
    fake: FakeArxiv, http: Http, tmp_path: Path, fault: str, message: str, tries: int
) -> None:
    target = tmp_path / "pdfs" / "1706.03762.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-1.4 the old, good file\n%%EOF\n")
    fake.pdf_faults["1706.03762v2"] = fault
    with pytest.raises(FetchError) as err:
        download_pdf(http, f"{fake.url}/pdf/1706.03762v2", target, max_bytes=10 * MB)
    assert message in str(err.value)
    assert target.read_bytes() == b"%PDF-1.4 the old, good file\n%%EOF\n"
    assert leftovers(target.parent) == ["1706.03762.pdf"]
    assert len(fake.pdf_hits()) == tries


def test_cut_short_message_gives_sizes(fake: FakeArxiv, http: Http, tmp_path: Path) -> None:
    fake.pdf_faults["x"] = "truncate"
    with pytest.raises(FetchError, match=r"cut short after .* of .*\(after 2 tries\)"):
        download_pdf(http, f"{fake.url}/files/x", tmp_path / "x.pdf", max_bytes=MB)
    assert not (tmp_path / "x.pdf").exists()


def test_stalled_download_times_out(fake: FakeArxiv, tmp_path: Path) -> None:
    fake.pdf_padding = 300_000
    fake.pdf_faults["x"] = "stall"
    with Http(delay=0, timeout=0.3, retries=0) as http, pytest.raises(FetchError) as err:
        download_pdf(http, f"{fake.url}/files/x", tmp_path / "x.pdf", max_bytes=10 * MB)
    assert re.search(r"stalled after \d+\.\d KB \(no data within the timeout\)$", str(err.value))
    assert leftovers(tmp_path) == []


def test_not_a_pdf(fake: FakeArxiv, http: Http, tmp_path: Path) -> None:
    fake.pdfs["x"] = b"PK\x03\x04 a zip file, not a PDF" * 10
    with pytest.raises(FetchError, match=r"did not send a PDF \(it starts with b'PK"):
        download_pdf(http, f"{fake.url}/files/x", tmp_path / "x.pdf", max_bytes=MB)
    assert leftovers(tmp_path) == []


def test_size_limit_from_content_length(fake: FakeArxiv, http: Http, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"over the 100 B limit \(PAPERDESK_PDF_MAX_MB\)"):
        download_pdf(http, f"{fake.url}/files/x", tmp_path / "x.pdf", max_bytes=100)
    assert leftovers(tmp_path) == []


def test_size_limit_while_streaming(fake: FakeArxiv, http: Http, tmp_path: Path) -> None:
    fake.pdf_padding = 200_000
    fake.pdf_faults["x"] = "cut"  # no Content-Length: the limit is enforced on the bytes
    with pytest.raises(FetchError, match=r"limit .*download stopped"):
        download_pdf(http, f"{fake.url}/files/x", tmp_path / "x.pdf", max_bytes=70_000)
    assert leftovers(tmp_path) == []


def test_disk_full(
    fake: FakeArxiv, http: Http, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = download.open_part

    class FullDisk:
        def __init__(self, fh) -> None:
            self.fh = fh

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.fh.close()

    def full_disk(target: Path):
        fh, path = real_open(target)
        return FullDisk(fh), path

    monkeypatch.setattr(download, "open_part", full_disk)
    target = tmp_path / "pdfs" / "x.pdf"
    with pytest.raises(FetchError) as err:
        download_pdf(http, f"{fake.url}/files/x", target, max_bytes=MB)
    assert str(err.value) == f"disk full while writing x.pdf in {target.parent}"
    assert leftovers(target.parent) == []
    assert len(fake.pdf_hits()) == 1  # not retried


def test_stale_parts_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".a.pdf.{dead_pid}.xyz.part"
    mine = tmp_path / f".b.pdf.{os.getpid()}.xyz.part"
    other = tmp_path / "c.pdf"
    for p in (stale, mine, other):
        p.write_bytes(b"%PDF")
    assert remove_stale_parts(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
    old = os.path.getmtime(mine) - 2 * 24 * 3600
    os.utime(mine, (old, old))
    assert remove_stale_parts(tmp_path) == [mine]
    assert remove_stale_parts(tmp_path / "missing") == []


def test_is_whole_pdf(tmp_path: Path) -> None:
    good, cut = tmp_path / "good.pdf", tmp_path / "cut.pdf"
    good.write_bytes(b"%PDF-1.7\n...\n%%EOF\n")
    cut.write_bytes(b"%PDF-1.7\n... half of it")
    assert is_whole_pdf(good) and not is_whole_pdf(cut)
    assert not is_whole_pdf(tmp_path / "nope.pdf")
