"""services/listing.py: the typed rows of ``paperdesk lists`` and ``paperdesk papers`` (and the
TUI's panel and table), read on SQLite and PostgreSQL; their JSON objects keep the documented
keys in the documented order."""

from __future__ import annotations

from dataclasses import fields

import pytest
from sqlalchemy import update

from paperdesk.errors import NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services.listing import (
    ListSummary,
    PaperFilter,
    PaperRow,
    list_papers,
    list_summaries,
    open_reader,
    paper_count,
    paper_row,
)
from paperdesk.services.papers import mark, set_tags
from paperdesk.storage.fastread import SessionReader, SqliteReader
from paperdesk.storage.models import Paper
from tests.conftest import seed
from tests.services.progress_lib import add_list

# the documented JSON objects (README, ``--json`` help): order is part of the format
LIST_KEYS = [
    "order", "name", "title", "description", "source",
    "total", "read", "reading", "reproduced", "replication_planned",
]  # fmt: skip
PAPER_KEYS = [
    "id", "arxiv_id", "version", "title", "authors", "year", "doi", "url",
    "reading", "replication", "pdf", "parsed", "parse_status", "indexed", "newer_version",
    "lists", "tags",
]  # fmt: skip
LISTED_KEYS = [*PAPER_KEYS, "stage", "position", "why"]  # a list's papers (papers --list)

ATTENTION, BERT, LORA = "1706.03762", "1810.04805", "2106.09685"


def _by_arxiv(rows: list[PaperRow]) -> dict[str | None, PaperRow]:
    return {r.arxiv_id: r for r in rows}


def test_json_keys_and_order_are_the_fields(lib: Library) -> None:
    reader = SessionReader(lib)
    summary = list_summaries(reader)[0]
    assert list(summary.to_json()) == LIST_KEYS == [f.name for f in fields(ListSummary)]
    assert [f.name for f in fields(PaperRow)] == LISTED_KEYS
    every = list_papers(reader, PaperFilter())
    assert {tuple(r.to_json()) for r in every} == {tuple(PAPER_KEYS)}
    listed = list_papers(reader, PaperFilter(list_name="transformers-core"))
    assert {tuple(r.to_json()) for r in listed} == {tuple(LISTED_KEYS)}
    first = listed[0].to_json()
    assert first == {name: getattr(listed[0], name) for name in LISTED_KEYS}


def test_summaries_in_roadmap_order_count_my_states(any_lib: Library) -> None:
    add_list(any_lib, "mine", [LORA, ATTENTION, BERT])
    mark(any_lib, ATTENTION, "read")
    mark(any_lib, LORA, "reading")
    mark(any_lib, ATTENTION, "reproduced")
    mark(any_lib, BERT, "planned")
    reader = SessionReader(any_lib)
    summaries = list_summaries(reader)
    assert [s.order for s in summaries] == list(range(1, len(seed().lists) + 2))
    assert {s.name: s.total for s in summaries if s.source == "seed"} == seed().lists
    mine = summaries[-1]  # a user's list comes after the roadmap
    assert mine == ListSummary(
        order=len(seed().lists) + 1,
        name="mine",
        title="Mine",
        description=mine.description,
        source="user",
        total=3,
        read=1,
        reading=1,
        reproduced=1,
        replication_planned=2,
    )
    assert all(isinstance(getattr(mine, n), int) for n in ("total", "read", "reproduced"))
    assert paper_count(reader) == seed().papers


def test_filters_combine_and_a_list_keeps_its_order(any_lib: Library) -> None:
    add_list(any_lib, "mine", [LORA, ATTENTION, BERT])
    mark(any_lib, ATTENTION, "read")
    mark(any_lib, BERT, "read")
    mark(any_lib, BERT, "running")
    set_tags(any_lib, BERT, ["encoder"], [])
    reader = SessionReader(any_lib)
    listed = list_papers(reader, PaperFilter(list_name="mine"))
    assert [r.arxiv_id for r in listed] == [LORA, ATTENTION, BERT]
    assert [r.position for r in listed] == [1, 2, 3] and all(r.stage for r in listed)
    assert all("mine" in r.lists for r in listed)
    read = list_papers(reader, PaperFilter(list_name="mine", reading="READ "))
    assert [r.arxiv_id for r in read] == [ATTENTION, BERT]
    running = list_papers(reader, PaperFilter(replication="running"))
    assert [(r.arxiv_id, r.replication) for r in running] == [(BERT, "running")]
    tagged = list_papers(reader, PaperFilter(tag="  Encoder ", reading="read"))
    assert [r.arxiv_id for r in tagged] == [BERT]
    of_2017 = list_papers(reader, PaperFilter(year=2017))
    assert of_2017 and {r.year for r in of_2017} == {2017}
    assert ATTENTION in {r.arxiv_id for r in of_2017}
    everything = list_papers(reader, PaperFilter())
    assert len(everything) == seed().papers
    assert all(r.position is None and r.stage is None for r in everything)


def test_limit_gives_the_first_rows_of_the_same_query(lib: Library) -> None:
    reader = SessionReader(lib)
    flt = PaperFilter(list_name="transformers-core")
    assert list_papers(reader, flt, limit=3) == list_papers(reader, flt)[:3]
    assert list_papers(reader, PaperFilter(), limit=0) == []


def test_an_unknown_list_or_state_is_an_error_naming_the_closest(lib: Library) -> None:
    reader = SessionReader(lib)
    with pytest.raises(
        NotFoundError, match=r"no reading list 'transformer-core'.*transformers-core"
    ):
        list_papers(reader, PaperFilter(list_name="transformer-core"))
    with pytest.raises(StateError, match="unknown reading state 'raed'"):
        list_papers(reader, PaperFilter(reading="raed"))


