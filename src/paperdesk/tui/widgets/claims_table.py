"""The replication screen's tables: claims vs the results of one attempt, or of two attempts
side by side, and the runs of an attempt. ``j``/``k`` move as in every other table.

A record's claims come measured against the current attempt; :func:`measured` measures them
against any attempt (its latest result per claim), with the same gap and verdict rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from paperdesk import replication as domain
from paperdesk.dates import format_time
from paperdesk.presenter import VERDICT_STYLE, claim_cells, run_cells

if TYPE_CHECKING:
    from paperdesk.replication_views import AttemptView, ClaimView, LogEntry

# claim_cells order: label, metric, setting, claimed, obtained, gap, gap %, tol, verdict, source
SINGLE = [0, 3, 4, 5, 6, 7, 8, 1, 2, 9]
"""Shown order: the numbers and the verdict first, so a narrow terminal cuts the setting and
the source, never the verdict."""
SINGLE_HEADERS: tuple[str, ...] = (
    "claim",
    "claimed",
    "obtained",
    "gap",
    "gap %",
    "tol",
    "verdict",
    "metric",
)
SINGLE_HEADERS += ("setting", "source")
VERDICT_COLOURED = {"gap", "gap %", "verdict"}
COMPARE_HEADERS: tuple[str, ...] = (
    "claim",
    "claimed",
    "A got",
    "A gap",
    "A verdict",
    "B got",
    "B gap",
)
COMPARE_HEADERS += ("B verdict", "metric")
RUN_HEADERS = ("run", "date", "command", "commit", "results", "notes")
BY_AFTER = {SINGLE_HEADERS: "metric", COMPARE_HEADERS: "metric", RUN_HEADERS: "date"}
"""Where a library with several members shows who made each row: after the short columns,
before the free text that a narrow terminal cuts."""


def headers_for(headers: tuple[str, ...], authors: bool) -> tuple[str, ...]:
    """``headers``, with ``by`` when the table says who made each row."""
    if not authors:
        return headers
    at = headers.index(BY_AFTER[headers]) + 1
    return (*headers[:at], "by", *headers[at:])


def _with_by(
    headers: tuple[str, ...], cells: list[Any], row: Mapping[str, object], authors: bool
) -> list[Any]:
    if authors:
        cells.insert(headers.index(BY_AFTER[headers]) + 1, row.get("by") or "")
    return cells


def obtained_in(attempt: AttemptView | None) -> dict[str, float]:
    """Each claim's latest result in ``attempt`` (its runs come oldest first)."""
    return domain.latest_results(attempt["runs"]) if attempt else {}


def measured(claim: ClaimView, value: float | None) -> ClaimView:
    """``claim`` (a record's claim view) against ``value`` instead of its own result."""
    return domain.measure(claim, value)


class RowsTable(DataTable[Any]):
    """A row-cursor table with the keys of the papers table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return str(row_key.value) if row_key.value is not None else None

    def refill(self, headers: tuple[str, ...], rows: list[tuple[str, list[Any]]]) -> None:
        """Replace columns and rows; the row under the cursor stays selected."""
        keep = self.selected_key()
        self.clear(columns=True)
        self.add_columns(*headers)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        keys = [k for k, _ in rows]
        if keep in keys:
            self.move_cursor(row=keys.index(keep))


CUT = {"setting": 30, "source": 16}  # long free text: cut, so the table fits a terminal


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def claim_rows(claims: list[ClaimView], authors: bool = False) -> list[tuple[str, list[Any]]]:
    """One row per claim; ``authors`` adds who entered it."""
    rows = []
    for c in claims:
        cells = claim_cells(c)
        cells[2], cells[9] = _cut(cells[2], CUT["setting"]), _cut(cells[9], CUT["source"])
        style = VERDICT_STYLE[c["verdict"]]
        shown = [
            Text(cells[i], style=style) if SINGLE_HEADERS[n] in VERDICT_COLOURED else cells[i]
            for n, i in enumerate(SINGLE)
        ]
        rows.append((c["label"], _with_by(SINGLE_HEADERS, shown, c, authors)))
    return rows


def compare_rows(
    claims: list[ClaimView], a: AttemptView, b: AttemptView, authors: bool = False
) -> list[tuple[str, list[Any]]]:
    """Each claim against attempt ``a``'s and ``b``'s latest results."""
    got_a, got_b = obtained_in(a), obtained_in(b)
    rows = []
    for c in claims:
        cells: list[Any] = [c["label"], claim_cells(c)[3]]
        for got in (got_a, got_b):
            m = measured(c, got.get(c["label"]))
            full = claim_cells(m)
            style = VERDICT_STYLE[m["verdict"]]
            cells += [full[4], Text(full[5], style=style), Text(full[8], style=style)]
        cells.append(claim_cells(c)[1])
        rows.append((c["label"], _with_by(COMPARE_HEADERS, cells, c, authors)))
    return rows


def run_rows(attempt: AttemptView | None, authors: bool = False) -> list[tuple[str, list[Any]]]:
    """Newest run first; ``authors`` adds who recorded each."""
    return [
        (str(r["id"]), _with_by(RUN_HEADERS, list(run_cells(r)), r, authors))
        for r in reversed(attempt["runs"] if attempt else [])
    ]


def log_text(log: list[LogEntry], authors: bool = False) -> Text:
    """An attempt's log, oldest first; ``authors`` puts who wrote each entry before it."""
    if not log:
        return Text("no entries yet", style="dim")
    return Text("\n").join(
        Text.assemble(
            (format_time(e["at"]), "dim"),
            "  ",
            (f"{e['by']}: " if authors and e["by"] else "", "bold"),
            e["text"],
        )
        for e in log
    )
