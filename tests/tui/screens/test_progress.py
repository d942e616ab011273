"""The Progress screen (P): weekly counts and per-list totals from a history recorded at fixed
times, as of a fixed today, and live after a paper is read."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from paperdesk.library import Library
from paperdesk.services.reading_time import Period, record
from paperdesk.tui.screens.progress import ProgressScreen
from tests.services.progress_lib import add_list, mark
from tests.tui.conftest import key_of, make_app, screen_text, settle

TODAY = date(2026, 12, 2)  # a Wednesday: the week of Monday 30 November
A = [f"2103.{n:05d}" for n in range(1, 7)]
B = [f"2104.{n:05d}" for n in range(1, 4)]


def make_history(lib: Library) -> Library:
    add_list(lib, "alpha", A)
    add_list(lib, "beta", B)
    mark(lib, A[0], "queued", datetime(2026, 10, 30, 12))
    mark(lib, A[0], "read", datetime(2026, 11, 2, 12))
    mark(lib, A[1], "read", datetime(2026, 11, 2, 15))
    mark(lib, A[2], "read", datetime(2026, 11, 3, 9))
    mark(lib, A[3], "read", datetime(2026, 11, 16, 9))
    mark(lib, B[0], "read", datetime(2026, 11, 23, 9))
    mark(lib, B[1], "read", datetime(2026, 12, 1, 9))
    start = datetime(2026, 11, 30, 20)
    record(lib, Period(key_of(lib, A[4]), "reader", start, start + timedelta(minutes=40)))
    record(lib, Period(key_of(lib, B[1]), "note", start, start + timedelta(minutes=15)))
    return lib


def test_weekly_counts_and_lists(empty_lib: Library) -> None:
    asyncio.run(_weekly(make_history(empty_lib)))


async def _weekly(lib: Library) -> None:
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProgressScreen(None, today=TODAY))
        await settle(pilot)
        text = screen_text(app)
        assert "Progress in the library: 6 of " in text  # the app seeds its lists too
        assert "papers read per week" in text and "read per list (cumulative)" in text
        lines = text.splitlines()

        def row(week: str) -> list[str]:
            line = next(x for x in lines if week in x)
            return line[line.index(week) :].split()[:3]

        assert row("2026-11-02") == ["2026-11-02", "3", "3"]
        assert row("2026-11-09") == ["2026-11-09", "0", "3"]
        assert row("2026-11-16") == ["2026-11-16", "1", "4"]
        assert row("2026-11-30") == ["2026-11-30", "1", "6"]
        assert "queued→read median 3 days over 1" in text
        week = next(x for x in lines if "2026-11-30" in x)
        assert week[week.index("2026-11-30") :].split()[:4] == ["2026-11-30", "1", "6", "55m"]
        assert (
            "Reading time 55 min (15 min note, 40 min reader) · this week 55 min · "
            "most: Paper 2103.00005 40 min" in text
        )
        time = summary_text(app)  # 120 columns: three papers
        assert "most: Paper 2103.00005 40 min, Paper 2104.00002 15 min · alpha 40 min" in time
        assert any(x.split()[-4:] == ["alpha", "4", "6", "40m"] for x in lines if "alpha" in x)

        mark(lib, A[4], "read", datetime(2026, 12, 2, 9))
        app.main.changed(None)
        await settle(pilot)
        assert row_now(app, "2026-11-30") == ["2026-11-30", "2", "7"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProgressScreen)


def row_now(app: object, week: str) -> list[str]:
    line = next(x for x in screen_text(app).splitlines() if week in x)  # type: ignore[arg-type]
    return line[line.index(week) :].split()[:3]


def test_p_opens_progress_of_the_list_shown(lib: Library) -> None:
    asyncio.run(_opens(lib))


async def _opens(lib: Library) -> None:
    app = make_app(lib.settings, view="list:transformers-core")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "Progress in transformers-core: 0 of" in screen_text(app)
        assert "Nothing read yet with a date in this list: press r" in screen_text(app)


def test_at_80_columns_the_axis_has_labels_and_long_list_names_end_in_an_ellipsis(
    empty_lib: Library,
) -> None:
    asyncio.run(_narrow(make_history(empty_lib)))


async def _narrow(lib: Library) -> None:
    add_list(lib, "transformers-core-extra", [A[5]])
    mark(lib, A[5], "read", datetime(2026, 11, 30, 9))
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ProgressScreen(None, today=TODAY))
        await settle(pilot)
        lines = screen_text(app).splitlines()
        axes = [i for i, x in enumerate(lines) if "└" in x]
        assert len(axes) == 2  # the weekly chart and the lists chart
        for i in axes:  # the week labels under each x axis
            assert re.search(r"\b1[01]-\d\d\b", lines[i + 1]), lines[i + 1]
        side = [x.split("┘")[-1].split("│")[-1].split() for x in lines]
        assert ["transformers-core", "0", "8"] in side  # whole
        assert ["transformers-core…", "1", "1"] in side  # the -extra one, cut


LONG = "a-list-with-a-rather-long-name-for-its-reading-time"


def test_at_80_columns_a_long_summary_leaves_the_reading_time_whole(empty_lib: Library) -> None:
    """The streaks, queued-to-read and replication line wrapping over two rows at 80
    columns never pushes the reading time (as ``paperdesk stats`` gives it) off the screen."""
    lib = make_history(empty_lib)
    add_list(lib, LONG, [A[4], B[1]])  # the list with the most time
    asyncio.run(_time_at_80(lib))


async def _time_at_80(lib: Library) -> None:
    app = make_app(lib.settings, view="all")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ProgressScreen(None, today=TODAY))
        await settle(pilot)
        time = summary_text(app)
        assert "queued→read median 3 days over 1" in time
        assert "Reading time 55 min (15 min note, 40 min reader) · this week 55 min" in time
        assert f"most: Paper 2103.00005 40 min · {LONG} 55 min" in time
        assert "esc Back" in screen_text(app).splitlines()[-1]


def summary_text(app: Any) -> str:
    """The rows under the charts (from the streaks to the footer), joined."""
    lines = screen_text(app).splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith(" Streak "))
    return " ".join(x.strip() for x in lines[at:-1])


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot(empty_lib: Library, snap_compare: Any, size: tuple[int, int]) -> None:
    make_history(empty_lib)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(ProgressScreen(None, today=TODAY))
        await settle(pilot)

    app = make_app(empty_lib.settings, view="all")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
