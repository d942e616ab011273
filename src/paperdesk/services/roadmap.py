"""``paperdesk next`` (and the TUI's Up next view): the papers to read next, with reasons.

Reads through :class:`~paperdesk.storage.fastread.Reader`, so that it runs on the fast read
path like the other list views; the ordering itself is :func:`paperdesk.roadmap.order_next`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from paperdesk.errors import StateError
from paperdesk.roadmap import TIERS, Candidate, NextPaper, order_next
from paperdesk.storage import progressql as sql
from paperdesk.storage.fastread import Reader


@dataclass(frozen=True)
class ListRef:
    id: int
    name: str
    title: str
    rank: int  # 1 = first in the roadmap


@dataclass(frozen=True)
class Roadmap:
    """What the library holds for ordering: lists in roadmap order, every candidate (first
    place only, or only those of one list), and the citation links between listed papers."""

    lists: tuple[ListRef, ...]
    candidates: tuple[Candidate, ...]
    cites: tuple[tuple[int, int], ...]
    finished: int  # listed papers already read, skimmed or dropped (in scope)


@dataclass(frozen=True)
class NextReport:
    papers: list[NextPaper]
    list_name: str | None
    left: int  # papers still to read in scope (all of them, not only the first n)
    finished: int
    lists: tuple[ListRef, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "left": self.left,
            "finished": self.finished,
            "papers": [next_json(p) for p in self.papers],
        }


def next_json(p: NextPaper) -> dict[str, Any]:
    c = p.paper
    return {
        "rank": p.rank,
        "id": c.key,
        "arxiv_id": c.arxiv_id,
        "title": c.title,
        "reading": c.state,
        "list": c.list_name,
        "stage": c.stage,
        "position": c.position,
        "why": c.why,
        "reason": p.reason,
        "after": list(p.after),
    }


def check_list(lists: tuple[ListRef, ...], name: str | None) -> None:
    if name is not None and all(x.name != name for x in lists):
        from paperdesk.closest import unknown_list

        raise unknown_list(name, (x.name for x in lists))


def load_lists(reader: Reader) -> tuple[ListRef, ...]:
    """Every list, in roadmap order."""
    return tuple(
        ListRef(id=i, name=n, title=t, rank=r)
        for r, (i, n, t) in enumerate(reader.rows(sql.LISTS), start=1)
    )


@dataclass(frozen=True)
class RoadmapRows:
    """What ordering reads from the library, read once (a plan per list reuses it)."""

    lists: tuple[ListRef, ...]
    entries: list[tuple[Any, ...]]
    cites: tuple[tuple[int, int], ...]


def read_rows(reader: Reader) -> RoadmapRows:
    return RoadmapRows(
        lists=load_lists(reader),
        entries=sorted(
            reader.rows(sql.ENTRIES, {"member": reader.member()}), key=lambda r: (r[0], r[3], r[1])
        ),
        cites=tuple(reader.rows(sql.CITES)),
    )


def load_roadmap(
    reader: Reader, list_name: str | None = None, *, data: RoadmapRows | None = None
) -> Roadmap:
    """The candidates of the whole roadmap, or of ``list_name`` only (from ``data`` when
    given, else read now)."""
    data = data or read_rows(reader)
    lists = data.lists
    check_list(lists, list_name)
    by_id = {x.id: x for x in lists}
    rows = data.entries
    only = next((x.id for x in lists if x.name == list_name), None)
    if only is not None:
        rows = [r for r in rows if r[0] == only]
    lists_of: dict[int, set[str]] = defaultdict(set)  # links count inside a shared list
    for list_id, paper_id, *_ in rows:
        lists_of[paper_id].add(by_id[list_id].name)
    stage_rank: dict[tuple[int, str | None], int] = {}
    first: dict[int, Candidate] = {}
    finished: set[int] = set()
    for list_id, paper_id, stage, position, why, key, arxiv_id, title, state in rows:
        ref = by_id[list_id]
        rank = stage_rank.setdefault((list_id, stage), len(stage_rank))
        if state not in TIERS:
            finished.add(paper_id)
            continue
        c = Candidate(
            paper_id=paper_id,
            key=key,
            label=arxiv_id or key,
            title=title,
            state=state,
            list_name=ref.name,
            list_rank=ref.rank,
            stage=stage,
            stage_rank=rank,
            position=position,
            why=why,
            arxiv_id=arxiv_id,
            lists=frozenset(lists_of[paper_id]),
        )
        if paper_id not in first or c.sort_key() < first[paper_id].sort_key():
            first[paper_id] = c
    return Roadmap(
        lists=lists, candidates=tuple(first.values()), cites=data.cites, finished=len(finished)
    )


def next_papers(reader: Reader, *, list_name: str | None = None, n: int = 10) -> NextReport:
    """The first ``n`` papers to read next (``n`` ≤ 0: all of them)."""
    if n < 0:
        raise StateError(f"--limit must be 0 (all) or more, not {n}")
    road = load_roadmap(reader, list_name)
    ordered = order_next(road.candidates, road.cites)
    return NextReport(
        papers=ordered[:n] if n else ordered,
        list_name=list_name,
        left=len(ordered),
        finished=road.finished,
        lists=road.lists,
    )
