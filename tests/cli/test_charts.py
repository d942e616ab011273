"""The charts of ``paperdesk stats``: drawn by plotext at the width asked, whole-number ticks,
and their numbers beside them when both fit, below them when not."""

from __future__ import annotations

from paperdesk.cli import charts


def test_table_aligns_names_left_and_numbers_right() -> None:
    lines = charts.table(
        ["list", "read", "of"], [["transformers-core", "3", "8"], ["rl", "12", "4"]]
    )
    assert lines == [
        "list               read  of",
        "transformers-core     3   8",
        "rl                   12   4",
    ]


def test_a_table_goes_beside_the_chart_when_both_fit_else_below() -> None:
    chart = ["\x1b[31m###\x1b[0m", "#####"]  # colour codes take no columns
    table = ["week  read", "w1       3", "w2       1"]
    assert charts.beside(chart, table, total=80) == [
        "\x1b[31m###\x1b[0m     week  read",
        "#####   w1       3",
        "        w2       1",
    ]
    assert charts.beside(chart, table, total=12) == [*chart, "", *table]


def test_a_bar_chart_fits_its_width_and_counts_in_whole_numbers() -> None:
    weeks = [f"w{n}" for n in range(1, 13)]
    lines = charts.bars(weeks, [0, 1, 3, 2, 0, 0, 1, 4, 2, 1, 0, 7], title="papers read", w=60)
    assert len(lines) == 12 and max(len(x) for x in lines) <= 60
    text = "\n".join(lines)
    assert "papers read" in text
    ticks = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert ticks == ["8", "6", "4", "2", "0"]  # a top of 7 in steps of 2, whole numbers
    shown = [w for w in weeks if f" {w} " in f" {lines[-1]} "]
    assert 1 < len(shown) <= 8  # at most eight labels under the bars, so they never touch


def test_lines_draw_one_series_each_with_a_legend() -> None:
    lines = charts.lines(
        ["mon", "tue", "wed"], {"read": [1, 2, 3], "planned": [2, 2, 2]}, title="pace", w=50
    )
    text = "\n".join(lines)
    assert "read" in text and "planned" in text and max(len(x) for x in lines) <= 50
