"""Which viewer command opens a PDF (argument lists only, never a shell)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import PaperdeskError
from paperdesk.fetch.viewer import supports_page, viewer_command

PDF = Path("/home/u/pdfs/cs_0306050.pdf")


def which_of(*installed: str):
    return lambda name: f"/usr/bin/{name}" if name in installed else None


@pytest.mark.parametrize(
    ("installed", "page", "argv"),
    [
        (("xdg-open", "zathura"), None, ["/usr/bin/xdg-open", str(PDF)]),
        (("xdg-open", "zathura"), 4, ["/usr/bin/zathura", "--page", "4", str(PDF)]),
        (("xdg-open", "evince"), 4, ["/usr/bin/evince", "--page-index=4", str(PDF)]),
        (("okular",), 2, ["/usr/bin/okular", "--page", "2", str(PDF)]),
        (("mupdf",), 2, ["/usr/bin/mupdf", str(PDF), "2"]),
        (("qpdfview",), 2, ["/usr/bin/qpdfview", f"{PDF}#2"]),
        (("xdg-open",), 7, ["/usr/bin/xdg-open", str(PDF)]),
        (("gio",), None, ["/usr/bin/gio", "open", str(PDF)]),
        (("zathura",), None, ["/usr/bin/zathura", "--page", "1", str(PDF)]),
    ],
)
def test_linux(installed: tuple[str, ...], page: int | None, argv: list[str]) -> None:
    assert viewer_command(PDF, page, platform="linux", which=which_of(*installed)) == argv


def test_macos_and_windows() -> None:
    assert viewer_command(PDF, None, platform="darwin", which=which_of("open")) == [
        "/usr/bin/open",
        str(PDF),
    ]
    assert viewer_command(PDF, 3, platform="win32", which=which_of()) is None


def test_no_viewer() -> None:
    with pytest.raises(PaperdeskError, match=r"no PDF viewer found .* the PDF is at /home/u"):
        viewer_command(PDF, None, platform="linux", which=which_of())


def test_supports_page() -> None:
    assert supports_page(which_of("evince"))
    assert not supports_page(which_of("xdg-open"))
