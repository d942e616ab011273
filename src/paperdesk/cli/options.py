"""Options and arguments several commands share, written once: ``--list NAME``, ``-k/--limit
N``, ``--json``, ``--mode``, the paper filters (``--reading``, ``--replication``, ``--tag``,
``--year``), member names (``--reader``, ``--by``), paper ids and list names as arguments, and
the flags ``--all``, ``--force``, ``--add LIST`` and ``--dismiss``.

Each returns a click decorator, so a command reads ``@list_option("Only the papers of this
list.")`` and the name, metavar, type and completion are the same wherever it appears; the
help, which says what the option means to that command, is the command's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from paperdesk.cli.completion import (
    complete_lists,
    complete_members,
    complete_papers,
    complete_tags,
)
from paperdesk.states import READING_STATES, REPLICATION_STATES

F = TypeVar("F", bound=Callable[..., Any])

# the search modes of services.search.MODES (not imported from there: it loads the search stack)
MODES = ("hybrid", "dense", "keyword")


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


def mode_option() -> Callable[[F], F]:
    """``--mode hybrid|dense|keyword`` (default hybrid) for ``search`` and ``similar``."""
    return click.option(
        "--mode",
        type=click.Choice(MODES),
        default="hybrid",
        show_default=True,
        help="Meaning and words fused, meaning only, or words only.",
    )


class StateChoice(click.Choice):
    """A state of one track (``--reading``, ``--replication``): completed like any choice,
    and a misspelt one gets the closest as ``mark`` does (``did you mean 'reading'?``)."""

    def __init__(self, track: str, states: tuple[str, ...]) -> None:
        super().__init__(states, case_sensitive=False)
        self.track = track

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from paperdesk.closest import did_you_mean

            near = did_you_mean(str(value), self.choices, limit=1)
            self.fail(
                f"unknown {self.track} state {value!r}{near}; {self.track}: "
                + ", ".join(self.choices),
                param,
                ctx,
            )


def reading_option(help: str = "Only this reading state.") -> Callable[[F], F]:
    return click.option("--reading", type=StateChoice("reading", READING_STATES), help=help)


def replication_option(help: str = "Only this replication state.") -> Callable[[F], F]:
    kind = StateChoice("replication", REPLICATION_STATES)
    return click.option("--replication", type=kind, help=help)


def _tag_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("needs a tag name", ctx=ctx, param_hint="--tag")
    return value


def tag_option(help: str = "Only papers with this tag.") -> Callable[[F], F]:
    """``--tag NAME``, completing tags; a blank name is a usage error (exit 2)."""
    return click.option("--tag", shell_complete=complete_tags, callback=_tag_name, help=help)


def year_option(help: str = "Only papers from this year.") -> Callable[[F], F]:
    return click.option("--year", type=int, help=help)


def member_option(flag: str, dest: str, help: str) -> Callable[[F], F]:
    """A member name (``--reader NAME``, ``--by NAME``) into ``dest``, completing names."""
    return click.option(flag, dest, metavar="NAME", shell_complete=complete_members, help=help)


def paper_argument(
    name: str = "ref", metavar: str = "ID", *, required: bool = True
) -> Callable[[F], F]:
    """One paper ``ID`` (any arXiv form, a DOI or a key), completing ids and keys."""
    return click.argument(name, metavar=metavar, required=required, shell_complete=complete_papers)


def papers_argument(name: str = "refs", metavar: str = "[ID]...") -> Callable[[F], F]:
    """Any number of paper ids (none: the command's default set), completing ids and keys."""
    return click.argument(name, metavar=metavar, nargs=-1, shell_complete=complete_papers)


def list_argument(
    name: str, *, metavar: str | None = None, required: bool = True
) -> Callable[[F], F]:
    """A reading list's name as an argument, completing list names."""
    return click.argument(name, metavar=metavar, required=required, shell_complete=complete_lists)


def all_option(help: str) -> Callable[[F], F]:
    """``--all`` into ``all_papers``."""
    return click.option("--all", "all_papers", is_flag=True, help=help)


def force_option(help: str) -> Callable[[F], F]:
    return click.option("--force", is_flag=True, help=help)


def add_to_option(help: str) -> Callable[[F], F]:
    """``--add LIST`` into ``add_to`` (``suggest``, ``feed``: add the chosen entries)."""
    return click.option("--add", "add_to", metavar="LIST", help=help)


def dismiss_option(help: str) -> Callable[[F], F]:
    return click.option("--dismiss", is_flag=True, help=help)
