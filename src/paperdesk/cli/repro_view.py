"""How ``paperdesk repro`` prints records for people (rich is imported only when printing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.output import console, library, print_json
from paperdesk.presenter import (
    VERDICT_STYLE,
    claim_cells,
    fmt_num,
    fmt_signed,
    run_cells,
)
from paperdesk.presenter import compute_text as attempt_compute
from paperdesk.wording import plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from paperdesk.library import Library
    from paperdesk.replication_views import (
        AttemptView,
        ClaimView,
        Comparison,
        MadeBy,
        Record,
        SummaryRow,
    )


@dataclass
class Target:
    """What the ``repro`` group parsed: the paper and whether JSON was asked for."""

    ref: str | None
    json: bool
    _lib: Library | None = field(default=None, repr=False)

    def lib(self) -> Library:
        """The library, opened once per command."""
        if self._lib is None:
            self._lib = library()
        return self._lib

    @property
    def paper(self) -> str:
        return self.ref or ""


def done(target: Target, as_json: bool, data: Mapping[str, object], message: str) -> None:
    if target.json or as_json:
        print_json(data)
    else:
        click.echo(message)


num = fmt_num


def compute_text(a: AttemptView) -> str:
    return attempt_compute(a) or "not recorded"


def by(row: Mapping[str, object]) -> str:
    """Who made a row (any view with ``by``), for a library with several members ("" for
    rows made before members)."""
    who = row.get("by")
    return who if isinstance(who, str) else ""


def claims_table(claims: list[ClaimView], authors: bool = False) -> Table:
    """The claims-vs-results table; ``authors`` adds who entered each claim."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in (
        ("claim", "left"),
        ("metric", "left"),
        ("setting", "left"),
        ("claimed", "right"),
        ("obtained", "right"),
        ("gap", "right"),
        ("gap %", "right"),
        ("tol", "right"),
        ("verdict", "left"),
        ("source", "left"),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            overflow="ellipsis",
            no_wrap=True,
            max_width=34 if name == "setting" else None,
        )
    if authors:
        table.add_column("by", no_wrap=True)
    styled = {5, 6, 8}  # gap, gap %, verdict take the verdict's colour
    for c in claims:
        style = VERDICT_STYLE[c["verdict"]]
        cells = claim_cells(c) + ([by(c)] if authors else [])
        table.add_row(*(Text(x, style=style) if i in styled else x for i, x in enumerate(cells)))
    return table


def print_record(rec: Record) -> None:
    """The current attempt first (its facts, claims vs results, runs, log), then each earlier
    attempt's claims vs results, runs and log, newest first. In a library with several
    members each attempt, claim, run, log entry and status change names who made it."""
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{escape(rec['title'])}[/bold]  ({rec['paper']})")
    attempts = rec["attempts"]
    current = attempts[-1] if attempts else None
    line = f"status [bold]{rec['status']}[/bold]"
    if rec["suggested_status"] and rec["suggested_status"] != rec["status"]:
        line += f"   suggested: {rec['suggested_status']}"
    if current:
        line += f"   attempt {current['number']} of {len(attempts)}"
        if rec.get("shared") and by(current):
            line += f" (by {escape(by(current))})"
    out.print(line)
    if current:
        _print_facts(out, current)
    out.print()
    if not rec["claims"]:
        out.print(
            f"no claims yet: paperdesk repro {rec['paper']} claim add --metric ... --value ..."
        )
    elif current is None:
        out.print("[bold]Claims[/bold]")
        out.print(claims_table(rec["claims"], authors=rec.get("shared", False)))
    for a in reversed(attempts):
        _print_attempt(out, rec, a, a is current)
    if rec["history"]:
        shared = rec.get("shared")
        steps = " → ".join(
            [rec["history"][0]["from"] or "none"]
            + [h["to"] + (f" ({by(h)})" if shared and by(h) else "") for h in rec["history"]]
        )
        out.print(f"\n[dim]history: {escape(steps)}[/dim]")


def _print_facts(out: Console, a: AttemptView) -> None:
    from rich.markup import escape

    for label, text in (("goal", a["goal"]), ("scope", a["scope"])):
        if text:
            out.print(f"{label}: {escape(text)}")
    if a["repo_url"]:
        at = f" @ {a['repo_commit']}" if a["repo_commit"] else ""
        out.print(f"repo: {escape(a['repo_url'])}{at}")
    env = a["environment"] or ""
    kv = ", ".join(f"{k}={v}" for k, v in a["environment_kv"].items())
    if env or kv:
        out.print(f"environment: {escape('; '.join(x for x in (env, kv) if x))}")
    if a["compute_spent"] is not None or a["compute_budget"] is not None:
        out.print(f"compute: {compute_text(a)}")


