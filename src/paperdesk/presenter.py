"""How records read: the cells, markers, numbers and styles the CLI, the TUI and the Markdown
export show, in one place so that the three say the same thing. Pure text (no click, rich or
Textual: a style is a name each of them maps), and light to import (the TUI's start-up path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperdesk.dates import format_time

if TYPE_CHECKING:
    from paperdesk.replication_views import AttemptView, ClaimView, RunView
    from paperdesk.services.listing import PaperRow


# --- a paper's files ---------------------------------------------------------------------------


def markers(pdf: bool, parsed: bool, indexed: bool, newer_version: bool) -> str:
    """P: PDF stored, T: text parsed, I: indexed, ↑: newer version on arXiv (``PT·↑``)."""
    return (
        ("P" if pdf else "·")
        + ("T" if parsed else "·")
        + ("I" if indexed else "·")
        + ("↑" if newer_version else "")
    )


def row_markers(row: PaperRow) -> str:
    """:func:`markers` of a row of ``papers``."""
    return markers(row.pdf, row.parsed, row.indexed, row.newer_version)


def days(value: float | None) -> str:
    """``1 day``, ``2.5 days``, ``-`` for none (streaks, pace, gaps between readings)."""
    if value is None:
        return "-"
    return f"{value:g} day" + ("" if value == 1 else "s")


# --- replication records -----------------------------------------------------------------------

VERDICT_STYLE = {"within": "green", "outside": "red", "unmeasured": "dim"}


def fmt_num(value: float | None) -> str:
    """``28.4``, ``1e-05``: the shortest form (``:g``), "" for none."""
    return "" if value is None else f"{value:g}"


def fmt_signed(value: float | None) -> str:
    """``+0.3``, ``−1.2`` (a true minus sign), "" for none."""
    return "" if value is None else f"{value:+g}".replace("-", "−")


def fmt_percent(value: float | None) -> str:
    """A ratio as ``+1.5%`` / ``−0.2%``, "" for none."""
    return "" if value is None else f"{value * 100:+.1f}%".replace("-", "−")


def claim_cells(c: ClaimView) -> list[str]:
    """label, metric ↑/↓, setting, claimed, obtained, gap, gap %, tolerance (* = default),
    verdict, source: one row of the claims-vs-results table."""
    unit = f" {c['unit']}" if c["unit"] else ""
    return [
        c["label"],
        f"{c['metric']} {'↑' if c['higher_is_better'] else '↓'}",
        c["setting"] or "",
        f"{fmt_num(c['value'])}{unit}",
        fmt_num(c["obtained"]),
        fmt_signed(c["gap_abs"]),
        fmt_percent(c["gap_rel"]),
        fmt_num(c["tolerance_used"]) + ("" if c["tolerance"] is not None else "*"),
        c["verdict"],
        c["source"] or "",
    ]


def compute_text(a: AttemptView) -> str:
    """An attempt's compute: "12.5 of 40 GPU-hours", "12.5 GPU-hours spent", or "" when none
    is recorded."""
    unit = f" {a['compute_unit']}" if a["compute_unit"] else ""
    spent, budget = a["compute_spent"], a["compute_budget"]
    if spent is None and budget is None:
        return ""
    if budget is None:
        return f"{fmt_num(spent)}{unit} spent"
    return f"{fmt_num(spent or 0)} of {fmt_num(budget)}{unit}"


def run_cells(r: RunView) -> list[str]:
    """id, date, command, commit, results, notes: one row of the runs table."""
    return [
        str(r["id"]),
        format_time(r["ran_at"]),
        r["command"] or "",
        (r["commit"] or "")[:12],
        ", ".join(f"{k}={fmt_num(v)}" for k, v in r["results"].items()),
        r["notes"] or "",
    ]
