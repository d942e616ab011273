"""After ``add``, ``parse`` and ``fetch``: index what came in, and say so in one line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.reports import Report
    from paperdesk.services.autoindex import AutoIndex

R = TypeVar("R", bound="Report[Any]")


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


def finish_batch(
    lib: Library,
    report: R,
    *,
    new: bool,
    as_json: bool,
    show: Callable[[R], None],
    to_json: Callable[[R], dict[str, Any]],
) -> None:
    """The end of ``fetch``, ``parse`` and ``add --pdf``: the report for people (``show``) or
    its JSON (``to_json``, with the auto-index's outcome as ``index`` when it ran), what is
    ``new`` indexed in between, and exit code 1 when any item failed."""
    from paperdesk.cli.output import print_json

    if not as_json:
        show(report)
    done = index_new(lib, quiet=as_json) if new else None
    if as_json:
        data = to_json(report)
        if done is not None:
            data["index"] = index_json(done)
        print_json(data)
    if report.failed:
        raise SystemExit(1)
