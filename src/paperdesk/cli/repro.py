"""``paperdesk repro``: replication records from the command line.

The shape is ``paperdesk repro [--json] ID [ACTION ARGS...]``: the paper comes first, then what
to do with its record. ``repro ID`` alone shows the record; ``repro`` (or ``--summary``) shows
every paper that has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from paperdesk.cli.completion import complete_replication_states
from paperdesk.cli.options import json_option, member_option, paper_argument
from paperdesk.cli.output import print_json
from paperdesk.cli.repro_items import claim, run
from paperdesk.cli.repro_view import Target, done

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.replication_views import AttemptChange, SummaryRow


class ReproGroup(click.Group):
    """A group whose first positional is the paper ID; the action follows it.

    Group options may come before or after the ID (``repro ID --json``); all are flags but
    ``--by NAME``.
    """

    VALUED = ("--by",)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        flags: list[str] = []
        ident: str | None = None
        valued = False  # the previous argument was an option that takes a value
        for i, arg in enumerate(args):
            if valued or arg.startswith("-"):
                flags.append(arg)
                valued = arg in self.VALUED and not valued
            elif ident is None:
                if arg in self.commands:
                    raise click.UsageError(
                        f"give the paper first: paperdesk repro ID {arg} ...", ctx=ctx
                    )
                ident = arg
            else:
                return super().parse_args(ctx, [*flags, ident, *args[i:]])
        return super().parse_args(ctx, [*flags, *([ident] if ident else [])])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, cmd.get_short_help_str(70)) for name, cmd in self.commands.items()]
        with formatter.section("Actions (after the ID)"):
            formatter.write_dl(rows)


@click.group(cls=ReproGroup, invoke_without_command=True, subcommand_metavar="[ACTION [ARGS]...]")
@paper_argument(required=False)
@click.option("--summary", is_flag=True, help="Every paper with a record (the default with no ID).")
@member_option(
    "--by",
    "member",
    "With --summary: only what member NAME made (attempts, claims, runs, log entries).",
)
@json_option()
@click.pass_context
def repro(
    ctx: click.Context, ref: str | None, summary: bool, member: str | None, as_json: bool
) -> None:
    """Replication records: claims, runs, results and the gap, per paper.

    \b
    paperdesk repro 1706.03762                      show the record
    paperdesk repro 1706.03762 status running       the attempt's status
    paperdesk repro 1706.03762 claim add --metric BLEU --setting "WMT14 en-de" --value 28.4
    paperdesk repro 1706.03762 run add --command "make train" --result bleu-en-de=27.9
    paperdesk repro 1706.03762 run add --from eval/results.json
    paperdesk repro 1706.03762 compare                 every attempt side by side
    paperdesk repro 1706.03762 log "OOM at batch 64, trying gradient checkpointing"
    paperdesk repro --summary --json                every paper with a record
    paperdesk repro --summary --by ana              what member ana made

    A gap is signed so that negative means worse than the paper, for higher- and
    lower-is-better metrics alike. A result is within tolerance when it falls short of the
    claim by no more than the claim's tolerance; without one, by 1% of the claimed value
    (or the precision the paper printed it with, if larger). Add --json anywhere for JSON.
    """
    ctx.obj = Target(ref, as_json)
    if member is not None and ref is not None:
        raise click.UsageError("--by goes with --summary, not with an ID", ctx=ctx)
    if ctx.invoked_subcommand is not None:
        if summary:
            raise click.UsageError("--summary takes no ID or action", ctx=ctx)
        return
    from paperdesk.services import replication

    if summary or ref is None:
        if summary and ref is not None:
            raise click.UsageError("--summary takes no ID", ctx=ctx)
        rows = _summary(ctx.obj.lib(), member)
        if as_json:
            print_json({"records": rows, "count": len(rows)})
        else:
            from paperdesk.cli.repro_view import print_summary

            print_summary(rows, member)
        return
    rec = replication.record(ctx.obj.lib(), ref)
    if as_json:
        print_json(rec)
    else:
        from paperdesk.cli.repro_view import print_record

        print_record(rec)


def _summary(lib: Library, member: str | None) -> list[SummaryRow]:
    """The summary rows; an unknown ``--by`` name is a usage error (exit 2) with the closest."""
    from paperdesk.errors import NotFoundError
    from paperdesk.services import replication

    try:
        return replication.summary(lib, by=member)
    except NotFoundError as exc:
        if member is None:
            raise
        raise click.BadParameter(str(exc), param_hint="--by") from None


@repro.command(short_help="Set the current attempt's status (e.g. running, reproduced).")
@click.argument("state", shell_complete=complete_replication_states)
@json_option()
@click.pass_obj
def status(target: Target, state: str, as_json: bool) -> None:
    """Set the status of the current attempt (none, planned, running, reproduced, partial,
    failed, abandoned)."""
    from paperdesk.services import replication

    d = replication.set_status(target.lib(), target.paper, state)
    msg = (
        f"{d['paper']}: {d['old']} → {d['new']}"
        if d["old"] != d["new"]
        else f"{d['paper']}: already {d['new']}"
    )
    done(target, as_json, d, msg)


@repro.command()
@click.argument("url", required=False)
@click.option("--commit", metavar="SHA", help="The commit the attempt uses.")
@click.option(
    "--from-paper", is_flag=True, help="The first code link the paper prints (see 'show ID')."
)
@json_option()
@click.pass_obj
def repo(
    target: Target, url: str | None, commit: str | None, from_paper: bool, as_json: bool
) -> None:
    """Set the code repository URL (and commit) of the current attempt.

    A new URL without --commit clears the commit recorded for the previous repository."""
    from paperdesk.services import replication

    if from_paper == (url is not None):
        raise click.UsageError("give a URL or --from-paper (one of them)")
    if url is None:
        from paperdesk.services.links import repository_from_paper

        url = repository_from_paper(target.lib(), target.paper)
    d = replication.set_repo(target.lib(), target.paper, url, commit)
    at = f" @ {d['repo_commit']}" if d["repo_commit"] else ""
    done(target, as_json, d, f"{d['paper']}: repository {d['repo_url']}{at}")


@repro.command()
@click.argument("words", nargs=-1, required=True)
@json_option()
@click.pass_obj
def log(target: Target, words: tuple[str, ...], as_json: bool) -> None:
    """Append a timestamped entry to the current attempt's log."""
    from paperdesk.services import replication

    d = replication.add_log(target.lib(), target.paper, " ".join(words))
    done(target, as_json, d, f"{d['paper']}: logged in attempt {d['attempt']}")


