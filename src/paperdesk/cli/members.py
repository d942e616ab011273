"""``paperdesk whoami`` and ``paperdesk members``: who "me" is in this library, and who else
reads and replicates in it (see :mod:`paperdesk.members` for how the name is chosen)."""

from __future__ import annotations

from typing import Any

import click

from paperdesk.cli.options import json_option
from paperdesk.cli.output import library, print_json, print_table
from paperdesk.dates import format_time, iso_time

SOURCES = {
    "PAPERDESK_USER": "the PAPERDESK_USER environment variable",
    "config": "'user' in the config file",
    "os": "the OS user name (set PAPERDESK_USER or 'user' in the config file to choose)",
}


@click.command()
@json_option("Print JSON.")
def whoami(as_json: bool) -> None:
    """Who you are in this library: your member name, where it comes from, your activity."""
    from paperdesk import members
    from paperdesk.storage.urls import redact

    lib = library()
    name, source = members.configured_name(lib.settings)
    with lib.session() as s:
        member = members.current_member(s)
        mine = _summary_of(members.list_members(s), member.name) if member else None
    # the single-user rule: the lone member of a library is me when my name came from the OS
    effective = member.name if member is not None else name
    data: dict[str, Any] = {
        "name": effective,
        "source": source,
        "configured_name": name,
        "member": None
        if member is None
        else {
            "id": member.id,
            "joined": iso_time(member.created_at),
            "read": mine.n_read if mine else 0,
            "reading": mine.n_reading if mine else 0,
            "last_active": iso_time(mine.last_active) if mine else None,
        },
        "library": redact(lib.settings.resolved_database_url),
    }
    lib.close()
    if as_json:
        print_json(data)
        return
    shown = effective
    if effective != name:
        shown += f" (the library's only member; your OS user name is {name})"
    click.echo(f"name:    {shown}")
    click.echo(f"from:    {SOURCES.get(source, source)}")
    if member is None:
        click.echo("member:  (no activity yet: the first mark, note or tag makes you one)")
    else:
        m = data["member"]
        last = (
            f" · last active {format_time(mine.last_active)}" if mine and mine.last_active else ""
        )
        click.echo(
            f"member:  since {format_time(member.created_at)}"
            f" · {m['read']} read, {m['reading']} reading{last}"
        )
    click.echo(f"library: {data['library']}")


def _summary_of(summaries: list[Any], name: str) -> Any:
    return next((m for m in summaries if m.name == name), None)


@click.command()
@json_option('Print JSON: {"members": [{"name", "joined", "read", ...}], "count": N}.')
def members(as_json: bool) -> None:
    """The members of this library: when they joined, what they read, their attempts."""
    from paperdesk import members as team
    from paperdesk.services.replication_summary import attempts_per_member

    lib = library()
    with lib.session() as s:
        me = team.current_member(s)
        rows = team.list_members(s)
    attempts = attempts_per_member(lib)
    lib.close()
    data = [
        {
            "name": m.name,
            "me": me is not None and m.name == me.name,
            "joined": iso_time(m.created_at),
            "read": m.n_read,
            "reading": m.n_reading,
            "last_active": iso_time(m.last_active),
            "attempts": attempts.get(m.name, 0),
        }
        for m in rows
    ]
    if as_json:
        print_json({"members": data, "count": len(data)})
        return
    if not data:
        click.echo("no members yet: the first mark, note, tag or replication record makes one")
        return
    table = [
        [
            ("* " if d["me"] else "  ") + m.name,
            format_time(m.created_at),
            str(d["read"]),
            str(d["reading"]),
            format_time(m.last_active),
            str(d["attempts"]),
        ]
        for d, m in zip(data, rows, strict=True)
    ]
    headers = ["  member", "joined", "read", "reading", "last active", "attempts"]
    print_table(headers, table, max_widths={0: 40}, right={2, 3, 5})
    from paperdesk.wording import plural

    click.echo(f"{plural(len(data), 'member')}  (* you)")
