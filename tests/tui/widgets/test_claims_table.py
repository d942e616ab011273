"""The replication screen's tables: claims with the verdict first and coloured, two attempts
side by side, runs newest first, the log, who made each row in a shared library, and the
row-cursor table that keeps its row across a refill. Records come from the real service on a
seeded SQLite library."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from paperdesk.library import Library
from paperdesk.replication_views import Record
from paperdesk.services import replication as rep
from paperdesk.tui.widgets.claims_table import (
    COMPARE_HEADERS,
    RUN_HEADERS,
    SINGLE_HEADERS,
    RowsTable,
    claim_rows,
    compare_rows,
    headers_for,
    log_text,
    measured,
    obtained_in,
    run_rows,
)

pytestmark = pytest.mark.anyio
ATTENTION = "1706.03762"  # seeded claims: bleu-en-de 28.4, bleu-en-fr 41.8 (tolerance 1%)


def _plain(cells: list[Any]) -> list[str]:
    return [c.plain if isinstance(c, Text) else str(c) for c in cells]


def _style(cell: Any) -> str:
    assert isinstance(cell, Text), cell
    return str(cell.style)


def _measured_once(lib: Library) -> Record:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 28.3}, command="python train.py", notes="first")
    return rep.record(lib, ATTENTION)


def test_claim_rows_put_the_numbers_and_the_verdict_first(lib: Library) -> None:
    rec = _measured_once(lib)
    rows = dict(claim_rows(rec["claims"]))
    assert list(rows) == ["bleu-en-de", "bleu-en-fr"]
    de, fr = rows["bleu-en-de"], rows["bleu-en-fr"]
    assert len(de) == len(SINGLE_HEADERS)
    assert _plain(de)[:7] == ["bleu-en-de", "28.4", "28.3", "−0.1", "−0.4%", "0.284*", "within"]
    assert _plain(de)[7] == "BLEU ↑"
    # the verdict's colour on gap, gap % and verdict; the other cells are plain text
    for header in ("gap", "gap %", "verdict"):
        assert _style(de[SINGLE_HEADERS.index(header)]) == "green"
        assert _style(fr[SINGLE_HEADERS.index(header)]) == "dim"
    assert _plain(fr)[2] == "" and _plain(fr)[6] == "unmeasured"
    # long free text is cut so the table fits a terminal
    setting = _plain(de)[SINGLE_HEADERS.index("setting")]
    assert setting == "WMT 2014 English-German, Tran…" and len(setting) == 30
    assert _plain(de)[SINGLE_HEADERS.index("source")] == "Table 2"


def test_a_result_outside_the_tolerance_is_red(lib: Library) -> None:
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 26.0})
    de = dict(claim_rows(rep.record(lib, ATTENTION)["claims"]))["bleu-en-de"]
    assert _plain(de)[SINGLE_HEADERS.index("verdict")] == "outside"
    assert _style(de[SINGLE_HEADERS.index("verdict")]) == "red"


def test_authors_add_a_by_column_after_the_short_ones(lib: Library) -> None:
    rec = _measured_once(lib)
    with_by = headers_for(SINGLE_HEADERS, True)
    assert with_by[with_by.index("metric") + 1] == "by" and len(with_by) == len(SINGLE_HEADERS) + 1
    assert headers_for(SINGLE_HEADERS, False) == SINGLE_HEADERS
    assert headers_for(RUN_HEADERS, True)[:3] == ("run", "date", "by")
    assert headers_for(COMPARE_HEADERS, True).index("by") == COMPARE_HEADERS.index("metric") + 1
    de = dict(claim_rows(rec["claims"], authors=True))["bleu-en-de"]
    assert len(de) == len(with_by) and de[with_by.index("by")] == ""  # seeded: nobody's
    (run,) = run_rows(rec["attempts"][-1], authors=True)
    assert len(run[1]) == len(RUN_HEADERS) + 1


def test_runs_newest_first_with_their_results(lib: Library) -> None:
    _measured_once(lib)
    rep.add_run(lib, ATTENTION, {"bleu-en-fr": 41.5}, commit="a1b2c3d4e5f6a7b8")
    attempt = rep.record(lib, ATTENTION)["attempts"][-1]
    rows = run_rows(attempt)
    assert [key for key, _ in rows] == [str(r["id"]) for r in reversed(attempt["runs"])]
    newest, oldest = (cells for _, cells in rows)
    assert newest[3:5] == ["a1b2c3d4e5f6", "bleu-en-fr=41.5"]  # the commit cut to 12
    assert oldest[2:] == ["python train.py", "", "bleu-en-de=28.3", "first"]
    assert run_rows(None) == []
    assert obtained_in(attempt) == {"bleu-en-de": 28.3, "bleu-en-fr": 41.5}
    assert obtained_in(None) == {}


def test_compare_rows_measure_each_claim_against_two_attempts(lib: Library) -> None:
    _measured_once(lib)
    rep.new_attempt(lib, ATTENTION)
    rep.add_run(lib, ATTENTION, {"bleu-en-de": 26.0})
    rec = rep.record(lib, ATTENTION)
    first, second = rec["attempts"]
    rows = dict(compare_rows(rec["claims"], first, second))
    de = rows["bleu-en-de"]
    assert len(de) == len(COMPARE_HEADERS)
    a_cells, b_cells = ["28.3", "−0.1", "within"], ["26", "−2.4", "outside"]
    assert _plain(de) == ["bleu-en-de", "28.4", *a_cells, *b_cells, "BLEU ↑"]
    assert _style(de[4]) == "green" and _style(de[7]) == "red"
    assert _plain(rows["bleu-en-fr"])[2:8] == ["", "", "unmeasured", "", "", "unmeasured"]
    # measured() is the same claim against another value
    claim = next(c for c in rec["claims"] if c["label"] == "bleu-en-de")
    assert measured(claim, 28.4)["verdict"] == "within" and claim["obtained"] == 26.0


def test_the_log_oldest_first_and_who_wrote_it(lib: Library) -> None:
    assert log_text([]).plain == "no entries yet"
    rep.add_log(lib, ATTENTION, "started the base model")
    rep.add_log(lib, ATTENTION, "BLEU 28.3 after 100k steps")
    log = rep.record(lib, ATTENTION)["attempts"][-1]["log"]
    lines = log_text(log).plain.splitlines()
    assert [x.split("  ", 1)[1] for x in lines] == [
        "started the base model",
        "BLEU 28.3 after 100k steps",
    ]
    named = [{**e, "by": "ana"} for e in log]
    assert (
        log_text(named, authors=True)
        .plain.splitlines()[0]
        .endswith("  ana: started the base model")
    )
    assert "ana:" not in log_text(named).plain


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield RowsTable(id="rows")


ROWS = [(f"r{n}", [f"r{n}", str(n)]) for n in range(5)]


async def test_the_table_moves_with_j_k_g_and_keeps_its_row_across_a_refill() -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(RowsTable)
        assert table.selected_key() is None  # empty
        table.refill(("name", "n"), ROWS)
        table.focus()
        await pilot.pause()
        assert table.selected_key() == "r0"
        await pilot.press("j", "j")
        assert table.selected_key() == "r2"
        await pilot.press("k")
        assert table.selected_key() == "r1"
        await pilot.press("G")
        await pilot.pause()
        assert table.selected_key() == "r4"
        await pilot.press("g")
        await pilot.pause()
        assert table.selected_key() == "r0"
        await pilot.press("j", "j", "j")
        # a new row at the top: the cursor follows r3 rather than staying at row 3
        table.refill(("name", "n"), [("new", ["new", "9"]), *ROWS])
        await pilot.pause()
        assert table.selected_key() == "r3" and table.row_count == 6
        assert [str(c.label) for c in table.columns.values()] == ["name", "n"]
        table.refill(("name", "n"), ROWS[:2])  # r3 gone: the cursor stays in the table
        await pilot.pause()
        assert table.selected_key() in {"r0", "r1"}