def _text_command(name: str, field: str) -> click.Command:
    @click.argument("words", nargs=-1)
    @json_option()
    @click.pass_obj
    def command(target: Target, words: tuple[str, ...], as_json: bool) -> None:
        from paperdesk.services import replication

        setter = replication.set_goal if field == "goal" else replication.set_scope
        d: AttemptChange = setter(target.lib(), target.paper, " ".join(words))
        value = d["goal"] if field == "goal" else d["scope"]
        done(target, as_json, d, f"{d['paper']}: {field} {'set' if value else 'cleared'}")

    command.__doc__ = f"Set the current attempt's {field} (free text; nothing clears it)."
    return repro.command(name)(command)


_text_command("goal", "goal")
_text_command("scope", "scope")


@repro.command(short_help="Describe the environment: text and key/value pairs.")
@click.argument("words", nargs=-1)
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Add or change a key/value pair (repeatable), e.g. --set torch=2.3.",
)
@click.option("--unset", multiple=True, metavar="KEY", help="Remove a key (repeatable).")
@json_option()
@click.pass_obj
def env(
    target: Target,
    words: tuple[str, ...],
    pairs: tuple[str, ...],
    unset: tuple[str, ...],
    as_json: bool,
) -> None:
    """Describe the environment: free text (hardware, drivers) plus key/value pairs."""
    from paperdesk.replication import parse_assignment
    from paperdesk.services import replication

    kv = dict(parse_assignment(p, "environment pair") for p in pairs)
    text = " ".join(words) if words else None
    d = replication.set_environment(target.lib(), target.paper, text, set_kv=kv, unset=unset)
    done(target, as_json, d, f"{d['paper']}: environment updated")


@repro.command()
@click.option("--budget", metavar="N", help="Compute budget.")
@click.option("--spent", metavar="N", help="Compute spent so far (replaces).")
@click.option("--add", metavar="N", help="Add N to the compute spent.")
@click.option("--unit", metavar="UNIT", help="Unit, e.g. GPU-hours.")
@json_option()
@click.pass_obj
def compute(
    target: Target,
    budget: str | None,
    spent: str | None,
    add: str | None,
    unit: str | None,
    as_json: bool,
) -> None:
    """Record compute budget and spent, in any unit you name."""
    from paperdesk.services import replication

    d = replication.set_compute(
        target.lib(), target.paper, budget=budget, spent=spent, add=add, unit=unit
    )
    from paperdesk.cli.repro_view import compute_text

    done(target, as_json, d, f"{d['paper']}: compute {compute_text(d)}")


@repro.command()
@click.option("--goal", help="What this attempt sets out to reproduce.")
@click.option("--scope", help="Which parts of the paper it covers.")
@json_option()
@click.pass_obj
def new(target: Target, goal: str | None, scope: str | None, as_json: bool) -> None:
    """Start a new attempt (the earlier ones keep their runs and log)."""
    from paperdesk.services import replication

    d = replication.new_attempt(target.lib(), target.paper, goal=goal, scope=scope)
    done(target, as_json, d, f"{d['paper']}: attempt {d['number']} started (planned)")


@repro.command(short_help="Attempts side by side: each claim's best result and gap.")
@json_option()
@click.pass_obj
def compare(target: Target, as_json: bool) -> None:
    """Attempts side by side: each claim's best result and gap in every attempt."""
    from paperdesk.services.replication_results import compare as run

    d = run(target.lib(), target.paper)
    if target.json or as_json:
        print_json(d)
        return
    from paperdesk.cli.repro_view import print_compare

    print_compare(d)


repro.add_command(claim)
repro.add_command(run)