def _print_attempt(out: Console, rec: Record, a: AttemptView, current: bool) -> None:
    from rich.markup import escape
    from rich.table import Table

    authors = bool(rec.get("shared"))
    if not current:
        made = f" by {escape(by(a))}" if authors and by(a) else ""
        out.print(f"\n[bold]Attempt {a['number']}[/bold] · {a['status']} (earlier){made}")
        if a["goal"]:
            out.print(f"goal: {escape(a['goal'])}")
    claims = a.get("claims") or []
    if claims:
        where = f"attempt {a['number']}" + (", current" if current else "")
        out.print(f"[bold]Claims vs results[/bold] ({where})")
        out.print(claims_table(claims, authors=authors))
        if current and any(c["tolerance"] is None for c in claims):
            out.print(
                "[dim]* default tolerance: 1% of the claim, or its printed precision"
                "; gaps < 0 are worse than the paper[/dim]"
            )
    if a["runs"]:
        out.print(f"\n[bold]Runs[/bold] (attempt {a['number']})")
        runs = Table(box=None, pad_edge=False, header_style="bold")
        columns = ["run", "date", "command", "commit", "results", "notes"]
        for name in columns + (["by"] if authors else []):
            runs.add_column(
                name,
                overflow="ellipsis",
                no_wrap=name != "results",
                max_width=40 if name in ("command", "notes") else None,
            )
        for r in a["runs"]:
            runs.add_row(*run_cells(r), *([by(r)] if authors else []))
        out.print(runs)
    if a["log"]:
        out.print(f"\n[bold]Log[/bold] (attempt {a['number']})")
        for e in a["log"]:
            who = f"{escape(by(e))}: " if authors and by(e) else ""
            out.print(f"{(e['at'] or '')[:16].replace('T', ' ')}  {who}{escape(e['text'])}")


def print_compare(d: Comparison) -> None:
    """Claims down, attempts across: each attempt's best result and its gap, coloured by
    verdict; a last line says how many claims each attempt met."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(f"[bold]{escape(d['title'])}[/bold]  ({d['paper']})")
    if not d["attempts"]:
        out.print(f"no attempts yet: paperdesk repro {d['paper']} run add --result ...")
        return
    if not d["claims"]:
        out.print(f"no claims yet: paperdesk repro {d['paper']} claim add --metric ... --value ...")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("claim", no_wrap=True)
    table.add_column("claimed", justify="right")
    for a in d["attempts"]:
        table.add_column(f"#{a['number']} best", justify="right")
        table.add_column(f"#{a['number']} gap", justify="right")
    for c in d["claims"]:
        unit = f" {c['unit']}" if c["unit"] else ""
        arrow = "↑" if c["higher_is_better"] else "↓"
        cells: list[Any] = [c["label"], f"{fmt_num(c['value'])}{unit} {arrow}"]
        for m in c["attempts"]:
            style = VERDICT_STYLE[m["verdict"]]
            cells += [
                Text(fmt_num(m["best"]) or "·", style=style),
                Text(fmt_signed(m["gap_abs"]), style=style),
            ]
        table.add_row(*cells)
    out.print(table)
    met = "   ".join(
        f"#{a['number']} {a['status']}"
        + (f" by {escape(by(a))}" if d.get("shared") and by(a) else "")
        + f": {a['met']}/{len(d['claims'])} within, "
        f"{a['runs']} run{'s' if a['runs'] != 1 else ''}"
        for a in d["attempts"]
    )
    out.print(f"[dim]{met}  (best of each attempt's runs; gaps < 0 are worse)[/dim]")


def made_text(made: MadeBy) -> str:
    """``{"attempts": 1, "claims": 0, "runs": 2, "log": 1}`` → "1 attempt, 2 runs, 1 log entry"."""
    counts = (
        (made["attempts"], "attempt", "attempts"),
        (made["claims"], "claim", "claims"),
        (made["runs"], "run", "runs"),
        (made["log"], "log entry", "log entries"),
    )
    return ", ".join(plural(n, one, many) for n, one, many in counts if n)


def print_summary(rows: list[SummaryRow], member: str | None = None) -> None:
    """Every record; with ``member`` (``--by``) a last column says what that member made."""
    from rich.markup import escape
    from rich.table import Table

    out = console()
    if not rows:
        if member is not None:
            out.print(f"{escape(member)} has made no replication record yet")
            return
        out.print("no replication records yet: paperdesk repro ID status planned")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=48)
    table.add_column("status")
    table.add_column("suggested")
    table.add_column("met", justify="right")
    table.add_column("attempts", justify="right")
    table.add_column("last activity", no_wrap=True)
    if member is not None:
        table.add_column(f"by {rows[0]['by']['member']}", no_wrap=True)
    for r in rows:
        met = f"{r['claims_met']}/{r['claims_total']}"
        suggested = r["suggested_status"] if r["suggested_status"] != r["status"] else ""
        table.add_row(
            r["key"],
            r["title"],
            r["status"],
            suggested or "",
            met,
            str(r["attempts"]),
            (r["last_activity"] or "")[:16].replace("T", " "),
            *([made_text(r["by"])] if member is not None else []),
        )
    out.print(table)
    out.print(f"{plural(len(rows), 'record')}  (met: claims within tolerance / claims)")
