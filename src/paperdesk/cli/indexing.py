"""After ``add``, ``parse`` and ``fetch``: index what came in, and say so in one line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.services.autoindex import AutoIndex


def index_new(lib: Library, *, quiet: bool = False) -> AutoIndex:
    """Run the auto-index (see :mod:`paperdesk.services.autoindex`) with a progress bar and
    print its one line (stderr for notes); returns the :class:`AutoIndex` for JSON output."""
    from paperdesk.cli.progressbar import RichProgress
    from paperdesk.services.autoindex import auto_index

    with RichProgress("passages", enabled=not quiet) as bar:
        done = auto_index(lib, progress=bar)
    if done.note:
        click.echo(f"note: {done.note}", err=True)
    elif done.status == "indexed" and not quiet and done.report is not None:
        r = done.report
        new = plural(r.embedded, "new passage")
        click.echo(f"indexed {new} with {r.model} (search finds them now)")
    return done


def index_json(done: AutoIndex) -> dict[str, Any]:
    return {
        "status": done.status,
        "detail": done.detail,
        "embedded": done.report.embedded if done.report else 0,
    }
