"""``paperdesk papers``, ``show``, ``mark`` and ``tag`` (``add`` lives in ``cli/add.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from paperdesk.cli.completion import complete_papers, complete_tags, papers_then, state_items
from paperdesk.cli.options import (
    json_option,
    list_option,
    member_option,
    paper_argument,
    reading_option,
    replication_option,
    tag_option,
    year_option,
)
from paperdesk.cli.output import console, library, print_json, print_table, settings
from paperdesk.presenter import row_markers
from paperdesk.states import READING_STATES, REPLICATION_STATES
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.storage.fastread import Reader

_ids_then_states = papers_then(state_items)
ALL_STATES = frozenset((*READING_STATES, *REPLICATION_STATES))


@click.command()
@list_option("Only this list, in list order.")
@reading_option()
@replication_option()
@tag_option()
@year_option()
@member_option(
    "--reader", "reader_name", "Member NAME's reading states and tags instead of mine (read-only)."
)
@json_option('Print JSON: {"papers": [...], "count": N}.')
def papers(
    list_name: str | None,
    reading: str | None,
    replication: str | None,
    tag: str | None,
    year: int | None,
    reader_name: str | None,
    as_json: bool,
) -> None:
    """List papers with their reading and replication states."""
    from paperdesk.services.listing import PaperFilter, list_papers, open_reader

    reader = open_reader(settings())
    try:
        member = _member_id(reader, reader_name) if reader_name is not None else None
        rows = list_papers(
            reader, PaperFilter(list_name, reading, replication, tag, year), member=member
        )
    finally:
        reader.close()
    if as_json:
        print_json({"papers": [p.to_json() for p in rows], "count": len(rows)})
        return
    headers = ["id", "title", "year", "reading", "replication", "PTI"]
    table = [
        [p.id, p.title, str(p.year or ""), p.reading, p.replication, row_markers(p)] for p in rows
    ]
    caps = {0: 24, 1: 70}
    if list_name:
        headers.insert(0, "stage")
        for cells, p in zip(table, rows, strict=True):
            cells.insert(0, p.stage or "")
        caps = {0: 20, 1: 24, 2: 64}
    print_table(headers, table, max_widths=caps, right={headers.index("year")})
    legend = "P pdf · T text · I indexed · ↑ newer version on arXiv"
    click.echo(f"{plural(len(rows), 'paper')}  ({legend})")
    if reader_name:
        click.echo(f"reading states and tags of {reader_name.strip()}")


def _member_id(reader: Reader, name: str) -> int:
    """The member ``--reader`` names, read on the same (fast, ORM-free) path as the list; an
    unknown name is a usage error naming the closest."""
    from paperdesk.errors import NotFoundError

    try:
        return reader.member_named(name)
    except NotFoundError as exc:
        raise click.BadParameter(str(exc), param_hint="--reader") from None


@click.command()
@paper_argument()
@click.option("--sections", is_flag=True, help="Print the parsed outline with passage counts.")
@json_option("Print the record as JSON.")
def show(ref: str, sections: bool, as_json: bool) -> None:
    """Show one paper: metadata, lists, states and their history, note, citations."""
    from paperdesk.dates import iso_time
    from paperdesk.services.papers import paper_detail

    d = paper_detail(library(), ref, sections=sections)
    if as_json:
        print_json(d.to_json())
        return
    from rich.markup import escape

    out = console()
    version = f"v{d.version}" if d.version else ""
    ident = f"arXiv:{d.arxiv_id}{version}" if d.arxiv_id else ""
    out.print(f"[bold]{escape(d.title)}[/bold]")
    if d.authors:
        out.print(escape(", ".join(d.authors)))
    key = d.id + (" (provisional key)" if d.key_provisional else "")
    facts = [f"key: {key}", ident, str(d.year or "")]
    if d.doi:
        facts.append(f"doi:{d.doi}")
    if d.primary_category:
        facts.append(d.primary_category)
    out.print(" · ".join(f for f in facts if f))
    if venue := d.shown_venue:  # once, however it was stored (journal_ref or venue)
        out.print(escape(venue))
    if d.newer_version:
        out.print(f"[yellow]arXiv has v{d.version}; the stored PDF is v{d.pdf_version}[/yellow]")
    out.print(
        f"reading: [bold]{d.reading}[/bold]   replication: [bold]{d.replication}[/bold]"
        + (f"   claims: {d.claims}" if d.claims else "")
    )
    pdf = d.pdf_path or "not fetched"
    if d.pdf_missing:
        pdf += f" (missing on disk: run 'paperdesk fetch {d.id} --force')"
    refs = f"   references: {d.references}" if d.parse_status == "parsed" else ""
    out.print(f"pdf: {escape(pdf)}   text: {d.parse_status or 'not parsed'}{refs}")
    for m in d.lists:
        line = f"list: {m.name} #{m.position}" + (f" ({escape(m.stage)})" if m.stage else "")
        out.print(line + (f" — {escape(m.why)}" if m.why else ""))
    if d.tags:
        out.print("tags: " + ", ".join(d.tags))
    for link in d.links:
        out.print(f"{link.kind}: {escape(link.url)}  [dim](p. {link.page})[/dim]")
    if d.abstract:
        out.print()
        out.print(escape(d.abstract))
    for label, papers in (
        ("cites in your library", d.cites),
        ("cited by in your library", d.cited_by),
    ):
        if papers:
            out.print(f"\n{label} ({len(papers)}):")
            for x in papers:
                how = f"  [dim]by {x.how}[/dim]" if x.how else ""
                out.print(f"  {x.id}  {escape(x.title)}{how}")
    if d.history:
        out.print("\nhistory:")
        for h in d.history:
            out.print(f"  {iso_time(h.at)}  {h.track}: {h.old} → {h.new}")
    if d.note:
        out.print("\nnote:")
        out.print(escape(d.note.rstrip()))
    if sections:
        out.print("\noutline:")
        if not d.sections:
            why = d.parse_status or "not parsed yet"
            out.print(f"  (no outline: {escape(why)}; run 'paperdesk parse {d.id}')")
        from paperdesk.wording import plural

        for sec in d.sections or []:
            out.print(
                f"{'  ' * sec.level}{escape(sec.label)}  [dim]p.{sec.page} · "
                f"{plural(sec.passages, 'passage')}[/dim]"
            )


@click.command()
@click.argument("refs", metavar="ID...", nargs=-1, shell_complete=_ids_then_states)
@click.argument("state", metavar="STATE")
@json_option('Print JSON: {"papers": [{"id", ...}]}.')
def mark(refs: tuple[str, ...], state: str, as_json: bool) -> None:
    """Set the reading state (unread queued reading read skimmed dropped) or replication state
    (none planned running reproduced partial failed abandoned) of one or more papers, e.g.
    'paperdesk mark 1706.03762 1810.04805 read'. All or none: an unknown id changes nothing."""
    from paperdesk.services.papers import mark_many

    if not refs:
        raise click.UsageError(f"give the paper IDs, then the STATE: paperdesk mark {state} read")
    states = [r for r in refs if r.strip().lower() in ALL_STATES]
    if states:
        given = [*states, state]
        names = ", ".join(repr(x) for x in given[:-1]) + f" and {given[-1]!r}"
        each = "both" if len(given) == 2 else "all"
        raise click.UsageError(f"give one STATE after the IDs: {names} are {each} states")
    changes = mark_many(library(), list(refs), state)
    if as_json:
        print_json(
            {
                "papers": [
                    {
                        "id": c.id,
                        "track": c.track,
                        "from": c.old or c.new,
                        "to": c.new,
                        "changed": c.old is not None,
                    }
                    for c in changes
                ]
            }
        )
        return
    for c in changes:
        if c.old is None:
            click.echo(f"{c.id}: {c.track} state is already {c.new}")
        else:
            click.echo(f"{c.id}: {c.track} {c.old} → {c.new}")


@click.command()
@click.argument(
    "args", metavar="ID [TAG...]", nargs=-1, required=True, shell_complete=complete_papers
)
@click.option(
    "--add",
    "-a",
    "adds",
    multiple=True,
    shell_complete=complete_tags,
    help="Add this tag (repeatable); with -a or -r every argument is an ID.",
)
@click.option(
    "--remove",
    "-r",
    multiple=True,
    shell_complete=complete_tags,
    help="Remove this tag (repeatable).",
)
@json_option('Print JSON: {"papers": [{"id", "tags", ...}]}.')
def tag(
    args: tuple[str, ...], adds: tuple[str, ...], remove: tuple[str, ...], as_json: bool
) -> None:
    """Add TAGs to paper ID, or add (-a) and remove (-r) tags of one or more papers: with -a
    or -r every argument is an ID. Prints each paper's tags. All or none: an unknown id, or a
    tag to remove that a paper lacks, changes nothing.

    \b
      paperdesk tag 1706.03762 transformers attention
      paperdesk tag 1706.03762 1810.04805 -a pretraining -r todo
    """
    from paperdesk.services.papers import tag_many

    if adds:
        refs, tags = list(args), list(adds)
    elif remove:
        refs, tags = list(args), []
    else:
        refs, tags = [args[0]], list(args[1:])
    changes = tag_many(library(), refs, tags, list(remove))
    if as_json:
        print_json({"papers": [vars(c) for c in changes]})
        return
    for c in changes:
        shown = ", ".join(c.tags) if c.tags else "(no tags)"
        click.echo(f"{c.id}: {shown}")