def test_an_unknown_tag_is_an_error_naming_the_closest(lib: Library) -> None:
    """``papers --tag pretrainin`` is a typo, not "0 papers"; a tag nobody left on a paper of
    mine but that exists still filters to nothing."""
    set_tags(lib, ATTENTION, ["pretraining"], [])
    set_tags(lib, BERT, ["gone"], [])
    set_tags(lib, BERT, [], ["gone"])
    reader = SessionReader(lib)
    with pytest.raises(
        NotFoundError, match=r"no tag 'pretrainin' \(did you mean 'pretraining'\?\)"
    ):
        list_papers(reader, PaperFilter(tag="Pretrainin"))
    assert [r.arxiv_id for r in list_papers(reader, PaperFilter(tag="pretraining"))] == [ATTENTION]
    assert list_papers(reader, PaperFilter(tag="gone")) == []


def test_files_and_text_marks_come_from_the_paper(any_lib: Library) -> None:
    with any_lib.session() as s:
        s.execute(
            update(Paper)
            .where(Paper.arxiv_id == ATTENTION)
            .values(version=5, pdf_sha256="ab" * 32, pdf_version=4, parse_status="parsed")
        )
        s.execute(
            update(Paper)
            .where(Paper.arxiv_id == BERT)
            .values(pdf_sha256="cd" * 32, pdf_version=2, parse_status="parse_failed: empty")
        )
    rows = _by_arxiv(list_papers(SessionReader(any_lib), PaperFilter()))
    attention, bert, lora = rows[ATTENTION], rows[BERT], rows[LORA]
    assert (attention.pdf, attention.parsed, attention.newer_version) == (True, True, True)
    assert (bert.pdf, bert.parsed, bert.parse_status) == (True, False, "parse_failed: empty")
    assert not bert.newer_version  # no version recorded: nothing to compare
    assert (lora.pdf, lora.parsed, lora.newer_version, lora.parse_status) == (
        False,
        False,
        False,
        None,
    )
    assert isinstance(attention.authors, list) and attention.authors  # JSON text or a list


def test_the_fast_reader_reads_the_same_rows(lib: Library) -> None:
    mark(lib, ATTENTION, "reading")
    set_tags(lib, ATTENTION, ["core"], [])
    fast = open_reader(lib.settings)
    try:
        assert isinstance(fast, SqliteReader)
        slow = SessionReader(lib)
        assert list_summaries(fast) == list_summaries(slow)
        for flt in (
            PaperFilter(),
            PaperFilter(list_name="transformers-core"),
            PaperFilter(tag="core"),
        ):
            assert list_papers(fast, flt) == list_papers(slow, flt)
    finally:
        fast.close()


def test_paper_row_from_a_query_row() -> None:
    row = (
        7, "k2020", "2001.00001", 3, "T", '["A. B"]', 2020, None, None,
        "read", "none", "abc", 2, "parsed", "1. Part", 4, "because",
    )  # fmt: skip
    item = paper_row(row, {7: ["mine"]}, {7: ["t"]}, {7})
    assert item.authors == ["A. B"] and item.pdf and item.parsed and item.indexed
    assert item.newer_version  # version 3 stored, PDF of version 2
    assert (item.stage, item.position, item.why) == ("1. Part", 4, "because")
    assert item.lists == ["mine"] and item.tags == ["t"]
    assert list(item.to_json()) == LISTED_KEYS
    bare = paper_row(
        (8, *row[1:5], None, *row[6:11], None, None, None, None, None, None), {}, {}, set()
    )
    assert bare.authors == [] and not bare.pdf and not bare.newer_version
    assert bare.position is None and bare.lists == [] and not bare.indexed
    assert list(bare.to_json()) == PAPER_KEYS
    on_pg = paper_row((9, *row[1:5], ["C. D"], *row[6:]), {}, {}, set())  # JSON as a list
    assert on_pg.authors == ["C. D"]


def test_paper_row_is_a_whole_frozen_paper_row() -> None:
    """paper_row fills the dataclass without its __init__ (speed): it must still be equal to
    one built the ordinary way, field by field, and as frozen."""
    row = (
        7, "k2020", None, None, "T", None, None, "10.1/x", "https://x",
        "unread", "none", None, None, None, None, None, None,
    )  # fmt: skip
    item = paper_row(row, {}, {}, set())
    built = PaperRow(**{f.name: getattr(item, f.name) for f in fields(PaperRow)})
    assert item == built and repr(item) == repr(built) and vars(item) == vars(built)
    with pytest.raises(AttributeError):
        item.title = "changed"  # type: ignore[misc]


def test_filter_params_normalise_what_the_user_typed() -> None:
    flt = PaperFilter(list_name="mine", reading=" Read", replication="RUNNING", tag=" BERT ")
    assert flt.params() == {
        "list": "mine",
        "reading": "read",
        "replication": "running",
        "tag": "bert",
    }
    assert PaperFilter(year=0).params() == {"year": 0}
    assert PaperFilter().params() == {}


def test_a_paper_on_no_list_is_still_a_row(lib: Library) -> None:
    with lib.session() as s:
        s.add(Paper(key="loner2024", title="A paper on no list", arxiv_id="2401.00001"))
    rows = _by_arxiv(list_papers(SessionReader(lib), PaperFilter()))
    assert rows["2401.00001"].lists == [] and rows["2401.00001"].reading == "unread"
    assert paper_count(SessionReader(lib)) == seed().papers + 1
