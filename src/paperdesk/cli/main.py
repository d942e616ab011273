"""Entry point. Subcommands load lazily so that ``paperdesk --help`` and list views start fast."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from paperdesk import __version__
from paperdesk.errors import PaperdeskError

# command name -> "module:attribute"; modules live in paperdesk.cli.
COMMANDS: dict[str, str] = {
    "lists": "lists:lists",
    "papers": "papers:papers",
    "show": "papers:show",
    "add": "add:add",
    "duplicates": "duplicates:duplicates",
    "merge": "duplicates:merge",
    "mark": "papers:mark",
    "tag": "papers:tag",
    "key": "key:key",
    "note": "note:note",
    "annotations": "note:annotations",
    "fetch": "fetch:fetch",
    "open": "fetch:open_pdf",
    "parse": "parse:parse",
    "index": "search:index",
    "search": "search:search",
    "similar": "search:similar",
    "sync": "search:sync",
    "repro": "repro:repro",
    "export": "interchange:export",
    "import": "interchange:import_",
    "tui": "tui:tui",
    "next": "roadmap:next_",
    "plan": "roadmap:plan",
    "stats": "roadmap:stats",
    "suggest": "discover:suggest",
    "feed": "discover:feed",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used (or listed by ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name, strict=False) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name, strict=True)

    def _load(self, name: str, *, strict: bool) -> click.Command | None:
        """Import a subcommand. For ``--help`` (not strict) a module that fails to import is
        left out of the listing instead of breaking every other command."""
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(f"paperdesk.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"paperdesk.cli.{module_name}":
                return None  # a command group not built yet
            if strict:
                raise
            return None
        except Exception:
            if strict:
                raise
            return None
        return getattr(module, attr, None)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PaperdeskError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="paperdesk")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """paperdesk: read papers, track replications, search your library by meaning.

    Run with no command to open the TUI. Wherever a command takes ID, any arXiv form works
    (1706.03762, arXiv:1706.03762v7, an abs/pdf URL, 10.48550/arXiv.1706.03762), as does a DOI
    or the key of a paper that is not on arXiv (e.g. radford2018gpt1).
    """
    if ctx.invoked_subcommand is None:
        tui_cmd = ctx.command.get_command(ctx, "tui")  # type: ignore[attr-defined]
        if tui_cmd is not None and sys.stdout.isatty() and sys.stdin.isatty():
            ctx.invoke(tui_cmd)
            return
        lists_cmd = ctx.command.get_command(ctx, "lists")  # type: ignore[attr-defined]
        ctx.invoke(lists_cmd)
        click.echo(
            "\nHint: 'paperdesk papers --list NAME' lists a list's papers; "
            "'paperdesk --help' shows every command.",
            err=True,
        )


def private_files() -> None:
    """Files paperdesk makes (the SQLite library, PDFs, exports, the vault) are the user's
    alone on a shared machine: umask 077 (0600 files, 0700 folders), unless PAPERDESK_UMASK
    says otherwise (e.g. 022 for files others may read)."""
    import os

    raw = os.environ.get("PAPERDESK_UMASK", "077")
    try:
        mask = int(raw, 8)
        if not 0 <= mask <= 0o777:
            raise ValueError
    except ValueError:
        click.echo(
            f"error: PAPERDESK_UMASK must be an octal mask such as 077, not {raw!r}", err=True
        )
        raise SystemExit(1) from None
    os.umask(mask)


def main() -> None:
    private_files()
    cli(prog_name="paperdesk")


if __name__ == "__main__":
    main()
