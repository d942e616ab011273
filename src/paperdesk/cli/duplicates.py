"""``paperdesk duplicates`` and ``paperdesk merge``."""

from __future__ import annotations

from dataclasses import asdict

import click

from paperdesk.cli.options import json_option, paper_argument
from paperdesk.cli.output import library, print_json, print_table


@click.command()
@json_option('Print JSON: {"duplicates": [...]}.')
def duplicates(as_json: bool) -> None:
    """List papers that are likely the same work: the same arXiv id or DOI, the same PDF file,
    the same title and year, or a near-identical title in the same year. Each row names the
    paper to keep and the one to fold into it with 'paperdesk merge KEEP OTHER'."""
    from paperdesk.services.duplicates import find_duplicates

    found = find_duplicates(library())
    if as_json:
        print_json({"duplicates": [asdict(d) for d in found], "count": len(found)})
        return
    if not found:
        click.echo("no likely duplicates")
        return
    rows = [[d.keep, d.other, d.reason, f"{d.keep_title} / {d.other_title}"] for d in found]
    print_table(["keep", "merge", "why", "titles"], rows, max_widths={0: 24, 1: 24, 3: 80})
    first = found[0]
    pairs = "pair" if len(found) == 1 else "pairs"
    click.echo(
        f"{len(found)} {pairs}; fold one into the other with "
        f"'paperdesk merge {first.keep} {first.other}'"
    )


@click.command()
@paper_argument("keep", metavar="A")
@paper_argument("other", metavar="B")
@json_option("Print what was merged as JSON.")
def merge(keep: str, other: str, as_json: bool) -> None:
    """Merge paper B into paper A, in one transaction, losing nothing: reading and replication
    states with their history, notes (both kept), tags, claims, attempts and runs, list
    entries, citation links, the parsed text and the PDF (when A has none). A's own values win;
    B's key stays a name of A."""
    from paperdesk.services.merge import merge_papers

    report = merge_papers(library(), keep, other)
    if as_json:
        print_json(asdict(report))
        return
    moved = [
        f"{n} {what}"
        for n, what in (
            (report.history, "state changes"),
            (report.tags, "tags"),
            (report.claims, "claims"),
            (report.attempts, "attempts"),
            (report.list_entries, "list entries"),
            (report.cites, "citation links"),
        )
        if n
    ]
    if report.note != "none":
        moved.append(f"note {report.note}")
    if report.text == "moved":
        moved.append("parsed text")
    if report.pdf == "moved":
        moved.append("PDF")
    if report.filled:
        moved.append("fields " + ", ".join(report.filled))
    click.echo(
        f"merged {report.merged} into {report.kept}: " + ("; ".join(moved) or "nothing else")
    )
    click.echo(
        f"{report.kept}: reading {report.reading}, replication {report.replication}; "
        f"'{report.merged}' still names it"
    )
    if report.pdf_left:
        click.echo(
            f"note: {report.merged}'s own PDF was left in place: {report.pdf_left}", err=True
        )
