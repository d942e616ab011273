"""``paperdesk index``, ``search``, ``similar`` and ``sync``."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.options import (
    json_option,
    limit_option,
    list_option,
    mode_option,
    paper_argument,
    reading_option,
    replication_option,
    tag_option,
    year_option,
)
from paperdesk.cli.output import console, library, print_json, settings
from paperdesk.cli.progressbar import RichProgress
from paperdesk.reports import report_json, summary
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.config import Settings
    from paperdesk.services.listing import PaperFilter
    from paperdesk.services.search import IndexReport, SearchHit

# search and similar: how many papers (``--k`` was the option before -k/--limit), and the JSON
_limit = limit_option(10, "How many papers.", dest="k", low=1, high=1000, old="--k")
_hits_json = json_option('Print JSON: {"hits": [...], "count": N}.')


def _index_summary(r: IndexReport) -> str:
    parts = [
        f"{plural(r.vectors, 'passage')} of {plural(r.papers, 'paper')} indexed with {r.model}"
    ]
    if r.embedded:
        parts.append(
            f"embedded {r.embedded} in {r.embed_seconds:.1f}s "
            f"({r.passages_per_second:.1f} passages/s)"
        )
    else:
        parts.append("nothing new to embed")
    if r.index_kind != "exact":
        parts.append(f"{r.index_kind} index, recall@10 {r.recall_at_10:.3f}")
    if r.onnx == "exported":
        parts.append("ONNX query encoder exported")
    return "; ".join(parts)


class _NamesTheModel(click.Command):
    """``index --help`` ends with the model in effect (env, config file or default), not a
    default written into the text that a configured model makes wrong."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        from paperdesk.config import DEFAULT_MODEL
        from paperdesk.errors import PaperdeskError

        try:
            model = settings().model
        except PaperdeskError:  # a broken config file: the command itself will say so
            model = DEFAULT_MODEL
        formatter.write_paragraph()
        with formatter.indentation():
            default = " (the default)" if model == DEFAULT_MODEL else ""
            formatter.write_text(f"The model in effect: {model}{default}.")


@click.command(cls=_NamesTheModel)
@click.option("--rebuild", is_flag=True, help="Rewrite the index from the stored vectors.")
@json_option("Print the report as JSON.")
def index(rebuild: bool, as_json: bool) -> None:
    """Embed new passages (titles + abstracts, parsed full text) and update the search index.

    Unchanged text is never embedded twice; --rebuild rewrites the on-disk index from the
    stored vectors without re-embedding. The model is PAPERDESK_MODEL, or 'model' in the
    config file.
    """
    from paperdesk.services.search import index_library

    with RichProgress("passages", enabled=not as_json, echo=not as_json) as bar:
        report = index_library(library(), rebuild=rebuild, progress=bar)
    if as_json:
        print_json({**asdict(report), "passages_per_second": report.passages_per_second})
    else:
        click.echo(_index_summary(report))


def _filters(
    list_name: str | None,
    reading: str | None,
    replication: str | None,
    year: int | None,
    tag: str | None = None,
) -> PaperFilter | None:
    from paperdesk.services.listing import PaperFilter

    if not (list_name or reading or replication or year is not None or tag):
        return None
    return PaperFilter(list_name, reading, replication, tag and tag.strip().lower(), year)


def _print_hits(hits: list[SearchHit], empty: str) -> None:
    if not hits:
        click.echo(empty)
        return
    from rich.text import Text

    out = console()
    width = len(str(len(hits)))
    for n, h in enumerate(hits, start=1):
        head = Text(f"{n:>{width}}. ")
        head.append(h.key, style="bold cyan")
        head.append(f"  {h.title}")
        if h.year:
            head.append(f" ({h.year})", style="dim")
        states = [
            s
            for s in (
                h.reading if h.reading != "unread" else "",
                h.replication if h.replication != "none" else "",
            )
            if s
        ]
        if states:
            head.append("  [" + ", ".join(states) + "]", style="green")
        head.append(f"  {h.score:.3f}", style="dim")
        out.print(head)
        caption = "caption" if h.kind == "caption" else ""
        where = " · ".join(
            x for x in (h.section or "", caption, f"p.{h.page}" if h.page else "") if x
        )
        body = Text(" " * (width + 2))
        if where:
            body.append(where + ": ", style="dim")
        snippet = Text(h.snippet)
        for start, end in h.highlights:
            snippet.stylize("bold yellow", start, end)
        body.append(snippet)
        out.print(body)


