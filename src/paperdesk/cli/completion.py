"""Shell completion: ``paperdesk completion bash|zsh|fish`` and the completers for ids, list
names, tags and states.

Click completes commands and options itself; the completers here read the library through
the read-only fast path (stdlib sqlite3, no SQLAlchemy), so a TAB answers in tens of
milliseconds. They never fail loudly: a library that cannot be read fast (PostgreSQL, one not
yet migrated, a bad config) offers no names rather than an error in the middle of a prompt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from click.shell_completion import CompletionItem, get_completion_class

from paperdesk.states import READING_STATES, REPLICATION_STATES

COMPLETE_VAR = "_PAPERDESK_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


@contextmanager
def _reader() -> Iterator[Any]:
    """The fast reader, or None when the library cannot be read without migrating."""
    reader = None
    try:
        from paperdesk.config import load_settings
        from paperdesk.storage.fastread import open_fast

        reader = open_fast(load_settings())
    except Exception:  # a broken config: complete nothing, the command will say why
        reader = None
    try:
        yield reader
    finally:
        if reader is not None:
            reader.close()


def _rows(sql: str) -> list[tuple[Any, ...]]:
    import sqlite3

    with _reader() as reader:
        if reader is None:
            return []
        try:
            return reader.rows(sql)
        except sqlite3.Error:
            return []


def paper_items(incomplete: str) -> list[CompletionItem]:
    """arXiv ids and keys starting with ``incomplete`` (case-insensitive), titles as help."""
    from paperdesk.storage.queries import COMPLETE_PAPERS

    typed = incomplete.lower()
    items = []
    for key, arxiv_id, title in _rows(COMPLETE_PAPERS):
        for name in (arxiv_id, key):
            if name and name.lower().startswith(typed):
                items.append(CompletionItem(name, help=title))
                break
    return items


def complete_papers(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return paper_items(incomplete)


def complete_lists(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from paperdesk.storage.queries import COMPLETE_LISTS

    return [
        CompletionItem(name, help=title)
        for name, title in _rows(COMPLETE_LISTS)
        if name.startswith(incomplete)
    ]


def complete_tags(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from paperdesk.storage.queries import COMPLETE_TAGS

    return [CompletionItem(name) for (name,) in _rows(COMPLETE_TAGS) if name.startswith(incomplete)]


def complete_members(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from paperdesk.storage.queries import COMPLETE_MEMBERS

    return [CompletionItem(n) for (n,) in _rows(COMPLETE_MEMBERS) if n.startswith(incomplete)]


TRACKS = (("reading", READING_STATES), ("replication", REPLICATION_STATES))


def state_items(incomplete: str, tracks: tuple[str, ...] = ("reading", "replication")) -> list[Any]:
    """The states of ``tracks`` starting with ``incomplete``, each with its track as help."""
    typed = incomplete.lower()
    return [
        CompletionItem(s, help=track)
        for track, states in TRACKS
        if track in tracks
        for s in states
        if s.startswith(typed)
    ]


def complete_states(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return state_items(incomplete)


def complete_replication_states(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[Any]:
    return state_items(incomplete, ("replication",))


def papers_then(
    after: Callable[[str], list[CompletionItem]],
) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """For ``ID... STATE`` style arguments, where click offers only the first (``nargs=-1``)
    argument: ids first, then ids and whatever ``after`` offers once an id is given."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        given = ctx.params.get(param.name or "") or ()
        others = [v for v in ctx.params.values() if isinstance(v, str)]
        if not given and not others:
            return paper_items(incomplete)
        return [*after(incomplete), *paper_items(incomplete)]

    return complete


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL: commands, options, paper ids and keys, list
    names, tags and states complete on TAB.

    \b
      bash:  eval "$(paperdesk completion bash)"      (in ~/.bashrc)
      zsh:   eval "$(paperdesk completion zsh)"       (in ~/.zshrc)
      fish:  paperdesk completion fish > ~/.config/fish/completions/paperdesk.fish
    """
    from paperdesk.cli.main import cli

    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - the three shells are click's own
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(cli, {}, "paperdesk", COMPLETE_VAR).source())
