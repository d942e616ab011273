"""Options several commands share, written once: ``--list NAME``, ``-k/--limit N``, ``--json``
and ``--mode``.

Each returns a click decorator, so a command reads ``@list_option("Only the papers of this
list.")`` and the name, metavar and completion are the same wherever the option appears.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from paperdesk.cli.completion import complete_lists

F = TypeVar("F", bound=Callable[..., Any])


def list_option(help: str, *, complete: bool = True) -> Callable[[F], F]:
    """``--list NAME`` into ``list_name``, completing list names."""
    return click.option(
        "--list",
        "list_name",
        metavar="NAME",
        shell_complete=complete_lists if complete else None,
        help=help,
    )


def limit_option(
    default: int,
    help: str = "How many to show.",
    *,
    dest: str = "limit",
    low: int = 0,
    high: int | None = None,
    old: str | None = None,
) -> Callable[[F], F]:
    """``-k/--limit N`` into ``dest``. ``old`` names a hidden long option it replaced (``--k``,
    ``--n``), still taken so scripts written for it keep working; it lands in ``<dest>_old``."""
    kind = click.IntRange(low, high)
    limit = click.option(
        "-k", "--limit", dest, type=kind, default=default, show_default=True, help=help
    )
    if old is None:
        return limit
    hidden = click.option(old, f"{dest}_old", type=kind, hidden=True)

    def both(f: F) -> F:
        return limit(hidden(f))

    return both


def json_option(help: str = "Print JSON.") -> Callable[[F], F]:
    """``--json`` into ``as_json``."""
    return click.option("--json", "as_json", is_flag=True, help=help)
