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
    "config": "config_cmd:config",
    "doctor": "doctor:doctor",
    "completion": "completion:completion",
    "whoami": "members:whoami",
    "members": "members:members",
}

# command name -> its line in ``paperdesk --help``: whole, under 60 characters, and without
# importing the command's module (``--help`` stays fast). A command missing here is listed
# with the first sentence of its docstring.
SUMMARIES: dict[str, str] = {
    "add": "Add papers by arXiv id, URL, DOI+title or local PDF.",
    "annotations": "List the highlights and notes saved in a paper's PDF.",
    "completion": "Print the shell completion script (bash, zsh, fish).",
    "config": "Show the effective settings, their sources and paths.",
    "doctor": "Check the setup and database, and say what to fix.",
    "duplicates": "List papers that are likely the same work.",
    "export": "Export a Markdown vault, BibTeX, CSL-JSON or a backup.",
    "feed": "New arXiv papers, ranked by a model of your library.",
    "fetch": "Fetch arXiv metadata and PDFs.",
    "import": "Import BibTeX/CSL-JSON, a vault, or restore a backup.",
    "index": "Embed new passages and update the search index.",
    "key": "Set the citation key of a paper.",
    "lists": "Show the reading lists with their progress.",
    "mark": "Set the reading or replication state of papers.",
    "members": "The library's members: who reads and replicates what.",
    "merge": "Merge one paper into another, losing nothing.",
    "next": "What to read next, in roadmap order.",
    "note": "Edit, print or append to a paper's Markdown note.",
    "open": "Open a paper's stored PDF in the system viewer.",
    "papers": "List papers with their reading and replication states.",
    "parse": "Extract text, sections and references from PDFs.",
    "plan": "Set a reading pace for a list, or show every plan.",
    "repro": "Replication records: claims, runs, results, the gap.",
    "search": "Search the library by meaning and words.",
    "show": "Show one paper: metadata, states, history, note.",
    "similar": "Papers like a given one, by meaning and words.",
    "stats": "Progress over time: papers read, streaks, replications.",
    "suggest": "Works your papers cite that the library lacks.",
    "sync": "Fetch, parse and index what is new, in one go.",
    "tag": "Add or remove tags on papers.",
    "tui": "Open the terminal UI.",
    "whoami": "Who you are in this library, and where the name comes from.",
}


# words people reach for that name no command, and the commands that do that
MEANT: dict[str, tuple[str, ...]] = {
    "roadmap": ("lists", "next", "plan"),
    "progress": ("stats", "plan"),
    "find": ("search", "show"),
    "query": ("search",),
    "download": ("fetch",),
    "get": ("fetch", "add"),
    "status": ("mark",),
    "state": ("mark",),
    "read": ("mark", "open"),
    "list": ("lists", "papers"),
    "backup": ("export",),
    "restore": ("import",),
    "info": ("show",),
    "view": ("show", "open"),
    "ui": ("tui",),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used (or listed by ``--help``)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """As click's, but a name that is no command gets the closest ones (``paperdesk
        serch`` → search; ``paperdesk roadmap`` → lists, next or plan)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS and not ctx.resilient_parsing:
            from paperdesk.closest import close_to, hint

            near = list(MEANT.get(name.lower(), ())) or close_to(name, COMMANDS)
            ctx.fail(f"no command {name!r}{hint(near, quote=True)}; 'paperdesk --help' lists them")
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name
            for name in COMMANDS
            if name in SUMMARIES or self._load(name, strict=False) is not None
        )

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        cmd = self._load(name, strict=True)
        if cmd is not None and cmd.short_help is None and name in SUMMARIES:
            cmd.short_help = SUMMARIES[name]  # shells that show descriptions (zsh, fish)
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`SUMMARIES`, importing only commands not in it."""
        rows = []
        for name in self.list_commands(ctx):
            summary = SUMMARIES.get(name)
            if summary is None:
                cmd = self._load(name, strict=False)
                if cmd is None or cmd.hidden:
                    continue
                summary = cmd.get_short_help_str(limit=60)
            rows.append((name, summary))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

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
    alone on a shared machine: umask 077 (0600 files, 0700 folders), unless PAPERDESK_UMASK or
    ``umask`` in the config file says otherwise (e.g. 022 for files others may read)."""
    import os

    from paperdesk.config import startup_umask
    from paperdesk.errors import ConfigError

    try:
        mask = startup_umask()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    os.umask(mask)


def main() -> None:
    private_files()
    cli(prog_name="paperdesk")


if __name__ == "__main__":
    main()
