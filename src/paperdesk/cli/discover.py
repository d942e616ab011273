"""``paperdesk suggest`` (cited but missing) and ``paperdesk feed`` (new arXiv papers ranked by
the library): discovery, from the library's own references and vectors."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from paperdesk.cli.output import fail, library, print_json, print_table


def _citers_text(w: Any, most: int = 3) -> str:
    names = [c.key for c in w.cited_by[:most]]
    more = f" +{w.cites - most}" if w.cites > most else ""
    return ", ".join(names) + more


@click.command()
@click.argument("ranks", nargs=-1, type=int, metavar="[RANK...]")
@click.option("--list", "list_name", metavar="NAME", help="Only the references of this list.")
@click.option("--min-cites", type=int, default=1, show_default=True, help="Cited at least N times.")
@click.option("--limit", type=int, default=30, show_default=True, help="Show the first N.")
@click.option(
    "--add",
    "add_to",
    metavar="LIST",
    help="Add the works numbered RANK... (default: all shown) to LIST (created if new).",
)
@click.option("--dismiss", is_flag=True, help="Never suggest the works numbered RANK... again.")
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
def suggest(
    ranks: tuple[int, ...],
    list_name: str | None,
    min_cites: int,
    limit: int,
    add_to: str | None,
    dismiss: bool,
    as_json: bool,
) -> None:
    """Works your papers cite that the library lacks, most cited first.

    Built from the parsed reference lists alone (no network): references are merged by arXiv
    id, DOI or normalised title, ranked by how many library papers cite them, then by how many
    of those you have read. 'suggest 1 3 --add LIST' adds works 1 and 3 to LIST as papers
    (arXiv ones are filled by 'paperdesk fetch' later).
    """
    from paperdesk.services import suggest as svc

    if ranks and not (add_to or dismiss):
        fail("RANK numbers choose works for --add LIST or --dismiss; give one of them")
    if add_to and dismiss:
        fail("give either --add LIST or --dismiss, not both")
    if dismiss and not ranks:
        fail("--dismiss needs the RANK numbers of the works to hide")
    lib = library()
    report = svc.suggest(lib, list_name=list_name, min_cites=min_cites, limit=limit)
    if add_to or dismiss:
        chosen = svc.pick(report, list(ranks))
        if dismiss:
            n = svc.dismiss(lib, [w.key for w in chosen])
            if as_json:
                print_json({"dismissed": [w.key for w in chosen], "new": n})
            else:
                click.echo(f"dismissed {len(chosen)} suggestions")
            return
        added = svc.add_suggestions(lib, chosen, add_to or "")
        if as_json:
            print_json(
                {
                    "list": add_to,
                    "added": [
                        {"rank": a.suggestion.rank, "id": a.paper_key, "created": a.created}
                        for a in added
                    ],
                }
            )
            return
        for a in added:
            how = "added" if a.created else "already in the library,"
            click.echo(f"{how} {a.paper_key} (#{a.suggestion.rank}) → {add_to}")
        if any(a.created and a.suggestion.arxiv_id for a in added):
            click.echo("'paperdesk fetch' fills in their arXiv metadata and PDFs.", err=True)
        return
    if as_json:
        print_json(
            {
                "suggestions": [
                    {**asdict(w), "cites": w.cites, "read_cites": w.read_cites, "link": w.link}
                    for w in report.suggestions
                ],
                "count": len(report.suggestions),
                "total": report.total,
                "references": report.references,
                "dismissed": report.dismissed,
            }
        )
        return
    if not report.suggestions:
        where = f" of list {list_name}" if list_name else ""
        click.echo(
            f"No suggestions: the {report.references} parsed references{where} name no work "
            f"missing from the library cited at least {min_cites} times."
        )
        return
    rows = [
        [
            str(w.rank),
            f"cited by {w.cites}" + (f" ({w.read_cites} read)" if w.read_cites else ""),
            w.title,
            str(w.year or ""),
            w.arxiv_id or w.doi or "",
            _citers_text(w),
        ]
        for w in report.suggestions
    ]
    print_table(
        ["#", "cited", "title", "year", "id", "cited by"],
        rows,
        max_widths={2: 60, 4: 24, 5: 44},
        right={0},
    )
    more = f" (first {len(report.suggestions)} of {report.total})" if limit < report.total else ""
    click.echo(
        f"{report.total} works cited but missing{more} · "
        "'paperdesk suggest RANK... --add LIST' adds them",
        err=True,
    )
