"""Study plans and the lists' order in a restore (:mod:`paperdesk.export.restore_plans`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.backup_format import LIST_ORDER_META
from paperdesk.export.restore_members import Members
from paperdesk.export.restore_plans import check_plans, restore_plans
from paperdesk.library import Library
from paperdesk.pacing import MAX_PACE
from paperdesk.storage.models import Member, Meta, ReadingList, StudyPlan


def _plan(**kw: Any) -> dict[str, Any]:
    return {"list": "core", "member": "ana", "pace": 3, "start": "2024-05-01", **kw}


def _data(*plans: dict[str, Any], **kw: Any) -> dict[str, Any]:
    lists = [{"name": "core"}, {"name": "ner"}]
    return {
        "members": [{"name": "ana"}, {"name": "bob"}],
        "lists": lists,
        "plans": list(plans),
        **kw,
    }


def test_sound_plans_pass() -> None:
    check_plans(_data(_plan(), _plan(member="bob", days="mon,thu"), _plan(list="ner")), "f")
    check_plans({"lists": []}, "f")  # a backup from before plans
    check_plans(_data(_plan(pace=MAX_PACE, created_at="2024-05-01T10:00:00")), "f")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plans": {"a": 1}}, r"^f: plans: expected a list of objects"),
        (_data(_plan(list="gone")), r"^f: plans\[0\]: unknown list 'gone'"),
        (_data(_plan(), _plan(pace=1)), r"plans\[1\] \(core\): a second plan for the same list"),
        (_data(_plan(pace=0)), rf"plans\[0\] \(core\)\.pace: not 1 to {MAX_PACE} papers a week"),
        (_data(_plan(pace=MAX_PACE + 1)), r"\.pace: not 1 to"),
        (_data(_plan(pace=True)), r"\.pace: not 1 to"),
        (_data(_plan(pace="3")), r"\.pace: not 1 to"),
        (_data(_plan(start="May 1")), r"\.start: not a date \(YYYY-MM-DD\)"),
        (_data(_plan(start=None)), r"\.start: not a date"),
        (_data(_plan(days="someday")), r"\.days: "),
        (_data(_plan(updated_at="yesterday")), r"\.updated_at: not a date"),
        (_data(list_order="alphabetical"), r'^f: list_order: expected "roadmap" or "user"'),
    ],
)
def test_bad_plans_are_named(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ExportError, match=message):
        check_plans(data, "f")


def _lists(lib: Library) -> None:
    with lib.session() as s:
        s.add_all([ReadingList(name="core", title="Core"), ReadingList(name="ner", title="NER")])


def _plans(lib: Library) -> list[tuple[str, str, int, date, str | None]]:
    with lib.session() as s:
        rows = s.execute(
            select(ReadingList.name, Member.name, StudyPlan.pace, StudyPlan.start, StudyPlan.days)
            .join(ReadingList, ReadingList.id == StudyPlan.list_id)
            .join(Member, Member.id == StudyPlan.member_id)
            .order_by(ReadingList.name, Member.name)
        )
        return [tuple(r) for r in rows]


def test_restore_writes_the_plans_and_the_list_order(empty_lib: Library) -> None:
    _lists(empty_lib)
    data = _data(
        _plan(created_at="2024-04-30T08:00:00"),
        _plan(member="bob", list="ner", pace=1, days="mon"),
        list_order="user",
    )
    with empty_lib.session() as s:
        restore_plans(s, data, Members(s, data), merge=False)
    assert _plans(empty_lib) == [
        ("core", "ana", 3, date(2024, 5, 1), None),
        ("ner", "bob", 1, date(2024, 5, 1), "mon"),
    ]
    with empty_lib.session() as s:
        created = s.scalar(select(StudyPlan.created_at).where(StudyPlan.pace == 3))
        assert created == datetime(2024, 4, 30, 8)
        assert s.get(Meta, LIST_ORDER_META).value == "user"
    # an exact restore of a backup in roadmap order takes the mark away
    with empty_lib.session() as s:
        restore_plans(s, _data(list_order="roadmap"), Members(s, data), merge=False)
    with empty_lib.session() as s:
        assert s.get(Meta, LIST_ORDER_META) is None


def test_merge_keeps_a_plan_the_member_has_and_the_list_order(empty_lib: Library) -> None:
    _lists(empty_lib)
    first = _data(_plan(pace=5))
    with empty_lib.session() as s:
        restore_plans(s, first, Members(s, first), merge=False)
    again = _data(_plan(pace=2), _plan(member="bob", pace=4), list_order="user")
    with empty_lib.session() as s:
        restore_plans(s, again, Members(s, again), merge=True)
    assert [(r[1], r[2]) for r in _plans(empty_lib)] == [("ana", 5), ("bob", 4)]
    with empty_lib.session() as s:
        assert s.get(Meta, LIST_ORDER_META) is None


def test_a_plan_of_an_unknown_member_is_not_restored(empty_lib: Library) -> None:
    _lists(empty_lib)
    data = {"lists": [{"name": "core"}], "plans": [_plan(member="zed")]}
    with empty_lib.session() as s:
        members = Members(s, {"members": []})
        restore_plans(s, data, members, merge=True)
        assert members.unknown == {"zed"}
    assert _plans(empty_lib) == []
