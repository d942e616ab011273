"""``paperdesk parse``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.indexing import finish_batch
from paperdesk.cli.options import all_option, force_option, json_option, papers_argument
from paperdesk.cli.output import console, library, styled_status
from paperdesk.cli.progressbar import RichProgress
from paperdesk.reports import counts_line

if TYPE_CHECKING:
    from paperdesk.services.parse import ParseReport


def _summary(report: ParseReport) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    shown = [r for r in report.results if r.status != "unchanged"]
    if shown:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("paper", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("pages", justify="right")
        table.add_column("passages", justify="right")
        table.add_column("refs", justify="right")
        table.add_column("details", overflow="fold")
        for r in shown:
            nums = (
                [str(x) for x in (r.pages, r.passages, r.references)]
                if r.status == "parsed"
                else ["", "", ""]
            )
            table.add_row(escape(r.key), styled_status(r.status), *nums, escape(r.reason))
        out.print(table)
    retry = f" ({report.note()})" if report.still_failed else ""
    if not report.results:
        out.print(
            f"nothing new to parse{retry}"
            if retry
            else "nothing to parse: every stored PDF is parsed with the current parser"
        )
        return
    line = counts_line(report, sep=" · ") + retry
    if report.links:
        line += f" · {report.links} new citation links"
    out.print(line)


@click.command()
@papers_argument()
@all_option("Every paper with a stored PDF (unchanged ones are reported, not re-parsed).")
@force_option("Parse again even when the PDF and the parser are unchanged.")
@json_option("Print the results as JSON.")
def parse(refs: tuple[str, ...], all_papers: bool, force: bool, as_json: bool) -> None:
    """Extract text, sections, passages and references from stored PDFs.

    With no ID: every PDF not parsed yet (or changed on disk, or parsed by an older parser).
    Each PDF is parsed in a separate process with a time limit (PAPERDESK_PARSE_TIMEOUT,
    seconds) and a memory limit (PAPERDESK_PARSE_MEMORY_MB); one that fails is marked
    parse_failed with the reason and the others go on. Exit code 1 when any paper failed in
    this run; an unchanged PDF that failed before is not retried (--force does) but counted.
    The new text is indexed for search right away (PAPERDESK_AUTO_INDEX).
    """
    from paperdesk.services.parse import parse_papers

    if refs and all_papers:
        raise click.UsageError("give IDs or --all, not both")
    lib = library()
    kwargs = dict(all_papers=all_papers, force=force)
    with RichProgress("papers", enabled=not as_json) as progress:
        report = parse_papers(lib, list(refs) or None, progress=progress, **kwargs)
    parsed = any(r.status == "parsed" for r in report.results)
    finish_batch(lib, report, new=parsed, as_json=as_json, show=_summary, to_json=_json)


def _json(report: ParseReport) -> dict[str, Any]:
    return {
        "results": [
            {
                "id": r.key,
                "status": r.status,
                "reason": r.reason,
                "pages": r.pages,
                "passages": r.passages,
                "references": r.references,
            }
            for r in report.results
        ],
        "counts": report.counts(),
        "still_failed": report.still_failed,
        "links": report.links,
    }
