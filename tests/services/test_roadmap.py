"""``paperdesk next`` through the service, on a real SQLite library."""

from __future__ import annotations

from datetime import datetime

import pytest

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services import papers
from paperdesk.services.roadmap import next_papers
from paperdesk.storage.fastread import SessionReader
from tests.services.progress_lib import add_list, cite, mark

IDS = ["2101.00001", "2101.00002", "2101.00003", "2101.00004", "2101.00005"]


def labels(lib: Library, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.paper.label for p in next_papers(SessionReader(lib), n=0, **kw).papers]


def test_a_paper_citing_an_unread_one_of_its_list_comes_after_it(empty_lib: Library) -> None:
    add_list(empty_lib, "mini", IDS)
    assert labels(empty_lib) == IDS
    cite(empty_lib, "2101.00001", "2101.00004")  # the first paper builds on the fourth
    order = next_papers(SessionReader(empty_lib), list_name="mini", n=0).papers
    assert [p.paper.label for p in order] == [
        "2101.00002",
        "2101.00003",
        "2101.00004",
        "2101.00001",
        "2101.00005",
    ]
    assert order[3].reason == "cites 2101.00004, which you have not read"
    mark(empty_lib, "2101.00004", "read", datetime(2026, 11, 2, 10))
    assert labels(empty_lib, list_name="mini")[0] == "2101.00001"


def test_done_papers_are_left_out_and_chosen_ones_come_first(empty_lib: Library) -> None:
    add_list(empty_lib, "mini", IDS)
    papers.mark(empty_lib, "2101.00001", "read")
    papers.mark(empty_lib, "2101.00002", "skimmed")
    papers.mark(empty_lib, "2101.00003", "dropped")
    papers.mark(empty_lib, "2101.00005", "queued")
    report = next_papers(SessionReader(empty_lib), n=5)
    assert [p.paper.label for p in report.papers] == ["2101.00005", "2101.00004"]
    assert (report.left, report.finished) == (2, 3)
    assert report.to_json()["papers"][0]["reason"] == "queued"


def test_whole_roadmap_follows_list_order_and_counts_a_paper_once(empty_lib: Library) -> None:
    add_list(empty_lib, "second", ["2101.00009", "2101.00001"])
    add_list(empty_lib, "first", ["2101.00001", "2101.00002"])
    from paperdesk.listorder import move_list

    with empty_lib.session() as s:
        move_list(s, "first", 1)
    assert labels(empty_lib) == ["2101.00001", "2101.00002", "2101.00009"]


def test_unknown_list_and_bad_n(empty_lib: Library) -> None:
    add_list(empty_lib, "mini", IDS)
    with pytest.raises(NotFoundError, match="no reading list 'nope'; lists: mini"):
        next_papers(SessionReader(empty_lib), list_name="nope")
    with pytest.raises(StateError, match="--limit"):
        next_papers(SessionReader(empty_lib), n=-1)


def test_fresh_seeded_library_starts_with_the_first_roadmap_list(lib: Library) -> None:
    from paperdesk.listorder import load_roadmap

    first_list = load_roadmap().lists[0]
    report = next_papers(SessionReader(lib), n=3)
    assert report.papers[0].paper.list_name == first_list
    assert report.papers[0].paper.stage_rank == min(p.paper.stage_rank for p in report.papers)
    assert report.papers[0].reason.startswith(f"next in {first_list}")


def test_transformers_core_starts_with_bahdanau_then_the_transformer(lib: Library) -> None:
    assert labels(lib, list_name="transformers-core")[0] == "1409.0473"
    papers.mark(lib, "1409.0473", "read")
    papers.mark(lib, "1508.04025", "read")
    assert labels(lib, list_name="transformers-core")[0] == "1706.03762"
