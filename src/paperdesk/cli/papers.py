"""``paperdesk papers``, ``show``, ``mark`` and ``tag`` (``add`` lives in ``cli/add.py``)."""

from __future__ import annotations

import click

from paperdesk.cli.output import console, fail, library, print_json, print_table, settings
from paperdesk.states import READING_STATES, REPLICATION_STATES


def markers(p: dict) -> str:
    """P: PDF stored, T: text parsed, I: indexed, ↑: newer version on arXiv."""
    return (
        ("P" if p["pdf"] else "·")
        + ("T" if p["parsed"] else "·")
        + ("I" if p["indexed"] else "·")
        + ("↑" if p["newer_version"] else "")
    )


@click.command()
@click.option("--list", "list_name", metavar="NAME", help="Only this list, in list order.")
@click.option("--reading", type=click.Choice(READING_STATES), help="Only this reading state.")
@click.option(
    "--replication", type=click.Choice(REPLICATION_STATES), help="Only this replication state."
)
@click.option("--tag", help="Only papers with this tag.")
@click.option("--year", type=int, help="Only papers from this year.")
@click.option("--json", "as_json", is_flag=True, help='Print JSON: {"papers": [...], "count": N}.')
def papers(
    list_name: str | None,
    reading: str | None,
    replication: str | None,
    tag: str | None,
    year: int | None,
    as_json: bool,
) -> None:
    """List papers with their reading and replication states."""
    from paperdesk.services.listing import PaperFilter, list_papers, open_reader

    if tag is not None and not tag.strip():
        fail("--tag needs a tag name")

    reader = open_reader(settings())
    rows = list_papers(reader, PaperFilter(list_name, reading, replication, tag, year))
    reader.close()
    if as_json:
        print_json({"papers": rows, "count": len(rows)})
        return
    headers = ["id", "title", "year", "reading", "replication", "PTI"]
    table = [
        [p["id"], p["title"], str(p["year"] or ""), p["reading"], p["replication"], markers(p)]
        for p in rows
    ]
    caps = {0: 24, 1: 70}
    if list_name:
        headers.insert(0, "stage")
        for cells, p in zip(table, rows, strict=True):
            cells.insert(0, p.get("stage") or "")
        caps = {0: 20, 1: 24, 2: 64}
    print_table(headers, table, max_widths=caps, right={headers.index("year")})
    click.echo(f"{len(rows)} papers  (P pdf · T text · I indexed · ↑ newer version on arXiv)")


@click.command()
@click.argument("ref", metavar="ID")
@click.option("--sections", is_flag=True, help="Print the parsed outline with passage counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show(ref: str, sections: bool, as_json: bool) -> None:
    """Show one paper: metadata, lists, states and their history, note, citations."""
    from paperdesk.services.papers import paper_detail

    d = paper_detail(library(), ref, sections=sections)
    if as_json:
        print_json(d)
        return
    from rich.markup import escape

    out = console()
    version = f"v{d['version']}" if d["version"] else ""
    ident = f"arXiv:{d['arxiv_id']}{version}" if d["arxiv_id"] else ""
    out.print(f"[bold]{escape(d['title'])}[/bold]")
    if d["authors"]:
        out.print(escape(", ".join(d["authors"])))
    key = d["id"] + (" (provisional key)" if d["key_provisional"] else "")
    facts = [f"key: {key}", ident, str(d["year"] or "")]
    if d["doi"]:
        facts.append(f"doi:{d['doi']}")
    if d["primary_category"]:
        facts.append(d["primary_category"])
    out.print(" · ".join(f for f in facts if f))
    if d.get("venue") and d["venue"] != d["journal_ref"]:
        out.print(escape(d["venue"]))
    if d["newer_version"]:
        out.print(
            f"[yellow]arXiv has v{d['version']}; the stored PDF is v{d['pdf_version']}[/yellow]"
        )
    out.print(
        f"reading: [bold]{d['reading']}[/bold]   replication: [bold]{d['replication']}[/bold]"
        + (f"   claims: {d['claims']}" if d["claims"] else "")
    )
    pdf = d["pdf_path"] or "not fetched"
    if d["pdf_missing"]:
        pdf += f" (missing on disk: run 'paperdesk fetch {d['id']} --force')"
    out.print(f"pdf: {escape(pdf)}   text: {d['parse_status'] or 'not parsed'}")
    for m in d["lists"]:
        line = f"list: {m['name']} #{m['position']}" + (
            f" ({escape(m['stage'])})" if m["stage"] else ""
        )
        out.print(line + (f" — {escape(m['why'])}" if m["why"] else ""))
    if d["tags"]:
        out.print("tags: " + ", ".join(d["tags"]))
    for link in d.get("links") or []:
        out.print(f"{link['kind']}: {escape(link['url'])}  [dim](p. {link['page']})[/dim]")
    if d["abstract"]:
        out.print()
        out.print(escape(d["abstract"]))
    for label, key in (
        ("cites in your library", "cites"),
        ("cited by in your library", "cited_by"),
    ):
        if d[key]:
            out.print(f"\n{label} ({len(d[key])}):")
            for x in d[key]:
                how = f"  [dim]by {x['how']}[/dim]" if x.get("how") else ""
                out.print(f"  {x['id']}  {escape(x['title'])}{how}")
    if d["history"]:
        out.print("\nhistory:")
        for h in d["history"]:
            out.print(f"  {h['at']}  {h['track']}: {h['from']} → {h['to']}")
    if d["note"]:
        out.print("\nnote:")
        out.print(escape(d["note"].rstrip()))
    if sections:
        out.print("\noutline:")
        if not d.get("sections"):
            why = d["parse_status"] or "not parsed yet"
            out.print(f"  (no outline: {escape(why)}; run 'paperdesk parse {d['id']}')")
        for sec in d.get("sections", []):
            indent = "  " * sec["level"]
            label = f"{sec['number']} {sec['title']}" if sec["number"] else sec["title"]
            out.print(
                f"{indent}{escape(label)}  [dim]p.{sec['page']} · {sec['passages']} passages[/dim]"
            )


@click.command()
@click.argument("ref", metavar="ID")
@click.argument("state", metavar="STATE")
def mark(ref: str, state: str) -> None:
    """Set a paper's reading state (unread queued reading read skimmed dropped) or replication
    state (none planned running reproduced partial failed abandoned)."""
    from paperdesk.services.papers import mark as do_mark

    key, track, old = do_mark(library(), ref, state)
    if old is None:
        click.echo(f"{key}: {track} state is already {state.lower()}")
    else:
        click.echo(f"{key}: {track} {old} → {state.lower()}")


@click.command()
@click.argument("ref", metavar="ID")
@click.argument("tags", nargs=-1)
@click.option("--remove", "-r", multiple=True, help="Remove this tag (repeatable).")
def tag(ref: str, tags: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Add TAGS to a paper (or remove them with -r); prints the paper's tags."""
    from paperdesk.services.papers import set_tags

    now = set_tags(library(), ref, list(tags), list(remove))
    click.echo(", ".join(now) if now else "(no tags)")
