"""``paperdesk tui`` (also plain ``paperdesk`` on a terminal): open the terminal UI."""

from __future__ import annotations

import io
import sys
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
    if why := not_a_terminal():
        fail(why)
    from paperdesk.config import load_settings
    from paperdesk.tui.app import PaperdeskApp

    settings = load_settings()
    if crash := run_app(PaperdeskApp(settings), settings.home / "logs"):
        fail(crash)


def not_a_terminal() -> str | None:
    """Why the TUI cannot run here, if it cannot: it reads keys from standard input and draws
    on a terminal, so both must be one (as plain ``paperdesk`` decides between the TUI and
    the lists). Piped or redirected, it would write escape codes into the pipe and wait for
    keys that never come."""
    missing = [
        name
        for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout))
        if stream is None or not stream.isatty()
    ]
    if not missing:
        return None
    return (
        f"the TUI needs a terminal ({' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not one); "
        "run 'paperdesk tui' in a terminal, or 'paperdesk lists' and 'paperdesk papers' "
        "for text"
    )


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
    text = report.getvalue()
    what = error_line(text) or "an unexpected error"
    text = text or f"{what}\n"
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


def error_line(traceback: str) -> str:
    """``Type: message`` of the exception in a traceback as Rich draws it (Textual has no
    public attribute for the exception that ended ``run()``, it prints it): the lines after the
    last frame panel, re-joined where the terminal width wrapped them."""
    lines = [line.strip() for line in traceback.strip().splitlines()]
    last_panel = max((i for i, line in enumerate(lines) if line.startswith("╰")), default=-1)
    tail = [line for line in lines[last_panel + 1 :] if line]
    if tail and tail[-1].startswith("NOTE:"):  # "1 of 2 errors shown": the first one counts
        tail = tail[:-1]
    return " ".join(tail)
