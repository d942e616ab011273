"""``paperdesk add``: arXiv papers, papers not on arXiv, and local PDFs (any number at once)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.indexing import finish_batch, index_json, index_new
from paperdesk.cli.options import force_option, json_option, list_option, year_option
from paperdesk.cli.output import console, library, print_json
from paperdesk.printable import for_terminal
from paperdesk.reports import counts_line, report_json
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.intake import IntakeReport

_LABEL = {
    "added": "[green]added[/green]",
    "attached": "[cyan]already there, PDF attached[/cyan]",
    "exists": "[dim]already there[/dim]",
    "failed": "[bold red]failed[/bold red]",
}


@click.command()
@click.argument("refs", metavar="ID_OR_URL...", nargs=-1)
@list_option("Also add to this list (created if new).")
@click.option("--title", help="Add a paper that is not on arXiv: its title.")
@click.option("--url", help="Its landing page (not-on-arXiv papers).")
@click.option("--pdf-url", help="A direct PDF link (not-on-arXiv papers).")
@click.option("--doi", help="Its DOI (not-on-arXiv papers).")
@year_option("Its year (not-on-arXiv papers).")
@click.option("--author", "authors", multiple=True, help="An author, in order (repeatable).")
@click.option("--key", help="Short key to name it by (default: surname+year+word).")
@click.option(
    "--pdf",
    "pdf_files",
    multiple=True,
    metavar="FILE_OR_FOLDER",
    help="Add local PDFs: this file or folder (*.pdf, recursively) and every further argument; "
    "each is recognised by its file, arXiv stamp, DOI or title, and parsed.",
)
@click.option(
    "--id", "arxiv_ref", metavar="ID", help="With one --pdf FILE: the arXiv id it belongs to."
)
@force_option("With one --pdf FILE: attach even when its arXiv stamp or title names another paper.")
@json_option("Print the results as JSON.")
def add(
    refs: tuple[str, ...],
    list_name: str | None,
    title: str | None,
    url: str | None,
    pdf_url: str | None,
    doi: str | None,
    year: int | None,
    authors: tuple[str, ...],
    key: str | None,
    pdf_files: tuple[str, ...],
    arxiv_ref: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """Add papers by arXiv id or URL, one not on arXiv (--title with --url/--doi), or local
    PDFs (--pdf FILE_OR_FOLDER...).

    A paper already in the library is reported, never added twice: the same arXiv id, DOI,
    file, or title and year. With --pdf, a PDF of a paper that is there without one is attached
    to it. What came in is indexed for search right away (PAPERDESK_AUTO_INDEX). Exit code 1
    when anything failed (the rest is still added).
    """
    from paperdesk.services.papers import add_other, add_papers

    if pdf_files:
        paths = [*pdf_files, *refs]
        if arxiv_ref or title or year is not None or authors or force:
            _attach_one(paths, arxiv_ref, title, year, authors, list_name, force, as_json)
        else:
            _add_many(paths, list_name, as_json)
        return
    lib = library()
    if arxiv_ref:
        refs = (*refs, arxiv_ref)
    if title:
        if refs:
            raise click.UsageError("give either arXiv ids or --title, not both")
        results = [
            add_other(
                lib,
                title=title,
                year=year,
                authors=list(authors),
                url=url,
                doi=doi,
                pdf_url=pdf_url,
                key=key,
                list_name=list_name,
            )
        ]
    elif not refs:
        raise click.UsageError(
            "nothing to add: give arXiv ids or URLs, --title with --url/--doi, or --pdf FILE"
        )
    else:
        results = add_papers(lib, list(refs), list_name)
    if not as_json:
        for r in results:
            where = f" (added to {', '.join(r.lists)})" if r.lists else ""
            if r.status == "added":
                click.echo(f"added {r.id}{where}")
            elif r.status == "exists":
                click.echo(for_terminal(f"{r.message}{where}"))
            else:
                click.echo(f"error: {for_terminal(r.message)}", err=True)
    done = index_new(lib, quiet=as_json) if any(r.status == "added" for r in results) else None
    if as_json:
        out: dict[str, Any] = {"results": [asdict(r) for r in results]}
        if done is not None:
            out["index"] = index_json(done)
        print_json(out)
    if any(r.status == "error" for r in results):
        raise SystemExit(1)


def _attach_one(
    paths: list[str],
    ref: str | None,
    title: str | None,
    year: int | None,
    authors: tuple[str, ...],
    list_name: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """``--pdf FILE`` with --id / --title / --year / --author / --force: they describe one
    paper, so they take exactly one file."""
    from pathlib import Path

    from paperdesk.services.attach import attach_pdf
    from paperdesk.services.papers import AddResult, paper_detail

    if len(paths) != 1 or Path(paths[0]).is_dir():
        what = f"{len(paths)} files or folders" if len(paths) != 1 else f"the folder {paths[0]}"
        raise click.UsageError(
            "--id, --title, --year, --author and --force describe one paper: give them with "
            f"one PDF file, not {what} (without them, --pdf takes any number)"
        )
    lib = library()
    got = attach_pdf(
        lib,
        Path(paths[0]),
        ref=ref,
        title=title,
        year=year,
        authors=authors,
        list_name=list_name,
        force=force,
    )
    status = paper_detail(lib, got).parse_status or "not parsed"
    if not as_json:
        click.echo(f"attached {paths[0]} to {got} ({status})")
    done = index_new(lib, quiet=as_json)
    if as_json:
        res = AddResult(paths[0], "added", got, message=f"attached {paths[0]}")
        print_json({"results": [asdict(res)], "index": index_json(done)})
    if status.startswith("parse_failed"):
        raise SystemExit(1)  # the PDF is kept; 'paperdesk parse --force' retries


def _add_many(paths: list[str], list_name: str | None, as_json: bool) -> None:
    from paperdesk.cli.progressbar import RichProgress
    from paperdesk.services.intake import add_pdfs

    lib = library()
    with RichProgress("PDFs", enabled=not as_json) as bar:
        report = add_pdfs(lib, paths, list_name=list_name, progress=bar)
    finish_batch(
        lib,
        report,
        new=bool(report.brought_in),
        as_json=as_json,
        show=_summary,
        to_json=report_json,
    )


def _summary(report: IntakeReport) -> None:
    from rich.cells import cell_len
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    # the details wrap first, at spaces: a name is folded only when it takes half the width
    longest = max((cell_len(_shown(r.path)) for r in report.results), default=0)
    table.add_column("file", no_wrap=longest <= out.width // 2, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("paper", no_wrap=True)
    table.add_column("details", overflow="fold")
    for r in report.results:
        details = r.reason
        if r.status == "added" and r.parse_status and r.parse_status != "parsed":
            details = r.parse_status
        elif r.status in ("added", "attached") and r.parse_status == "parsed":
            found = _found(r.pages, r.passages, r.references)
            details = f"{details} · {found}" if details else found
        table.add_row(escape(_shown(r.path)), _LABEL[r.status], escape(r.id or ""), escape(details))
    out.print(table)
    line = counts_line(report, sep=" · ") if report.results else "no PDFs given"
    if report.links:
        line += f" · {plural(report.links, 'new citation link')}"
    out.print(line)


def _found(pages: int, passages: int, references: int) -> str:
    """What a parse found, in the parse report's terms: ``3 pages · 63 passages · 2 references``."""
    return " · ".join(
        (plural(pages, "page"), plural(passages, "passage"), plural(references, "reference"))
    )


def _shown(path: str) -> str:
    """A path as short as it can be read: relative to the current folder when inside it."""
    from pathlib import Path

    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path
