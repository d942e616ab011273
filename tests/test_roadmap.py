"""The reading order of ``paperdesk next`` (pure: no library needed)."""

from __future__ import annotations

from paperdesk.roadmap import Candidate, order_next


def paper(pid: int, state: str = "unread", *, stage: int = 0, lst: str = "core", rank: int = 1):
    return Candidate(
        paper_id=pid,
        key=f"p{pid}",
        label=f"p{pid}",
        title=f"Paper {pid}",
        state=state,
        list_name=lst,
        list_rank=rank,
        stage=f"{stage + 1}. Stage",
        stage_rank=stage,
        position=pid,
        lists=frozenset([lst]),
    )


def labels(order) -> list[str]:  # type: ignore[no-untyped-def]
    return [x.paper.label for x in order]


def test_roadmap_order_without_links() -> None:
    order = order_next([paper(3, stage=1), paper(1), paper(2)], [])
    assert labels(order) == ["p1", "p2", "p3"]
    assert [x.rank for x in order] == [1, 2, 3]
    assert order[0].reason == "next in core, 1. Stage"
    assert order[1].reason == "next in core, 1. Stage"  # the list's order, not a link
    assert order[2].reason == "2. Stage, once 1. Stage is read"


def test_a_paper_comes_after_the_unread_paper_it_cites() -> None:
    # p1 is first in the list but cites p3: p3 must be read before it
    order = order_next([paper(1), paper(2), paper(3)], [(1, 3)])
    assert labels(order) == ["p2", "p3", "p1"]
    assert order[2].reason == "cites p3, which you have not read"
    assert order[2].after == ("p3",)


def test_a_cited_paper_that_is_read_no_longer_holds_the_citing_one_back() -> None:
    order = order_next([paper(1), paper(2)], [(1, 3)])  # p3 is read: not a candidate
    assert labels(order) == ["p1", "p2"]
    assert "cites" not in order[0].reason


def test_reading_and_queued_come_first() -> None:
    order = order_next([paper(1), paper(2, "queued"), paper(3, "reading")], [])
    assert labels(order) == ["p3", "p2", "p1"]
    assert order[0].reason == "in progress"
    assert order[1].reason == "queued"


def test_a_queued_paper_is_not_held_back_by_an_unread_one_but_says_what_it_cites() -> None:
    order = order_next([paper(1), paper(2, "queued")], [(2, 1)])
    assert labels(order) == ["p2", "p1"]
    assert order[0].reason == "queued; cites p1, which you have not read"


def test_cycles_never_block_the_order_and_it_is_deterministic() -> None:
    cands = [paper(1), paper(2), paper(3), paper(4)]
    cites = [(1, 2), (2, 3), (3, 1), (4, 99), (4, 4)]  # a 3-cycle, a missing paper, a self-link
    first = order_next(cands, cites)
    assert sorted(labels(first)) == ["p1", "p2", "p3", "p4"]
    assert labels(first) == labels(order_next(list(reversed(cands)), list(reversed(cites))))
    # p4 is free, so it goes first; then the cycle is broken at its first paper in roadmap
    # order (p1), and the others follow their links
    assert labels(first) == ["p4", "p1", "p3", "p2"]
    assert "cite each other" in first[1].reason


def test_links_count_only_inside_a_shared_list() -> None:
    a = paper(1, lst="core", rank=1)
    b = paper(2, lst="other", rank=2)
    order = order_next([a, b], [(1, 2)])  # different lists: roadmap order stands
    assert labels(order) == ["p1", "p2"]


def test_list_order_comes_before_stage_and_position() -> None:
    order = order_next([paper(1, lst="late", rank=2), paper(2, lst="early", rank=1, stage=3)], [])
    assert labels(order) == ["p2", "p1"]


def test_several_cited_papers_are_named_in_the_reason() -> None:
    order = order_next(
        [paper(1), paper(2), paper(3), paper(4), paper(5)], [(1, 2), (1, 3), (1, 4), (1, 5)]
    )
    assert labels(order)[-1] == "p1"
    assert order[-1].reason == "cites p2, p3 and 2 more, which you have not read"
