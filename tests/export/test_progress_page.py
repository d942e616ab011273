"""The vault's progress page (:mod:`paperdesk.export.progress_page`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from paperdesk.export.progress_page import progress_page
from paperdesk.pacing import Pace


def _paper(key: str, state: str, at: str | None = None, **kw: Any) -> dict[str, Any]:
    history = [{"track": "reading", "to": state, "at": at}] if at else []
    return {"key": key, "title": f"T {key}", "reading_state": state, "history": history,
            "cites": [], **kw}  # fmt: skip


def _data(plans: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    period = {"view": "reader", "start": "2024-05-03T10:00:00", "end": "2024-05-03T11:31:00"}
    minute = {"view": "notes", "start": "2024-05-04T10:00:00", "end": "2024-05-04T10:01:00"}
    papers = [
        _paper("a", "read", "2024-05-03T10:00:00", reading_time=[period]),
        _paper("b", "skimmed", "2024-04-20T08:00:00"),
        _paper("c", "queued", reading_time=[minute]),
        _paper("d", "unread"),
        _paper("e", "read"),  # read, with no recorded change
        _paper("x", "read", "2024-05-02T00:00:00"),  # on no list
    ]
    entries = [
        {"paper": "a", "stage": "1. Basics", "position": 1},
        {"paper": "b", "stage": "1. Basics", "position": 2},
        {"paper": "c", "stage": "2. More", "position": 3},
        {"paper": "d", "stage": "2. More", "position": 4},
        {"paper": "e", "stage": None, "position": 5},
    ]
    lists = [
        {"name": "later", "title": "Later", "position": 2, "entries": [
            {"paper": "d", "stage": None, "position": 1}]},
        {"name": "core", "title": "Core  papers", "position": 1, "entries": entries},
    ]  # fmt: skip
    return {"papers": papers, "lists": lists, "plans": plans or []}


def _ref(key: str) -> str:
    return f"[[{key}|Title | {key}]]"


def _front(fm: Mapping[str, Any]) -> str:
    return "FM " + json.dumps(dict(fm), sort_keys=True)


def test_no_plans_and_what_was_read_when() -> None:
    page = progress_page(_data(), _ref, _front)
    lines = page.split("\n")
    assert lines[0] == 'FM {"page": "progress", "papers": 6, "plans": 0, "read": 3}'
    assert "No plans yet: `paperdesk plan LIST --pace 3/week` sets one." in lines
    core = lines.index("### Core papers (core)")
    assert lines.index("### Later (later)") > core  # lists in their order
    assert lines[core + 2 : core + 7] == [
        "| Read on | Paper | State | Stage |",
        "| --- | --- | --- | --- |",
        "| 2024-04-20 | [[b]] Title \\| b | skimmed | 1. Basics |",
        "| 2024-05-03 | [[a]] Title \\| a | read | 1. Basics |",
        "| (no date) | [[e]] Title \\| e | read |  |",
    ]
    assert lines[lines.index("### Later (later)") + 2] == "Nothing read yet."
    assert page.endswith("\n") and not page.endswith("\n\n")


def test_a_plan_shows_its_calendar_as_set() -> None:
    plan = {"list": "core", "pace": 2, "start": "2024-05-01", "days": None}
    ignored = {"list": "gone", "pace": 1, "start": "2024-05-01"}  # a list not in the snapshot
    lines = progress_page(_data([plan, ignored]), _ref, _front).split("\n")
    assert '"plans": 1' in lines[0]
    pace = Pace(2, date(2024, 5, 1))
    # done since the start: a (b was read before it, e has no date); left: c then d
    row = f"| [[_list-core]] | 2/week | every day | 2024-05-01 | 1/3 | {pace.due(2).isoformat()} |"
    assert row in lines
    left = lines.index("### core: the papers left")
    assert lines[left + 4 : left + 6] == [
        f"| {pace.due(1).isoformat()} | [[c]] Title \\| c |",
        f"| {pace.due(2).isoformat()} | [[d]] Title \\| d |",
    ]


def test_a_plan_on_given_days() -> None:
    plan = {"list": "core", "pace": 1, "start": "2024-05-01", "days": "mon,fri"}
    lines = progress_page(_data([plan]), _ref, _front).split("\n")
    pace = Pace(1, date(2024, 5, 1), (0, 4))
    assert any(
        line.startswith("| [[_list-core]] | 1/week | mon,fri | 2024-05-01 | 1/3 | ")
        and line.endswith(f"| {pace.due(2).isoformat()} |")
        for line in lines
    )


def test_reading_time_per_list_and_paper() -> None:
    lines = progress_page(_data(), _ref, _front).split("\n")
    start = lines.index("## Reading time")
    assert lines[start + 2] == "1 h 32 in all."
    assert "| [[_list-core]] | 2 | 1 h 32 |" in lines
    assert not any(line.startswith("| [[_list-later]]") for line in lines[start:])
    assert lines[-4:] == ["| --- | --- |", "| [[a]] Title \\| a | 1 h 31 |",
                          "| [[c]] Title \\| c | 1 min |", ""]  # fmt: skip


def test_no_reading_time_yet() -> None:
    data = _data()
    for p in data["papers"]:
        p.pop("reading_time", None)
    page = progress_page(data, _ref, _front)
    assert page.endswith("None recorded yet: the TUI's reading view and note editor record it.\n")


def test_the_same_snapshot_gives_the_same_page() -> None:
    plan = {"list": "core", "pace": 2, "start": "2024-05-01", "days": None}
    assert progress_page(_data([plan]), _ref, _front) == progress_page(_data([plan]), _ref, _front)
