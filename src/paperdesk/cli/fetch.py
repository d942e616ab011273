"""``paperdesk fetch`` and ``paperdesk open``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.indexing import finish_batch
from paperdesk.cli.options import (
    all_option,
    force_option,
    json_option,
    list_option,
    paper_argument,
    papers_argument,
)
from paperdesk.cli.output import console, library, print_json, styled_status
from paperdesk.cli.progressbar import RichProgress
from paperdesk.paths import human_size
from paperdesk.reports import counts_line

if TYPE_CHECKING:
    from paperdesk.services.fetch import FetchReport


def _summary(report: FetchReport) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("paper", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("details", overflow="fold")
    for r in report.results:
        table.add_row(escape(r.key), styled_status(r.status), escape(r.reason))
    if report.results:
        out.print(table)
    line = counts_line(report, sep=" · ")
    if report.pdf_bytes:
        line += f" · {human_size(report.pdf_bytes)} downloaded"
    out.print(line if report.results else "nothing to fetch: every paper has its metadata and PDF")


@click.command()
@papers_argument()
@list_option("Every paper of this reading list.")
@all_option("Every paper in the library (refreshes metadata to notice new versions).")
@click.option("--no-pdf", is_flag=True, help="Metadata only; do not download PDFs.")
@force_option("Download PDFs again even when the stored one is valid.")
@json_option("Print the results as JSON.")
def fetch(
    refs: tuple[str, ...],
    list_name: str | None,
    all_papers: bool,
    no_pdf: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Fetch arXiv metadata and PDFs.

    With no ID, --list or --all: whatever is missing in the library. Papers named explicitly
    get their metadata refreshed (that is how a newer arXiv version is noticed); a valid PDF is
    never downloaded twice. Exit code 1 when any paper failed.
    """
    from paperdesk.services.fetch import fetch_papers

    given = [
        name for name, on in (("IDs", refs), ("--list", list_name), ("--all", all_papers)) if on
    ]
    if len(given) > 1:
        raise click.UsageError(
            f"give IDs, --list NAME or --all, one of them (not {' and '.join(given)})"
        )
    lib = library()
    with RichProgress("papers", enabled=not as_json) as progress:
        report = fetch_papers(
            lib,
            list(refs),
            progress=progress,
            list_name=list_name,
            all_papers=all_papers,
            pdf=not no_pdf,
            force=force,
        )
    fetched = any(r.status == "fetched" for r in report.results)
    finish_batch(lib, report, new=fetched, as_json=as_json, show=_summary, to_json=_json)


def _json(report: FetchReport) -> dict[str, Any]:
    return {
        "results": [
            {"id": r.key, "status": r.status, "reason": r.reason, "pdf_bytes": r.pdf_bytes}
            for r in report.results
        ],
        "counts": report.counts(),
    }


@click.command("open")
@paper_argument()
@click.option(
    "--page",
    type=click.IntRange(min=1),
    metavar="N",
    help="Open at page N (zathura, evince, okular, mupdf, qpdfview, xpdf).",
)
@json_option('Print JSON: {"path", "page"}.')
def open_pdf(ref: str, page: int | None, as_json: bool) -> None:
    """Open a paper's stored PDF in the system viewer."""
    from paperdesk.fetch.viewer import supports_page
    from paperdesk.services.fetch import open_pdf as open_service

    path = open_service(library(), ref, page)
    if as_json:
        print_json({"path": str(path), "page": page})
        return
    click.echo(str(path))
    if page is not None and not supports_page():
        click.echo(
            f"note: the system viewer cannot jump to a page; go to page {page} by hand", err=True
        )
