"""The list views' shared SQL (storage/queries.py), run through SQLAlchemy on SQLite and
PostgreSQL: the paper filters, my reading state and tags only, and the list summaries (rows as
typed objects: tests/services/test_listing.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.services.papers import mark, set_tags
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Paper
from paperdesk.storage.queries import (
    COMPLETE_LISTS,
    COMPLETE_PAPERS,
    LIST_EXISTS,
    LIST_SUMMARIES,
    MEMBER_LOOKUP,
    PAPER_LISTS,
    PAPER_TAGS,
    papers_sql,
)
from tests.conftest import seed
from tests.services.progress_lib import add_list


def _ids(reader: SessionReader, sql: str, **params: object) -> list[str]:
    return [r[1] for r in reader.rows(sql, {"member": reader.member(), **params})]


def test_filters_and_list_order(any_lib: Library) -> None:
    add_list(any_lib, "mine", ["2106.09685", "1706.03762", "1810.04805"])
    mark(any_lib, "1706.03762", "read")
    mark(any_lib, "1810.04805", "read")
    set_tags(any_lib, "1810.04805", ["bert"], [])
    r = SessionReader(any_lib)
    everything = papers_sql(list_name=False, reading=False, replication=False, tag=False)
    rows = r.rows(everything, {"member": r.member()})
    assert len(rows) == seed().papers and [x[0] for x in rows] == sorted(x[0] for x in rows)

    in_list = papers_sql(list_name=True, reading=False, replication=False, tag=False)
    assert _ids(r, in_list, list="mine") == ["hu2021lora", "vaswani2017attention", "devlin2018bert"]
    read = papers_sql(list_name=True, reading=True, replication=False, tag=False)
    assert _ids(r, read, list="mine", reading="read") == ["vaswani2017attention", "devlin2018bert"]
    assert _ids(r, read, list="mine", reading="unread") == ["hu2021lora"]
    tagged = papers_sql(list_name=False, reading=True, replication=False, tag=True)
    assert _ids(r, tagged, reading="read", tag="bert") == ["devlin2018bert"]
    repro = papers_sql(list_name=False, reading=False, replication=True, tag=False, year=True)
    with any_lib.session() as s:
        of_2017 = list(s.scalars(select(Paper.key).where(Paper.year == 2017).order_by(Paper.id)))
    assert "vaswani2017attention" in of_2017
    assert _ids(r, repro, replication="none", year=2017) == of_2017

    assert r.rows(LIST_EXISTS, {"list": "mine"}) == [(1,)]
    assert r.rows(LIST_EXISTS, {"list": "nope"}) == []
    assert "mine" in [n for n, _ in r.rows(COMPLETE_LISTS)]
    assert len(r.rows(COMPLETE_PAPERS)) == seed().papers
    lists = {pid: name for pid, name in r.rows(PAPER_LISTS) if name == "mine"}
    assert len(lists) == 3


def test_another_members_state_and_tags_are_not_mine(any_lib: Library) -> None:
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import Member, PaperTag, Reading, Tag

    mark(any_lib, "1706.03762", "reading")  # makes me a member
    with any_lib.session() as s:
        other = Member(name="zed-other", created_at=datetime.now(UTC))
        s.add(other)
        s.flush()
        paper = repo.find_paper(s, "1810.04805")
        s.add(Reading(member_id=other.id, paper_id=paper.id, state="read"))
        tag = Tag(name="theirs")
        s.add(tag)
        s.flush()
        s.add(PaperTag(paper_id=paper.id, tag_id=tag.id, member_id=other.id))
    r = SessionReader(any_lib)
    me = r.member()
    assert r.rows(PAPER_TAGS, {"member": me}) == []
    read = papers_sql(list_name=False, reading=True, replication=False, tag=False)
    assert _ids(r, read, reading="read") == []
    assert _ids(r, read, reading="reading") == ["vaswani2017attention"]
    # the lookup gives me and the first member, and the number of members
    found = r.rows(MEMBER_LOOKUP, {"name": "zed-other"})
    assert {row[1] for row in found} >= {"zed-other"} and {row[2] for row in found} == {2}


def test_list_summaries_count_my_states(any_lib: Library) -> None:
    add_list(any_lib, "mine", ["2106.09685", "1706.03762", "1810.04805"])
    mark(any_lib, "1706.03762", "read")
    mark(any_lib, "2106.09685", "reading")
    r = SessionReader(any_lib)
    rows = {row[0]: row for row in r.rows(LIST_SUMMARIES, {"member": r.member()})}
    assert set(seed().lists) <= set(rows)
    _name, title, _desc, source, total, n_read, n_reading, n_repro, n_planned, _pos = rows["mine"]
    assert (title, source, total, n_read, n_reading, n_repro, n_planned) == (
        "Mine",
        "user",
        3,
        1,
        1,
        0,
        0,
    )
    assert all(rows[n][4] == count for n, count in seed().lists.items())
