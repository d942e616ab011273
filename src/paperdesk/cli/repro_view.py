"""How ``paperdesk repro`` prints records for people (rich is imported only when printing)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click

from paperdesk.cli.output import console, library, print_json
from paperdesk.replication import (
    VERDICT_STYLE,
    claim_cells,
    fmt_num,
    run_cells,
)


@dataclass
class Target:
    """What the ``repro`` group parsed: the paper and whether JSON was asked for."""

    ref: str | None
    json: bool
    _lib: Any = field(default=None, repr=False)

    def lib(self) -> Any:
        """The library, opened once per command."""
        if self._lib is None:
            self._lib = library()
        return self._lib

    @property
    def paper(self) -> str:
        return self.ref or ""


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def done(target: Target, as_json: bool, data: dict[str, Any], message: str) -> None:
    if target.json or as_json:
        print_json(data)
    else:
        click.echo(message)


num = fmt_num


def compute_text(a: dict[str, Any]) -> str:
    unit = f" {a['compute_unit']}" if a.get("compute_unit") else ""
    spent, budget = a.get("compute_spent"), a.get("compute_budget")
    if spent is None and budget is None:
        return "not recorded"
    if budget is None:
        return f"{num(spent)}{unit} spent"
    return f"{num(spent or 0)} of {num(budget)}{unit}"


def claims_table(claims: list[dict[str, Any]]) -> Any:
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
    styled = {5, 6, 8}  # gap, gap %, verdict take the verdict's colour
    for c in claims:
        style = VERDICT_STYLE[c["verdict"]]
        table.add_row(
            *(Text(x, style=style) if i in styled else x for i, x in enumerate(claim_cells(c)))
        )
    return table


def print_record(rec: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(f"[bold]{escape(rec['title'])}[/bold]  ({rec['paper']})")
    attempts = rec["attempts"]
    current = attempts[-1] if attempts else None
    line = f"status [bold]{rec['status']}[/bold]"
    if rec["suggested_status"] and rec["suggested_status"] != rec["status"]:
        line += f"   suggested: {rec['suggested_status']}"
    if current:
        line += f"   attempt {current['number']} of {len(attempts)}"
    out.print(line)
    if current:
        for label, key in (("goal", "goal"), ("scope", "scope")):
            if current[key]:
                out.print(f"{label}: {escape(current[key])}")
        if current["repo_url"]:
            at = f" @ {current['repo_commit']}" if current["repo_commit"] else ""
            out.print(f"repo: {escape(current['repo_url'])}{at}")
        env = current["environment"] or ""
        kv = ", ".join(f"{k}={v}" for k, v in current["environment_kv"].items())
        if env or kv:
            out.print(f"environment: {escape('; '.join(x for x in (env, kv) if x))}")
        if current["compute_spent"] is not None or current["compute_budget"] is not None:
            out.print(f"compute: {compute_text(current)}")
    out.print()
    if rec["claims"]:
        out.print(
            "[bold]Claims vs results[/bold]"
            + (f" (attempt {current['number']})" if current else "")
        )
        out.print(claims_table(rec["claims"]))
        if any(c["tolerance"] is None for c in rec["claims"]):
            out.print(
                "[dim]* default tolerance: 1% of the claim, or its printed precision"
                "; gaps < 0 are worse than the paper[/dim]"
            )
    else:
        out.print(
            f"no claims yet: paperdesk repro {rec['paper']} claim add --metric ... --value ..."
        )
    if current and current["runs"]:
        out.print("\n[bold]Runs[/bold]")
        runs = Table(box=None, pad_edge=False, header_style="bold")
        for name in ("run", "date", "command", "commit", "results", "notes"):
            runs.add_column(
                name,
                overflow="ellipsis",
                no_wrap=name != "results",
                max_width=40 if name in ("command", "notes") else None,
            )
        for r in current["runs"]:
            runs.add_row(*run_cells(r))
        out.print(runs)
    if current and current["log"]:
        out.print("\n[bold]Log[/bold]")
        for e in current["log"]:
            out.print(f"{e['at'][:16].replace('T', ' ')}  {escape(e['text'])}")
    if rec["history"]:
        steps = " → ".join(
            [rec["history"][0]["from"] or "none"] + [h["to"] for h in rec["history"]]
        )
        out.print(f"\n[dim]history: {steps}[/dim]")


def print_summary(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    out = console()
    if not rows:
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
        )
    out.print(table)
    out.print(f"{len(rows)} records  (met: claims within tolerance / claims)")
