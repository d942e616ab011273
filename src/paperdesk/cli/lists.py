"""``paperdesk lists`` and ``paperdesk lists import FILE``."""

from __future__ import annotations

import click

from paperdesk.cli.options import json_option, list_argument
from paperdesk.cli.output import library, print_json, print_table, settings
from paperdesk.printable import for_terminal
from paperdesk.wording import plural

_JSON = json_option('Print JSON: {"order": [NAME, ...]}.')


def _bar(done: int, total: int, width: int = 12) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "·" * (width - filled)


@click.group(invoke_without_command=True)
@json_option('Print JSON: {"lists": [...]}.')
@click.pass_context
def lists(ctx: click.Context, as_json: bool) -> None:
    """Show the reading lists with read/total and replication progress."""
    if ctx.invoked_subcommand is not None:
        return
    from paperdesk.services.listing import list_summaries, open_reader, paper_count

    reader = open_reader(settings())
    rows = list_summaries(reader)
    total = paper_count(reader)
    reader.close()
    if as_json:
        print_json({"lists": [r.to_json() for r in rows], "papers": total})
        return
    table = [
        [
            r.name,
            f"{r.read}/{r.total}",
            _bar(r.read, r.total),
            f"{r.reproduced}/{r.replication_planned}" if r.replication_planned else "-",
            r.title,
        ]
        for r in rows
    ]
    print_table(["list", "read", "progress", "repro", "title"], table, right={1, 3})
    click.echo(f"{plural(len(rows), 'list')} · {plural(total, 'paper')} in the library")


@lists.command("move", short_help="Put a list at POSITION in the roadmap.")
@list_argument("name")
@click.argument("position", type=click.IntRange(min=1))
@_JSON
def move(name: str, position: int, as_json: bool) -> None:
    """Put list NAME at POSITION in the roadmap (1 = first); the others keep their order."""
    from paperdesk.listorder import move_list, ordered_lists

    with library().session() as s:
        names = [r.name for r in ordered_lists(s)]
        if name in names and position > len(names):  # a typo, not "last": say so, move nothing
            raise click.BadParameter(
                f"{position} is past the end: there are {len(names)} lists, so POSITION is "
                f"1 to {len(names)} ({len(names)} puts it last)",
                param_hint="POSITION",
            )
        order = [r.name for r in move_list(s, name, position)]
    _order(order, as_json)


@lists.command("reset-order", short_help="Put the lists back in the roadmap's order.")
@_JSON
def reset_order(as_json: bool) -> None:
    """Put the lists back in the roadmap's order (your own lists after it)."""
    from paperdesk.listorder import reset_order as reset

    with library().session() as s:
        order = [r.name for r in reset(s)]
    _order(order, as_json)


def _order(order: list[str], as_json: bool) -> None:
    if as_json:
        print_json({"order": order})
    else:
        click.echo(for_terminal(" → ".join(order)))


@lists.command("import", short_help="Add a reading list from a YAML FILE.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@json_option('Print JSON: {"name", "added_entries", "added_papers", "existing"}.')
def import_list(file: str, as_json: bool) -> None:
    """Add a reading list from a YAML FILE (same format as the seeded lists)."""
    from paperdesk.library import import_list_file

    report = import_list_file(library(), file)
    if as_json:
        print_json(vars(report))
        return
    click.echo(
        f"{report.name}: {plural(report.added_entries, 'entry', 'entries')} added "
        f"({plural(report.added_papers, 'new paper')}, {report.existing} already listed)"
    )
