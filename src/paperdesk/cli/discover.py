"""``paperdesk suggest`` (cited but missing) and ``paperdesk feed`` (new arXiv papers ranked by
the library): discovery, from the library's own references and vectors."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.options import (
    add_to_option,
    dismiss_option,
    json_option,
    limit_option,
    list_option,
)
from paperdesk.cli.output import library, print_json, print_table
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.feed import FeedFetchReport
    from paperdesk.services.feedlist import FeedRanking
    from paperdesk.services.suggest import Suggestion


def _check_choice(
    given: bool, add_to: str | None, dismiss: bool, *, chosen: str, hidden: str
) -> None:
    """``suggest`` and ``feed``: what RANK... chooses goes with one of --add LIST and --dismiss,
    and --dismiss needs it; anything else is a usage error (exit 2)."""
    if given and not (add_to or dismiss):
        raise click.UsageError(f"{chosen} for --add LIST or --dismiss; give one of them")
    if add_to and dismiss:
        raise click.UsageError("give either --add LIST or --dismiss, not both")
    if dismiss and not given:
        raise click.UsageError(f"--dismiss needs {hidden}")


def _citers_text(w: Suggestion, most: int = 3) -> str:
    names = [c.key for c in w.cited_by[:most]]
    more = f" +{w.cites - most}" if w.cites > most else ""
    return ", ".join(names) + more


@click.command()
@click.argument("ranks", nargs=-1, type=int, metavar="[RANK...]")
@list_option("Only the references of this list.")
@click.option("--min-cites", type=int, default=1, show_default=True, help="Cited at least N times.")
@limit_option(30, "Show the first N.", low=1)
@add_to_option("Add the works numbered RANK... (default: all shown) to LIST (created if new).")
@dismiss_option("Never suggest the works numbered RANK... again.")
@json_option("Print the suggestions as JSON.")
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

    _check_choice(
        bool(ranks),
        add_to,
        dismiss,
        chosen="RANK numbers choose works",
        hidden="the RANK numbers of the works to hide",
    )
    lib = library()
    report = svc.suggest(lib, list_name=list_name, min_cites=min_cites, limit=limit)
    if add_to or dismiss:
        chosen = svc.pick(report, list(ranks))
        if dismiss:
            n = svc.dismiss(lib, [w.key for w in chosen])
            if as_json:
                print_json({"dismissed": [w.key for w in chosen], "new": n})
            else:
                click.echo(f"dismissed {plural(len(chosen), 'suggestion')}")
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
        f"{plural(report.total, 'work')} cited but missing{more} · "
        "'paperdesk suggest RANK... --add LIST' adds them",
        err=True,
    )


def _feed_json(
    ranking: FeedRanking, fetched: FeedFetchReport | None, embedded: int | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "items": [
            {
                "rank": i.rank,
                "arxiv_id": i.arxiv_id,
                "title": i.title,
                "authors": i.authors,
                "published": i.published.isoformat() if i.published else None,
                "categories": i.categories,
                "score": round(i.score, 4),
                "new": i.new,
                "reason": i.reason,
                "like": [asdict(n) for n in i.like],
                "url": i.url,
                "abstract": i.abstract,
            }
            for i in ranking.items
        ],
        "count": len(ranking.items),
        "total": ranking.total,
        "model": ranking.model,
        "positives": ranking.positives,
        "negatives": ranking.negatives,
        "unembedded": ranking.unembedded,
        "dismissed": ranking.dismissed,
    }
    if fetched is not None:
        out["fetched"] = {
            **fetched.counts(),
            "categories": [
                {
                    "category": c.category,
                    "since": c.since.isoformat(),
                    "listed": c.listed,
                    "new": c.new,
                }
                for c in fetched.categories
            ],
        }
    if embedded is not None:
        out["embedded"] = embedded
    return out


def _empty_feed(days: int, no_fetch: bool, since_last: bool) -> str:
    """What to do about an empty feed: it depends on what this run did."""
    span = f"the last {plural(days, 'day')}"
    if no_fetch:
        return f"Nothing stored in the feed for {span}: run 'paperdesk feed' to fetch it."
    new = "nothing new since the last run" if since_last else "nothing"
    return (
        f"Nothing in the feed for {span}: arXiv listed {new} in these categories; "
        "try a longer --days or another --category."
    )


@click.command()
@click.argument("refs", nargs=-1, metavar="[RANK_OR_ID...]")
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CAT",
    help="arXiv category (repeatable; default: feed_categories of the config).",
)
@click.option("--days", type=int, help="Fetch and show the last N days (default: feed_days).")
@click.option("--since-last", is_flag=True, help="Fetch only what is new since the last run.")
@click.option("--no-fetch", is_flag=True, help="Rank what is stored; no network.")
@limit_option(30, "Show the first N.", low=1)
@add_to_option("Add RANK_OR_ID... (default: all shown) to LIST.")
@dismiss_option("Hide RANK_OR_ID... from the feed for good.")
@json_option("Print the ranked feed as JSON.")
def feed(
    refs: tuple[str, ...],
    categories: tuple[str, ...],
    days: int | None,
    since_last: bool,
    no_fetch: bool,
    limit: int,
    add_to: str | None,
    dismiss: bool,
    as_json: bool,
) -> None:
    """New arXiv papers, ranked by a model of your library.

    Fetches the recent submissions of the configured categories (politely, through the same
    client as fetch), keeps them apart from the library, embeds their abstracts and ranks them
    with a classifier trained on your library's abstracts (read and tagged papers weigh more),
    each with the papers it is like. 'feed 1 3 --add LIST' adds entries 1 and 3 (by rank as
    last shown, or by arXiv id) to LIST; --dismiss hides them for good.
    """
    from paperdesk.cli.progressbar import RichProgress
    from paperdesk.search.embedder import get_embedder
    from paperdesk.services import feedlist
    from paperdesk.services.feed import embed_feed, fetch_feed

    _check_choice(
        bool(refs),
        add_to,
        dismiss,
        chosen="RANK_OR_ID arguments choose entries",
        hidden="the RANK numbers or arXiv ids of the entries to hide",
    )
    lib = library()
    embedder = get_embedder(lib.settings)
    if add_to or dismiss:
        ranking = feedlist.rank_feed(lib, embedder.name, days=days, limit=limit)
        chosen = feedlist.pick(ranking, list(refs))
        if dismiss:
            n = feedlist.dismiss_feed(lib, chosen)
            if as_json:
                print_json({"dismissed": chosen, "new": n})
            else:
                click.echo(f"dismissed {plural(len(chosen), 'feed entry', 'feed entries')}")
            return
        added = feedlist.add_feed(lib, chosen, add_to or "")
        if as_json:
            print_json({"list": add_to, "added": [asdict(a) for a in added]})
            return
        for a in added:
            how = "added" if a.created else "already in the library,"
            click.echo(f"{how} {a.paper_key} ({a.arxiv_id}) → {add_to}")
        return
    fetched = None
    embedded = None
    with RichProgress("entries", enabled=not as_json) as bar:
        if not no_fetch:
            fetched = fetch_feed(lib, categories, days=days, since_last=since_last, progress=bar)
        embedded = embed_feed(lib, embedder, days=days, progress=bar)
    ranking = feedlist.rank_feed(
        lib, embedder.name, days=days, limit=limit, new_ids=fetched.new_ids if fetched else None
    )
    if as_json:
        print_json(_feed_json(ranking, fetched, embedded))
        return
    if fetched is not None:
        c = fetched.counts()
        cats = ", ".join(x.category for x in fetched.categories)
        click.echo(
            f"{cats}: {c['listed']} listed, {c['new']} new ({plural(c['requests'], 'request')})",
            err=True,
        )
    if not ranking.items:
        click.echo(_empty_feed(days or lib.settings.feed_days, no_fetch, since_last))
        return
    rows = [
        [
            str(i.rank),
            (i.published.strftime("%Y-%m-%d") if i.published else "") + (" •" if i.new else ""),
            i.arxiv_id,
            i.title,
            i.reason,
        ]
        for i in ranking.items
    ]
    print_table(["#", "date", "id", "title", "why"], rows, max_widths={3: 64, 4: 60}, right={0})
    how = {
        "classifier": f"a classifier of your {ranking.positives} library abstracts",
        "centroid": f"similarity to your {ranking.positives} library abstracts (too few to train)",
        "none": "date (no library abstracts embedded yet)",
    }[ranking.model]
    more = f"first {len(ranking.items)} of {ranking.total}" if limit < ranking.total else "all"
    click.echo(
        f"{more} ranked by {how} · • new in this run · "
        "'paperdesk feed RANK... --add LIST' adds them",
        err=True,
    )
