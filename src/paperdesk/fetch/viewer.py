"""Opening a PDF in the system viewer, with an argument list (never a shell).

Without a page the platform's opener is used (``xdg-open``, ``open``, ``os.startfile``), so the
user's default application wins. With a page, a viewer that can jump to it is preferred
(zathura, evince, okular, mupdf, qpdfview, xpdf); if none is installed the PDF opens at page 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from paperdesk.errors import PaperdeskError

Builder = Callable[[str, str, int], list[str]]

PAGE_VIEWERS: list[tuple[str, Builder]] = [
    ("zathura", lambda exe, pdf, page: [exe, "--page", str(page), pdf]),
    ("evince", lambda exe, pdf, page: [exe, f"--page-index={page}", pdf]),
    ("okular", lambda exe, pdf, page: [exe, "--page", str(page), pdf]),
    ("mupdf", lambda exe, pdf, page: [exe, pdf, str(page)]),
    ("qpdfview", lambda exe, pdf, page: [exe, f"{pdf}#{page}"]),
    ("xpdf", lambda exe, pdf, page: [exe, pdf, str(page)]),
]


def _page_viewer(which: Callable[[str], str | None]) -> tuple[str, Builder] | None:
    for name, build in PAGE_VIEWERS:
        if exe := which(name):
            return exe, build
    return None


def supports_page(which: Callable[[str], str | None] = shutil.which) -> bool:
    """True when a viewer that can open a PDF at a given page is installed."""
    return not sys.platform.startswith("win") and _page_viewer(which) is not None


def desktop_pdf_app(which: Callable[[str], str | None] = shutil.which) -> str | None:
    """The desktop's default application for PDFs (``xdg-mime``), or None when there is none:
    ``xdg-open`` is often installed on machines that have nothing to open a PDF with, and then
    it fails after we have said "opened"."""
    if not (exe := which("xdg-mime")):
        return None
    try:
        out = subprocess.run(
            [exe, "query", "default", "application/pdf"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def viewer_command(
    pdf: Path,
    page: int | None = None,
    *,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    default_app: Callable[[], str | None] | None = None,
) -> list[str] | None:
    """The argument list that opens ``pdf`` (at ``page`` when possible); None means "use
    ``os.startfile``" (Windows). Raises :class:`PaperdeskError` naming what was looked for when
    no viewer is installed. ``default_app`` (Linux): when given, the desktop openers
    (``xdg-open``, ``gio``) are used only if it names an application for PDFs."""
    target = str(pdf)
    if platform.startswith("win"):
        return None
    if page is not None and (found := _page_viewer(which)):
        viewer, build = found
        return build(viewer, target, page)
    if platform == "darwin" and (exe := which("open")):
        return [exe, target]
    desktop = default_app is None or default_app() is not None
    if desktop and (exe := which("xdg-open")):
        return [exe, target]
    if desktop and (exe := which("gio")):
        return [exe, "open", target]
    if found := _page_viewer(which):
        exe, build = found
        return build(exe, target, page or 1)
    looked = ", ".join(name for name, _ in PAGE_VIEWERS)
    opener = "xdg-open has no application for PDFs" if which("xdg-open") else "no xdg-open"
    raise PaperdeskError(
        f"no PDF viewer found (looked for {looked}; {opener}): install one, e.g. zathura; "
        f"the PDF is at {target}"
    )


def launch(pdf: Path, page: int | None = None) -> None:
    """Start the viewer detached from this process and return at once."""
    argv = viewer_command(pdf, page, default_app=desktop_pdf_app)
    if argv is None:
        try:
            os.startfile(str(pdf))  # type: ignore[attr-defined]  # Windows only
        except OSError as exc:
            raise PaperdeskError(f"cannot open {pdf}: {exc.strerror or exc}") from None
        return
    try:
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError as exc:
        raise PaperdeskError(f"cannot start {argv[0]}: {exc.strerror or exc}") from None
