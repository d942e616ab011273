"""``paperdesk tui`` (also plain ``paperdesk`` on a terminal): open the terminal UI."""

from __future__ import annotations

import click


@click.command()
def tui() -> None:
    """Open the terminal UI: reading lists, papers, notes, search and background fetches."""
    from paperdesk.config import load_settings
    from paperdesk.tui.app import PaperdeskApp

    PaperdeskApp(load_settings()).run()
