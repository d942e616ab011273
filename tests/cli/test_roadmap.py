"""``paperdesk next``, ``plan`` and ``stats`` in a fresh process."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from paperdesk.library import Library
from tests.cli.heavy import modules_after
from tests.conftest import run_cli, seed

HEAVY = ("sqlalchemy", "torch", "sentence_transformers", "faiss", "fitz", "pymupdf", "plotext")


def test_next_follows_the_roadmap_and_the_lists(home: Path) -> None:
    out = run_cli("next", "-k", "3", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["papers"][0]["list"] == "deep-learning-foundations"
    assert data["left"] == seed().papers and len(data["papers"]) == 3
    core = run_cli("next", "--list", "transformers-core", "--limit", "1", "--json")
    assert json.loads(core.stdout)["papers"][0]["arxiv_id"] == "1409.0473"
    for aid in ("1409.0473", "1508.04025"):
        assert run_cli("mark", aid, "read").returncode == 0
    table = run_cli("next", "--list", "transformers-core", "-k", "2")
    assert table.returncode == 0, table.stderr
    first = table.stdout.splitlines()[1]
    assert "1706.03762" in first and "Attention Is All You Need" in first
    assert "6 papers to read (first 2; -k 0 for all) · 2 done" in table.stdout


def test_plan_set_show_and_clear(home: Path) -> None:
    out = run_cli("plan", "transformers-core", "--pace", "3/week", "--days", "mon,wed,fri")
    assert out.returncode == 0, out.stderr
    assert "transformers-core  3/week  mon,wed,fri" in out.stdout
    assert "on track" in out.stdout
    data = json.loads(run_cli("plan", "--json").stdout)
    (plan,) = data["plans"]
    assert (plan["pace"], plan["days"], plan["total"], plan["done"]) == (3, "mon,wed,fri", 8, 0)
    assert plan["left"][0]["label"] == "1409.0473"
    assert run_cli("plan", "transformers-core", "--clear").stdout.strip() == (
        "transformers-core: plan removed"
    )
    assert "No study plans yet" in run_cli("plan").stdout


def test_a_paper_read_before_the_plan_is_not_part_of_it(home: Path) -> None:
    assert run_cli("mark", "1706.03762", "read").returncode == 0
    out = run_cli("plan", "transformers-core", "--pace", "3/week")
    assert out.returncode == 0, out.stderr
    assert " 0/7  on track" in out.stdout


def test_bad_input_is_one_clear_line(home: Path) -> None:
    for args, message in (
        (["plan", "transformers-core", "--pace", "lots"], "error: pace 'lots' is not a number"),
        (["plan", "nope", "--pace", "3/week"], "error: no reading list 'nope'"),
        (["plan", "--pace", "3/week"], "Error: name the list to plan"),
        (["plan", "transformers-core", "--start", "today"], "transformers-core has no plan yet"),
        (["plan", "transformers-core", "--pace", "3", "--start", "12/01"], "is not a date"),
        (["next", "--list", "nope"], "error: no reading list 'nope'; lists: deep-learning"),
        (["stats", "--since", "last week"], "error: --since 'last week' is not a date"),
        (["lists", "move", "nope", "1"], "error: no reading list 'nope'"),
    ):
        out = run_cli(*args)
        assert out.returncode != 0, args
        assert message in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_stats_charts_with_their_numbers(home: Path) -> None:
    assert run_cli("mark", "1409.0473", "read").returncode == 0
    out = run_cli("stats")
    assert out.returncode == 0, out.stderr
    assert f"Progress in the library: 1 of {seed().papers} papers read" in out.stdout
    assert "papers read per week" in out.stdout and "week of" in out.stdout
    assert "read per list (cumulative)" in out.stdout
    assert "transformers-core" in out.stdout
    data = json.loads(run_cli("stats", "--list", "transformers-core", "--json").stdout)
    assert data["read"] == 1 and data["weeks"][-1]["read"] == 1
    assert len(data["weeks"]) == 8


def test_stats_since_a_future_day_shows_nothing(home: Path) -> None:
    assert run_cli("mark", "1409.0473", "read").returncode == 0
    out = run_cli("stats", "--since", "2030-01-01")
    assert out.returncode == 0, out.stderr
    assert f"1 of {seed().papers} papers read, 0 since 2030-01-01" in out.stdout
    assert "after today" in out.stdout and "papers read per week" not in out.stdout
    data = json.loads(run_cli("stats", "--since", "2030-01-01", "--json").stdout)
    assert data["weeks"] == [] and data["read_since"] == 0 and data["read"] == 1


def test_stats_show_reading_time(lib: Library) -> None:
    from datetime import timedelta

    from paperdesk.dates import today
    from paperdesk.services.papers import paper_detail
    from paperdesk.services.reading_time import Period, record

    day = today()
    start = datetime(day.year, day.month, day.day) - timedelta(days=1)
    key = paper_detail(lib, "1706.03762").id
    record(lib, Period(key, "reader", start, start + timedelta(minutes=65)))
    record(lib, Period(key, "note", start + timedelta(hours=2), start + timedelta(hours=2.25)))
    out = run_cli("stats")
    assert out.returncode == 0, out.stderr
    assert "Reading time: 1 h 20 in all (15 min note, 1 h 05 reader)" in out.stdout
    line = next(x for x in out.stdout.splitlines() if x.startswith("1706.03762"))
    assert "Attention Is All You Need" in line and "1 h 20" in line
    assert any("transformers-core" in x and "1 h 20" in x for x in out.stdout.splitlines())
    assert run_cli("mark", "1706.03762", "read").returncode == 0  # as before
    data = json.loads(run_cli("stats", "--list", "transformers-core", "--json").stdout)
    assert data["read"] == 1 and data["time"]["seconds"] == 80 * 60
    assert data["time"]["top_papers"][0]["label"] == "1706.03762"
    assert sum(w["seconds"] for w in data["weeks"]) == 80 * 60


def _modules_after(args: list[str], home: Path) -> list[str]:
    return modules_after(args, home, HEAVY)


def test_next_plan_and_stats_stay_light(home: Path) -> None:
    run_cli("lists")  # the first run migrates and seeds
    for args in (["next"], ["plan"], ["stats", "--json"], ["lists"]):
        assert _modules_after(args, home) == [], args
    run_cli("mark", "1409.0473", "read")
    assert _modules_after(["stats"], home) == ["plotext"]  # the charts, and nothing heavier


def test_stats_since_help_says_what_it_takes(home: Path) -> None:
    text = " ".join(run_cli("stats", "--help").stdout.split())
    assert "DATE (YYYY-MM-DD, today or yesterday): count only what happened from DATE on" in text
    assert "in every section" in text
    assert run_cli("stats", "--since", "yesterday").returncode == 0