def _store_notes() -> None:
    """What the search stage noted meanwhile (an index it could not write, say), on stderr."""
    from paperdesk.search.store import take_notes

    for text in take_notes():
        click.echo(f"note: {text}", err=True)


def _dense_note(config: Settings, mode: str) -> None:
    """Say on stderr when the meaning half of the ranking cannot see everything: nothing is
    embedded yet, or some passages (just added or parsed) have no vector yet."""
    if mode == "keyword":
        return
    from paperdesk.services.autoindex import unindexed

    gap = unindexed(config)
    if gap.embedded == 0:
        if mode == "hybrid":
            click.echo(
                "note: nothing is embedded yet, so these are keyword matches only; "
                "run 'paperdesk index' to search by meaning",
                err=True,
            )
        return
    if gap.passages:
        how = "matched by their words only" if mode == "hybrid" else "left out"
        click.echo(
            f"note: {plural(gap.passages, 'passage')} of {plural(gap.papers, 'paper')} "
            f"{'is' if gap.passages == 1 else 'are'} not indexed yet and "
            f"were {how}; run 'paperdesk index' to search them by meaning",
            err=True,
        )


@click.command()
@click.argument("words", metavar="QUERY...", nargs=-1, required=True)
@_limit
@mode_option()
@list_option("Only papers in this list.")
@tag_option()
@reading_option()
@replication_option()
@year_option()
@_hits_json
def search(
    words: tuple[str, ...],
    k: int,
    k_old: int | None,
    mode: str,
    list_name: str | None,
    tag: str | None,
    reading: str | None,
    replication: str | None,
    year: int | None,
    as_json: bool,
) -> None:
    """Search the library by meaning and words: one row per paper with the passage (section,
    page) that matched and the query words highlighted."""
    from paperdesk.services.search import search_settings

    query = " ".join(words)
    config = settings()
    filters = _filters(list_name, reading, replication, year, tag)
    hits = search_settings(config, query, k=k_old or k, mode=mode, filters=filters)
    _store_notes()
    if as_json:
        _print_hits_json({"query": query}, mode, hits)
    else:
        _print_hits(hits, f"no paper matches {query!r}")
        if hits and hits[0].searched:
            click.echo(f"note: searched for {hits[0].searched!r}", err=True)
        if hits and hits[0].weak:
            click.echo(
                "note: no paper has these words and none is close in meaning: weak hits",
                err=True,
            )
    _dense_note(config, mode)


@click.command()
@paper_argument()
@_limit
@mode_option()
@_hits_json
def similar(ref: str, k: int, k_old: int | None, mode: str, as_json: bool) -> None:
    """Papers like ID: its abstract's vector and words against the rest of the library."""
    from paperdesk.services.search import similar as run

    hits = run(library(), ref, k=k_old or k, mode=mode)
    _store_notes()
    if as_json:
        _print_hits_json({"id": ref}, mode, hits)
        return
    _print_hits(hits, "no similar papers found")


@click.command()
@json_option("Print the three reports as JSON.")
def sync(as_json: bool) -> None:
    """Fetch what is new from arXiv, parse new PDFs, and index new text, in one go.

    Without a network the fetch step is skipped with a message and the rest still runs. Exit
    code 1 when anything failed."""
    from paperdesk.services.sync import sync as run

    with RichProgress("items", enabled=not as_json, echo=not as_json) as bar:
        report = run(library(), progress=bar)
    if as_json:
        print_json(
            {
                "fetch": report_json(report.fetch) if report.fetch else None,
                "offline": report.offline,
                "parse": report_json(report.parse) if report.parse else None,
                "index": asdict(report.index) if report.index else None,
                "annotations": report_json(report.annotations)
                if report.annotations is not None
                else None,
                "failed": [{"what": f.label, "reason": f.reason} for f in report.failed],
            }
        )
    else:
        if report.offline:
            click.echo(f"fetch: skipped: {report.offline}", err=True)
        for name, step in report.steps():
            click.echo(summary(name, step, most=None, indent="  "))
        if report.index is not None:
            click.echo(f"index: {_index_summary(report.index)}")
    if report.failed:
        raise SystemExit(1)


def _print_hits_json(head: dict[str, Any], mode: str, hits: list[SearchHit]) -> None:
    """``search --json`` and ``similar --json``: what was asked (``head``), then the hits."""
    print_json({**head, "mode": mode, "hits": [_hit_json(h) for h in hits], "count": len(hits)})


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    """A hit as JSON, naming the paper ``id`` like every other command's JSON."""
    data = asdict(hit)
    return {"id": data.pop("key"), **data}
