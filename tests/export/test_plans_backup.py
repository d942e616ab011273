"""Study plans and the lists' order in the JSON backup, and the vault's ``_progress.md``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.backup import dump, export_json, import_json
from paperdesk.export.markdown import export_markdown
from paperdesk.library import Library
from paperdesk.listorder import move_list, ordered_lists
from paperdesk.services.papers import mark
from paperdesk.services.plans import plan_status, set_plan
from paperdesk.storage.fastread import SessionReader
from paperdesk.storage.models import Meta, StudyPlan

MakeLib = Callable[..., Library]
PROGRESS = "_progress.md"


@pytest.fixture
def planned(full_lib: Library) -> Library:
    set_plan(full_lib, "transformers-core", "2/week", start="2024-05-06", days="mon,thu")
    with full_lib.session() as s:
        move_list(s, "ner", 1)
    return full_lib


def test_plans_and_list_order_round_trip(
    planned: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    export_json(planned, backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["list_order"] == "user"
    assert [(p["list"], p["pace"], p["start"], p["days"]) for p in data["plans"]] == [
        ("transformers-core", 2, "2024-05-06", "mon,thu")
    ]
    assert {rl["name"]: rl["position"] for rl in data["lists"]} == {
        "ner": 1,
        "transformers-core": 2,
    }

    fresh = make_lib("restored")
    import_json(fresh, backup)
    export_json(fresh, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == backup.read_text(
        encoding="utf-8"
    )
    with fresh.session() as s:
        assert [r.name for r in ordered_lists(s)] == ["ner", "transformers-core"]
        assert s.get(Meta, "lists:order").value == "user"
    (plan,) = plan_status(SessionReader(fresh), today=date(2024, 5, 9)).plans
    assert (plan.pace, plan.start, plan.days) == (2, date(2024, 5, 6), (0, 3))


def test_a_library_with_a_plan_is_not_empty(
    planned: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    other = make_lib("other")
    other_backup = tmp_path / "other.json"
    export_json(other, other_backup)
    with planned.session() as s:  # the plan is counted among the user's data
        assert s.scalar(select(StudyPlan.pace)) == 2
    with pytest.raises(ExportError, match="study plans: 1"):
        import_json(planned, other_backup)


def test_merge_keeps_the_librarys_own_plan(
    planned: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    export_json(planned, backup)
    set_plan(planned, "transformers-core", "5/week")
    import_json(planned, backup, merge=True)
    with planned.session() as s:
        assert s.scalars(select(StudyPlan.pace)).all() == [5]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"list": "nope"}, r"plans\[0\]: unknown list 'nope'"),
        ({"pace": 0}, r"plans\[0\] \(transformers-core\).pace: not 1 to 100"),
        ({"pace": "3"}, r"\.pace: not 1 to 100"),
        ({"start": "May 6"}, r"\.start: not a date"),
        ({"days": "mon,someday"}, r"\.days: day 'someday' is not a weekday"),
    ],
)
def test_bad_plans_are_refused_before_anything_is_written(
    planned: Library, make_lib: MakeLib, tmp_path: Path, change: dict, message: str
) -> None:
    data = dump(planned)
    data["plans"][0].update(change)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    fresh = make_lib("fresh")
    with pytest.raises(ExportError, match=message):
        import_json(fresh, bad)
    with fresh.session() as s:
        assert s.scalars(select(StudyPlan)).all() == []


def test_a_backup_from_before_plans_restores(
    planned: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    data = dump(planned)
    del data["plans"], data["list_order"]
    for rl in data["lists"]:
        del rl["position"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    fresh = make_lib("fresh")
    import_json(fresh, old)
    with fresh.session() as s:
        assert s.scalars(select(StudyPlan)).all() == []
        assert len(ordered_lists(s)) == 2


def test_progress_page_is_regenerated_idempotently(planned: Library, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    export_markdown(planned, vault)
    page = vault / PROGRESS
    first = page.read_bytes()
    stamp = page.stat().st_mtime_ns
    again = export_markdown(planned, vault)
    assert page.read_bytes() == first and page.stat().st_mtime_ns == stamp
    assert page.resolve() in again.unchanged

    text = first.decode("utf-8")
    assert text.startswith('---\npage: "progress"\n')
    assert (
        "| [[_list-transformers-core]] | 2/week | mon,thu | 2024-05-06 | 0/" in text
    )  # read on 3 May, before the plan: not part of it
    assert "### The Transformer — from attention (transformers-core)" in text
    row = next(x for x in text.splitlines() if x.startswith("| 2024-05-03 |"))
    assert "[[vaswani2017attention]] Attention Is All You Need (2017)" in row and "| read |" in row
    assert text.index("(ner)") < text.index("(transformers-core)")  # the lists' order

    mark(planned, "1810.04805", "read")
    report = export_markdown(planned, vault)
    assert page.resolve() in report.written
    assert page.read_bytes() != first


def test_a_list_export_neither_writes_nor_removes_the_progress_page(
    planned: Library, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    export_markdown(planned, vault)
    report = export_markdown(planned, vault, list_name="ner")
    assert (vault / PROGRESS).is_file() and report.removed == []
    solo = tmp_path / "solo"
    export_markdown(planned, solo, list_name="ner")
    assert not (solo / PROGRESS).exists()
