"""``paperdesk key``: show or set a paper's citation key."""

from __future__ import annotations

import click

from paperdesk.cli.options import json_option, paper_argument


@click.command()
@paper_argument()
@click.argument("new", metavar="NEWKEY")
@json_option('Print JSON: {"old", "new", "changed", "aliases"}.')
def key(ref: str, new: str, as_json: bool) -> None:
    """Set the key of paper ID (its citation key in BibTeX, CSL-JSON and the vault) to NEWKEY.
    The old key keeps naming the paper; a key another paper has is refused."""
    from paperdesk.cli.output import library, print_json
    from paperdesk.services.keys import set_key

    change = set_key(library(), ref, new)
    if as_json:
        print_json(
            {
                "old": change.old,
                "new": change.new,
                "changed": change.changed,
                "aliases": list(change.aliases),
            }
        )
        return
    if not change.changed:
        click.echo(f"{change.new}: the key is already {change.new}")
    else:
        click.echo(f"{change.old} → {change.new} (the old key still names it)")
