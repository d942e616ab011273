"""``paperdesk key``: show or set a paper's citation key."""

from __future__ import annotations

import click


@click.command()
@click.argument("ref", metavar="ID")
@click.argument("new", metavar="NEWKEY")
def key(ref: str, new: str) -> None:
    """Set the key of paper ID (its citation key in BibTeX, CSL-JSON and the vault) to NEWKEY.
    The old key keeps naming the paper; a key another paper has is refused."""
    from paperdesk.cli.output import library
    from paperdesk.services.keys import set_key

    change = set_key(library(), ref, new)
    if not change.changed:
        click.echo(f"{change.new}: the key is already {change.new}")
    else:
        click.echo(f"{change.old} → {change.new} (the old key still names it)")
