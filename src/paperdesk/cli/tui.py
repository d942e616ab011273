"""``paperdesk tui`` (also plain ``paperdesk`` on a terminal): open the terminal UI."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.output import fail

if TYPE_CHECKING:
    from textual.app import App


@click.command()
def tui() -> None:
    """Open the terminal UI: reading lists, papers, notes, search and background fetches."""
    from paperdesk.config import load_settings
    from paperdesk.tui.app import PaperdeskApp

    settings = load_settings()
    if crash := run_app(PaperdeskApp(settings), settings.home / "logs"):
        fail(crash)


def run_app(app: App[Any], log_dir: Path, *, headless: bool = False) -> str | None:
    """Run the app; after a crash (an unhandled exception, which Textual turns into exit code
    1) save Textual's traceback in ``log_dir`` and return the one line to print, else None.

    Textual prints the traceback on its error console when the app closes; it goes into the
    log file instead, so the terminal shows what failed and where to read the rest."""
    from rich.console import Console

    report = io.StringIO()
    app.error_console = Console(file=report, width=120, color_system=None, highlight=False)
    app.run(headless=headless)
    if not app.return_code:
        return None
    error = getattr(app, "_exception", None)  # the first unhandled exception Textual saw
    error = getattr(error, "error", error)  # a failed worker wraps the one raised in it
    what = f"{type(error).__name__}: {error}" if error is not None else "an unexpected error"
    text = report.getvalue() or f"{what}\n"
    name = time.strftime("tui-crash-%Y%m%d-%H%M%S.log")
    for folder in (log_dir, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
            break
        except OSError:
            continue
    else:
        return f"the TUI crashed ({what}); the traceback could not be saved:\n{text}"
    return f"the TUI crashed ({what}); traceback saved in {path}"
