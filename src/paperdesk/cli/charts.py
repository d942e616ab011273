"""Terminal charts for ``paperdesk stats``, drawn with plotext (imported here only, when a chart
is drawn) and printed with their numbers beside them (or below, on a narrow terminal)."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from itertools import zip_longest
from types import ModuleType

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
TABLE_GAP = "   "


def width() -> int:
    return shutil.get_terminal_size((120, 40)).columns if sys.stdout.isatty() else 120


def _visible(text: str) -> int:
    return len(_ANSI.sub("", text))


def _plt() -> ModuleType:
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    return plt


def _int_ticks(plt: ModuleType, top: float) -> None:
    """Whole-number y ticks (counts of papers are never 0.33)."""
    top = max(int(top), 1)
    step = max(1, -(-top // 5))
    ticks = list(range(0, top + step, step))
    plt.ylim(0, ticks[-1])
    plt.yticks(ticks, [str(t) for t in ticks])


def _finish(plt: ModuleType, w: int, h: int, title: str) -> list[str]:
    plt.plotsize(w, h)
    plt.title(title)
    text = plt.build()
    plt.clear_figure()
    if not sys.stdout.isatty():
        text = _ANSI.sub("", text)
    return [line.rstrip() for line in text.rstrip("\n").split("\n")]


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    w: int,
    h: int = 12,
    most_ticks: int = 8,
) -> list[str]:
    """A bar chart (one bar per label) as lines of text; at most ``most_ticks`` labels under
    it (labels that touch are drawn in no fixed order, so a narrow chart needs fewer)."""
    plt = _plt()
    plt.bar(list(labels), list(values), width=0.6)
    _ticks(plt, labels, most_ticks)
    _int_ticks(plt, max(values, default=0))
    return _finish(plt, w, h, title)


def lines(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    w: int,
    h: int = 12,
    most_ticks: int = 8,
) -> list[str]:
    """One line per named series over the same labels, with a legend."""
    plt = _plt()
    xs = list(range(1, len(labels) + 1))
    for name, ys in series.items():
        plt.plot(xs, list(ys), label=name, marker="braille")
    plt.xticks(*_tick_positions(labels, most_ticks))
    _int_ticks(plt, max((max(ys, default=0) for ys in series.values()), default=0))
    return _finish(plt, w, h, title)


def _tick_positions(labels: Sequence[str], most: int = 8) -> tuple[list[int], list[str]]:
    step = max(1, -(-len(labels) // most))
    picked = list(range(0, len(labels), step))
    return [i + 1 for i in picked], [labels[i] for i in picked]


def _ticks(plt: ModuleType, labels: Sequence[str], most: int = 8) -> None:
    if len(labels) > most:  # a label under every bar would run together
        plt.xticks(*_tick_positions(labels, most))


def beside(chart: list[str], table: list[str], total: int) -> list[str]:
    """The table to the right of the chart when both fit in ``total`` columns, else below."""
    chart_w = max((_visible(x) for x in chart), default=0)
    table_w = max((len(x) for x in table), default=0)
    if chart_w + len(TABLE_GAP) + table_w > total:
        return [*chart, "", *table]
    out = []
    for left, right in zip_longest(chart, table, fillvalue=""):
        pad = " " * (chart_w - _visible(left))
        out.append(f"{left}{pad}{TABLE_GAP}{right}".rstrip())
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1) -> list[str]:
    """A small right-aligned table (the first ``left`` columns left-aligned) as lines."""
    cols = list(zip(headers, *rows, strict=False))
    widths = [max(len(str(c)) for c in col) for col in cols]

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i < left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        )

    return [fmt(headers), *(fmt(r) for r in rows)]
