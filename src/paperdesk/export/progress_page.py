"""The vault's ``_progress.md``: the study plans, per list what was read when, and the time
spent in the TUI's reading view and note editor (per list, and the papers with the most).

Built from the backup snapshot (:func:`paperdesk.export.backup.dump`) like every other vault
page, and free of today's date, so that exporting twice with nothing changed gives the same
bytes: a plan shows its calendar as set (the papers left, in ``paperdesk next`` order, on the
plan's next dates after the ones already read), not how far behind it is today — that changes
daily and is what ``paperdesk plan`` is for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from paperdesk.dates import format_weekdays, parse_weekdays, stored_day, stored_time
from paperdesk.pacing import Pace
from paperdesk.roadmap import TIERS, Candidate, order_next
from paperdesk.services.reading_time import duration

PROGRESS_PAGE = "_progress.md"
FINISHED = ("read", "skimmed")
TOP_PAPERS = 10


_ALIASED = re.compile(r"\[\[([^\]|]+)\|([^\]]*)\]\]")


def _cell(text: str) -> str:
    """Table-safe: ``[[stem|title]]`` becomes ``[[stem]] title`` (a ``|`` would end the cell,
    and editors disagree on escaping it), any other ``|`` is escaped, newlines flattened."""
    text = _ALIASED.sub(lambda m: f"[[{m[1]}]] {m[2]}", text)
    return " ".join(text.replace("|", "\\|").split())


def _entered(p: Mapping[str, Any]) -> datetime | None:
    """When the paper entered its current reading state (its latest change into it)."""
    times = [
        stored_time(h["at"])
        for h in p["history"]
        if h["track"] == "reading" and h["to"] == p["reading_state"] and h.get("at")
    ]
    return max(times, default=None)


def _ordered_lists(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    lists = list(data["lists"])
    return sorted(
        lists,
        key=lambda rl: (rl.get("position") is None, rl.get("position") or 0, rl["name"]),
    )


def _left_in_order(rl: Mapping[str, Any], by_key: Mapping[str, Any]) -> list[str]:
    """Keys of the list's papers still to read, in ``paperdesk next`` order."""
    index = {key: i for i, key in enumerate(by_key)}
    stage_rank: dict[str | None, int] = {}
    cands = []
    for e in rl["entries"]:
        p = by_key[e["paper"]]
        rank = stage_rank.setdefault(e["stage"], len(stage_rank))
        if p["reading_state"] not in TIERS:
            continue
        cands.append(
            Candidate(
                paper_id=index[p["key"]],
                key=p["key"],
                label=p.get("arxiv_id") or p["key"],
                title=p["title"],
                state=p["reading_state"],
                list_name=rl["name"],
                list_rank=0,
                stage=e["stage"],
                stage_rank=rank,
                position=e["position"],
                lists=frozenset([rl["name"]]),
            )
        )
    listed = {c.paper_id for c in cands}
    cites = [
        (index[p["key"]], index[k])
        for p in by_key.values()
        if index[p["key"]] in listed
        for k in p["cites"]
        if k in index
    ]
    return [x.paper.key for x in order_next(cands, cites)]


def progress_page(
    data: Mapping[str, Any],
    ref: Callable[[str], str],
    front_matter: Callable[[Mapping[str, Any]], str],
) -> str:
    """The page's text; ``ref(key)`` renders a paper (a wiki-link when it is exported)."""
    by_key = {p["key"]: p for p in data["papers"]}
    lists = {rl["name"]: rl for rl in data["lists"]}
    plans = [pl for pl in data.get("plans", []) if pl.get("list") in lists]
    n_read = sum(1 for p in data["papers"] if p["reading_state"] == "read")
    fm = {"page": "progress", "papers": len(by_key), "read": n_read, "plans": len(plans)}
    lines = [front_matter(fm), "# Progress", ""]

    lines += ["## Study plans", ""]
    if not plans:
        lines += ["No plans yet: `paperdesk plan LIST --pace 3/week` sets one.", ""]
    else:
        lines += [
            "| List | Pace | Days | Started | Done | Plan ends |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        calendars = []
        for pl in sorted(plans, key=lambda x: x["list"]):
            rl = lists[pl["list"]]
            start = stored_day(pl["start"])
            pace = Pace(int(pl["pace"]), start, parse_weekdays(pl.get("days")))
            begin = datetime(start.year, start.month, start.day)
            done = 0
            for e in rl["entries"]:
                p = by_key[e["paper"]]
                at = _entered(p)
                if p["reading_state"] in FINISHED and at is not None and at >= begin:
                    done += 1
            left = _left_in_order(rl, by_key)
            total = done + len(left)
            ends = pace.due(total - 1).isoformat() if total else "-"
            name = f"[[_list-{rl['name']}]]"
            lines.append(
                f"| {name} | {pace.pace}/week | {format_weekdays(pace.days)} | "
                f"{start.isoformat()} | {done}/{total} | {ends} |"
            )
            calendars.append((rl, pace, done, left))
        lines.append("")
        for rl, pace, done, left in calendars:
            if not left:
                continue
            lines += [f"### {rl['name']}: the papers left", "", "| Due | Paper |", "| --- | --- |"]
            for j, key in enumerate(left):
                lines.append(f"| {pace.due(done + j).isoformat()} | {_cell(ref(key))} |")
            lines.append("")

    lines += ["## What was read when", ""]
    for rl in _ordered_lists(data):
        rows = []
        for e in rl["entries"]:
            p = by_key[e["paper"]]
            if p["reading_state"] in FINISHED:
                at = _entered(p)
                rows.append((at.date() if at else None, p, e))
        lines += [f"### {' '.join(rl['title'].split())} ({rl['name']})", ""]
        if not rows:
            lines += ["Nothing read yet.", ""]
            continue
        lines += ["| Read on | Paper | State | Stage |", "| --- | --- | --- | --- |"]
        rows.sort(key=lambda r: (r[0] is None, r[0] or date.min, r[2]["position"]))
        for day, p, e in rows:
            when = day.isoformat() if day else "(no date)"
            lines.append(
                f"| {when} | {_cell(ref(p['key']))} | {p['reading_state']} | "
                f"{_cell(e['stage'] or '')} |"
            )
        lines.append("")
    lines += _time_section(data, ref)
    return "\n".join(lines).rstrip("\n") + "\n"


def _seconds(p: Mapping[str, Any]) -> int:
    return sum(
        round((stored_time(t["end"]) - stored_time(t["start"])).total_seconds())
        for t in p.get("reading_time") or []
    )


def _time_section(data: Mapping[str, Any], ref: Callable[[str], str]) -> list[str]:
    """Reading time per list (roadmap order) and the papers with the most."""
    spent = {p["key"]: n for p in data["papers"] if (n := _seconds(p))}
    lines = ["## Reading time", ""]
    if not spent:
        return [*lines, "None recorded yet: the TUI's reading view and note editor record it.", ""]
    lines += [f"{duration(sum(spent.values()))} in all.", ""]
    lines += ["| List | Papers | Time |", "| --- | --- | --- |"]
    for rl in _ordered_lists(data):
        keys = {e["paper"] for e in rl["entries"]} & spent.keys()
        if keys:
            total = sum(spent[k] for k in keys)
            lines.append(f"| [[_list-{rl['name']}]] | {len(keys)} | {duration(total)} |")
    lines += ["", "| Paper | Time |", "| --- | --- |"]
    for key, n in sorted(spent.items(), key=lambda x: (-x[1], x[0]))[:TOP_PAPERS]:
        lines.append(f"| {_cell(ref(key))} | {duration(n)} |")
    return [*lines, ""]
