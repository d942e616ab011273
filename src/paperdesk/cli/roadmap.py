"""``paperdesk next``, ``paperdesk plan`` and ``paperdesk stats``: the roadmap companion."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from paperdesk.cli.options import json_option, limit_option, list_argument, list_option
from paperdesk.cli.output import library, print_json, print_table, settings
from paperdesk.printable import for_terminal
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.plans import PlanStatus

T = TypeVar("T")


def _read(query: Callable[..., T], **kw: Any) -> T:
    """Run one read-only ``query(reader, **kw)`` on the fast read path, closing the reader."""
    from paperdesk.services.listing import open_reader

    reader = open_reader(settings())
    try:
        return query(reader, **kw)
    finally:
        reader.close()


@click.command("next")
@list_option("Only the papers of this list.")
@limit_option(10, "How many (0: all).", dest="n", old="--n")
@json_option('Print JSON: {"papers": [...], ...}.')
def next_(list_name: str | None, n: int, n_old: int | None, as_json: bool) -> None:
    """What to read next, in roadmap order, each paper after the unread papers it builds on.

    Papers being read and queued come first; read, skimmed and dropped ones are left out. A
    paper that cites an unread paper of the same list comes after it.
    """
    from paperdesk.services.roadmap import next_papers

    report = _read(next_papers, list_name=list_name, n=n if n_old is None else n_old)
    if as_json:
        print_json(report.to_json())
        return
    if not report.papers:
        where = list_name or "the roadmap"
        click.echo(f"Nothing left to read in {where}: {plural(report.finished, 'paper')} done.")
        return
    rows = [
        [str(p.rank), p.paper.label, p.paper.state, p.paper.title, p.reason] for p in report.papers
    ]
    print_table(["#", "id", "state", "title", "why next"], rows, max_widths={3: 46}, right={0})
    shown = len(report.papers)
    more = f" (first {shown}; -k 0 for all)" if shown < report.left else ""
    click.echo(f"{plural(report.left, 'paper')} to read{more} · {report.finished} done")


@click.command("plan")
@list_argument("list_name", metavar="[LIST]", required=False)
@click.option("--pace", metavar="N/week", help="Papers a week, e.g. 3/week.")
@click.option("--start", metavar="DATE", help="First day of the plan (YYYY-MM-DD; default today).")
@click.option("--days", metavar="DAYS", help="Reading days, e.g. mon,wed,fri (default: all week).")
@click.option("--clear", is_flag=True, help="Remove the plan of LIST.")
@json_option('Print JSON: {"plans": [...]}.')
def plan(
    list_name: str | None,
    pace: str | None,
    start: str | None,
    days: str | None,
    clear: bool,
    as_json: bool,
) -> None:
    """Set a reading pace for LIST, or show how every plan is going.

    \b
    paperdesk plan transformers-core --pace 3/week --days mon,wed,fri
    paperdesk plan            # every plan: due this week, ahead/behind, projected finish
    """
    from paperdesk.cli.output import fail
    from paperdesk.services import plans

    changing = pace is not None or start is not None or days is not None
    if (changing or clear) and list_name is None:
        raise click.UsageError(
            "name the list to plan, e.g. paperdesk plan transformers-core --pace 3/week"
        )
    if clear:
        if not plans.clear_plan(library(), list_name or ""):
            fail(f"{list_name} has no plan")
        click.echo(for_terminal(f"{list_name}: plan removed"))
        return
    if changing:
        plans.set_plan(library(), list_name or "", pace, start=start, days=days)
    report = _read(plans.plan_status, list_name=list_name)
    if as_json:
        print_json(report.to_json())
        return
    if not report.plans:
        click.echo("No study plans yet: paperdesk plan LIST --pace 3/week")
        return
    _print_plans(report.plans)


def _print_plans(statuses: list[PlanStatus]) -> None:
    from paperdesk.dates import format_weekdays, short_day

    rows = [
        [
            p.list_name,
            f"{p.pace}/week",
            format_weekdays(p.days),
            f"{p.done}/{p.total}",
            p.status,
            str(len(p.due_this_week)),
            short_day(p.projected_finish) if p.projected_finish else "-",
        ]
        for p in statuses
    ]
    print_table(
        ["list", "pace", "days", "done", "status", "due this week", "finish (projected)"],
        rows,
        right={3, 5},
    )
    for p in statuses:
        if p.due_this_week:
            click.echo(f"\n{for_terminal(p.list_name)}, due this week:")
            print_table(
                ["due", "id", "title"],
                [[short_day(x.due), x.label, x.title] for x in p.due_this_week],
            )


@click.command("stats")
@list_option("Only the papers of this list.")
@click.option(
    "--since",
    metavar="DATE",
    help="DATE (YYYY-MM-DD, today or yesterday): count only what happened from DATE on, in "
    "every section (running totals still include earlier reads).",
)
@json_option("Print the numbers as JSON.")
def stats(list_name: str | None, since: str | None, as_json: bool) -> None:
    """Progress over time: papers read per week, per list, streaks, queued-to-read time,
    replication attempts and claims met, from the history paperdesk keeps."""
    from paperdesk.dates import parse_date
    from paperdesk.services.stats import progress

    start = parse_date(since, "--since") if since else None
    report = _read(progress, list_name=list_name, since=start)
    if as_json:
        print_json(report.to_json())
        return
    from paperdesk.cli.stats_view import print_stats

    print_stats(report)
