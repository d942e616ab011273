"""``paperdesk doctor``: check the settings, folders, database, model and index, and say what
to fix. Exit 0 when nothing failed (warnings allowed), 1 otherwise."""

from __future__ import annotations

import click

from paperdesk.cli.options import json_option
from paperdesk.cli.output import print_json

_MARK = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


@click.command()
@json_option('Print JSON: {"checks": [{"name", "status", "finding", "fix"}], "counts", "ok"}.')
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=5.0,
    show_default=True,
    help="Seconds to wait for the database server to answer.",
)
def doctor(as_json: bool, timeout: float) -> None:
    """Check that paperdesk is ready: the config file parses; the home, PDF and index folders
    exist, are writable and private; the database is reachable (password never shown), its
    server recent enough, its schema current and its privileges sufficient; the embedding
    model's files are there; the search index matches the database; the disk has room.
    Each check is ok, warn or FAIL with what to do; exit 1 when any failed."""
    from paperdesk.config import load_settings
    from paperdesk.services.doctor import diagnose

    report = diagnose(load_settings, timeout=timeout)
    counts = report.counts()
    if as_json:
        print_json(
            {
                "checks": [
                    {"name": c.name, "status": c.status, "finding": c.finding, "fix": c.fix}
                    for c in report.results
                ],
                "counts": counts,
                "ok": not report.failed,
            }
        )
    else:
        width = max(len(c.name) for c in report.results)
        for c in report.results:
            click.echo(f"{_MARK[c.status]}  {c.name:<{width}}  {c.finding}")
            if c.fix and c.status != "ok":
                click.echo(f"{'':4}  {'':<{width}}  fix: {c.fix}")
        click.echo(
            f"\n{counts['fail']} failed, {counts['warn']} warning"
            f"{'s' if counts['warn'] != 1 else ''}, {counts['ok']} ok"
        )
    if report.failed:
        raise SystemExit(1)
