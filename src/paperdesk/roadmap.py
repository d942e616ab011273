"""What to read next: the papers still to read, in roadmap order, each after its prerequisites.

Pure (no I/O): :func:`order_next` takes the candidates and the citation links and returns the
order with a one-line reason per paper. The order is

1. papers being read, then queued ones (the user chose them), then unread ones;
2. within that, roadmap order: the list's place in the roadmap, its stage, its position;
3. a paper that cites an unread paper of one of its lists comes after it (the citation graph
   of the library, ``cites``), unless the cited one was not chosen yet and the citing one was
   (a queued paper is not held back by an unread one; its reason says what it cites).

It is a stable topological sort: Kahn's algorithm taking, among the papers whose prerequisites
are placed, the one first in roadmap order. A cycle (two papers citing each other) or a link to
a paper that is not a candidate never blocks it: when nothing is free, the first remaining
paper in roadmap order goes next. Same input, same order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

TIERS: dict[str, int] = {"reading": 0, "queued": 1, "unread": 2}
"""The reading states still to read, in the order they come (the others are done)."""


@dataclass(frozen=True)
class Candidate:
    """A paper still to read, at its first place in the roadmap."""

    paper_id: int
    key: str
    label: str  # how reasons name it: the arXiv id, else the key
    title: str
    state: str
    list_name: str
    list_rank: int
    stage: str | None
    stage_rank: int
    position: int
    why: str | None = None
    arxiv_id: str | None = None
    lists: frozenset[str] = field(default_factory=frozenset)  # every list it is on

    def sort_key(self) -> tuple[int, int, int, int, int]:
        return (TIERS[self.state], self.list_rank, self.stage_rank, self.position, self.paper_id)


@dataclass(frozen=True)
class NextPaper:
    rank: int
    paper: Candidate
    reason: str
    after: tuple[str, ...] = ()  # labels of the unread papers it cites (on one of its lists)


def _names(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    if len(labels) <= 3:
        return ", ".join(labels[:-1]) + " and " + labels[-1]
    return ", ".join(labels[:2]) + f" and {len(labels) - 2} more"


def _reason(c: Candidate, cited: list[Candidate], before: Candidate | None, cycle: bool) -> str:
    parts: list[str] = []
    if c.state == "reading":
        parts.append("in progress")
    elif c.state == "queued":
        parts.append("queued")
    if cited:
        text = f"cites {_names([x.label for x in cited])}, which you have not read"
        if cycle:
            text += " (they cite each other: either can go first)"
        parts.append(text)
    elif c.state == "unread":
        # the list's order, said as such: "after <paper>" would read as a citation link
        if before is not None and before.stage_rank < c.stage_rank and before.stage:
            parts.append(f"{c.stage or c.list_name}, once {before.stage} is read")
        else:
            parts.append(f"next in {c.list_name}" + (f", {c.stage}" if c.stage else ""))
    return "; ".join(parts)


def order_next(
    candidates: Iterable[Candidate], cites: Iterable[tuple[int, int]]
) -> list[NextPaper]:
    """Every candidate once, in reading order (see the module docstring). ``cites`` holds
    (citing paper id, cited paper id) pairs; any may name papers that are not candidates."""
    by_id = {c.paper_id: c for c in candidates}
    blockers: dict[int, set[int]] = defaultdict(set)  # citing -> cited ones it waits for
    cited_of: dict[int, set[int]] = defaultdict(set)  # citing -> unread cited (for reasons)
    dependants: dict[int, set[int]] = defaultdict(set)
    for citing, cited in cites:
        if citing not in by_id or cited not in by_id or citing == cited:
            continue
        a, b = by_id[citing], by_id[cited]
        if not (a.lists & b.lists):
            continue
        cited_of[citing].add(cited)
        if TIERS[b.state] <= TIERS[a.state]:
            blockers[citing].add(cited)
            dependants[cited].add(citing)

    waiting = {pid: len(blockers[pid]) for pid in by_id}
    free = [(c.sort_key(), c.paper_id) for c in by_id.values() if waiting[c.paper_id] == 0]
    heapq.heapify(free)
    remaining = sorted(by_id.values(), key=Candidate.sort_key)
    placed: set[int] = set()
    out: list[NextPaper] = []
    last_of_list: dict[str, Candidate] = {}
    while len(placed) < len(by_id):
        cycle = False
        if free:
            _, pid = heapq.heappop(free)
            if pid in placed:
                continue
        else:  # only cycles are left: release the first remaining paper in roadmap order
            while remaining[0].paper_id in placed:
                remaining.pop(0)
            pid, cycle = remaining[0].paper_id, True
        c = by_id[pid]
        placed.add(pid)
        for dep in dependants[pid]:
            waiting[dep] -= 1
            if waiting[dep] == 0 and dep not in placed:
                heapq.heappush(free, (by_id[dep].sort_key(), dep))
        unread_cited = sorted((by_id[x] for x in cited_of[pid]), key=Candidate.sort_key)
        before = last_of_list.get(c.list_name)
        out.append(
            NextPaper(
                rank=len(out) + 1,
                paper=c,
                reason=_reason(c, unread_cited, before if c.state == "unread" else None, cycle),
                after=tuple(x.label for x in unread_cited),
            )
        )
        last_of_list[c.list_name] = c
    return out
