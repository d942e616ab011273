"""services/replication_summary.py: every record, and what one member made (``--by``), on a
real seeded SQLite library with two members (counts per paper are in tests/replication/)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.replication_views import MadeBy, SummaryRow
from paperdesk.services import replication as rep
from paperdesk.services.replication_summary import attempts_per_member, summary
from tests.services.test_replication import assert_shape

ATTENTION = "vaswani2017attention"  # arXiv 1706.03762
BERT = "devlin2018bert"  # arXiv 1810.04805


@pytest.fixture
def as_member(lib: Library, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Library]]:
    """``as_member("ana")``: the same library opened by member ana (PAPERDESK_USER)."""
    opened: list[Library] = []

    def open_as(name: str) -> Library:
        monkeypatch.setenv("PAPERDESK_USER", name)
        opened.append(Library.open(lib.settings))
        return opened[-1]

    yield open_as
    for other in opened:
        other.close()


@pytest.fixture
def two_members(lib: Library, as_member: Callable[[str], Library]) -> Library:
    """ana runs Attention (two runs, a log entry) and adds a claim to BERT; ben starts a second
    Attention attempt and one for BERT."""
    ana = as_member("ana")
    rep.add_run(ana, ATTENTION, {"bleu-en-de": 28.5}, ran_at="2024-05-01")
    rep.add_run(ana, ATTENTION, {"bleu-en-fr": 41.8}, ran_at="2024-05-02")
    rep.add_log(ana, ATTENTION, "both BLEU scores in")
    rep.add_claim(ana, BERT, metric="accuracy", setting="SST-2", value=94.9)
    ben = as_member("ben")
    rep.new_attempt(ben, ATTENTION, goal="big model")
    rep.set_status(ben, BERT, "planned")
    return lib


def test_rows_are_typed_and_have_no_by_without_a_member(two_members: Library) -> None:
    rows = summary(two_members)
    assert [r["key"] for r in rows] == [BERT, ATTENTION]  # latest activity first
    for row in rows:
        assert_shape(row, SummaryRow)
        assert "by" not in row
    attention = rows[1]
    assert (attention["attempts"], attention["claims_met"], attention["claims_total"]) == (2, 0, 2)
    assert attention["status"] == "planned"  # ben's attempt 2 is current, nothing measured


def test_by_counts_what_one_member_made(two_members: Library) -> None:
    ana = {r["key"]: r["by"] for r in summary(two_members, by="ana")}
    for made in ana.values():
        assert_shape(made, MadeBy)
    assert ana == {
        ATTENTION: {"member": "ana", "attempts": 1, "claims": 0, "runs": 2, "log": 1},
        BERT: {"member": "ana", "attempts": 0, "claims": 1, "runs": 0, "log": 0},
    }
    ben = {r["key"]: r["by"] for r in summary(two_members, by=" ben ")}
    assert ben == {
        BERT: {"member": "ben", "attempts": 1, "claims": 0, "runs": 0, "log": 0},
        ATTENTION: {"member": "ben", "attempts": 1, "claims": 0, "runs": 0, "log": 0},
    }
    assert attempts_per_member(two_members) == {"ana": 1, "ben": 2}


def test_an_unknown_member_is_not_found(two_members: Library) -> None:
    with pytest.raises(NotFoundError, match="ana"):
        summary(two_members, by="anna")


def test_a_member_without_records_gets_none(
    lib: Library, as_member: Callable[[str], Library]
) -> None:
    from paperdesk.services.papers import mark

    rep.add_claim(as_member("carla"), ATTENTION, metric="accuracy", value=1)
    mark(as_member("dora"), ATTENTION, "read")  # dora is a member, with no replication rows
    assert summary(lib, by="dora") == []
    assert [r["key"] for r in summary(lib, by="carla")] == [ATTENTION]
    assert attempts_per_member(lib) == {}
