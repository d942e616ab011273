"""Reading time in the JSON backup (round trip, merge, bad input) and in the vault's
``_progress.md``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.backup import export_json, import_json
from paperdesk.export.markdown import export_markdown
from paperdesk.library import Library
from paperdesk.services.reading_time import Period, record
from paperdesk.storage.models import ReadingPeriod

MakeLib = Callable[..., Library]
T0 = datetime(2024, 5, 6, 9)
ATTENTION = "vaswani2017attention"
BERT = "radford2018improving"  # GPT-1, in transformers-core
DAY1, DAY2 = "2024-05-06T", "2024-05-07T"


def periods(lib: Library) -> list[tuple[str, str, datetime, datetime, int]]:
    from paperdesk.storage.models import Paper

    with lib.session() as s:
        rows = s.execute(
            select(Paper.key, ReadingPeriod)
            .join(Paper, Paper.id == ReadingPeriod.paper_id)
            .order_by(ReadingPeriod.started_at, Paper.key)
        )
        return [(k, r.view, r.started_at, r.ended_at, r.seconds) for k, r in rows]


@pytest.fixture
def timed(full_lib: Library) -> Library:
    record(full_lib, Period(ATTENTION, "reader", T0, T0 + timedelta(minutes=50)))
    later = T0 + timedelta(days=1)
    record(full_lib, Period(ATTENTION, "note", later, later + timedelta(minutes=10)))
    record(full_lib, Period(BERT, "reader", later, later + timedelta(minutes=25)))
    return full_lib


def test_round_trip(timed: Library, make_lib: MakeLib, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    export_json(timed, backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    by_key = {p["key"]: p for p in data["papers"]}
    me = data["members"][0]["name"]
    assert by_key[ATTENTION]["reading_time"] == [
        {"member": me, "view": "reader", "start": f"{DAY1}09:00:00", "end": f"{DAY1}09:50:00"},
        {"member": me, "view": "note", "start": f"{DAY2}09:00:00", "end": f"{DAY2}09:10:00"},
    ]
    fresh = make_lib("restored")
    import_json(fresh, backup)
    assert periods(fresh) == periods(timed) and len(periods(fresh)) == 3
    export_json(fresh, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == backup.read_bytes()

    import_json(fresh, backup, merge=True)  # merging the same backup adds nothing
    assert len(periods(fresh)) == 3
    with pytest.raises(ExportError, match=r"not empty.*reading time periods: 3"):
        import_json(fresh, backup)  # an exact restore into a library with reading time


def test_merge_adds_the_periods_the_library_lacks(
    timed: Library, make_lib: MakeLib, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    export_json(timed, backup)
    other = make_lib("other")
    import_json(other, backup)
    late = T0 + timedelta(days=3)
    record(other, Period(BERT, "note", late, late + timedelta(minutes=5)))
    export_json(other, tmp_path / "other.json")
    import_json(timed, tmp_path / "other.json", merge=True)
    assert [p[:2] for p in periods(timed)] == [
        (ATTENTION, "reader"),
        (BERT, "reader"),  # the same start as the next: by key
        (ATTENTION, "note"),
        (BERT, "note"),
    ]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"view": "pdf", "start": "2024-05-06T09:00:00", "end": "2024-05-06T10:00:00"}, "view"),
        ({"view": "reader", "start": "yesterday", "end": "2024-05-06T10:00:00"}, "ISO 8601"),
        ({"view": "reader", "start": "2024-05-06T09:00:00"}, '"start" and "end"'),
        ({"view": "note", "start": "2024-05-06T09:00:00", "end": "2024-05-06T08:00:00"}, "before"),
    ],
)
def test_bad_periods_are_named_and_nothing_is_written(
    timed: Library, make_lib: MakeLib, tmp_path: Path, period: dict[str, str], message: str
) -> None:
    backup = tmp_path / "backup.json"
    export_json(timed, backup)
    data = json.loads(backup.read_text(encoding="utf-8"))
    index = next(i for i, p in enumerate(data["papers"]) if p["key"] == BERT)
    data["papers"][index]["reading_time"] = [{**period, "member": data["members"][0]["name"]}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    fresh = make_lib("fresh")
    with pytest.raises(ExportError, match=message) as err:
        import_json(fresh, bad)
    assert f"papers[{index}] ({BERT}).reading_time[0]" in str(err.value)
    assert periods(fresh) == []


def test_progress_page_shows_time_per_list_and_paper(timed: Library, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    export_markdown(timed, vault)
    page = vault / "_progress.md"
    text = page.read_text(encoding="utf-8")
    section = text[text.index("## Reading time") :]
    assert "1 h 25 in all." in section
    assert "| [[_list-transformers-core]] | 2 | 1 h 25 |" in section
    rows = [x for x in section.splitlines() if x.startswith("| [[") and "_list-" not in x]
    assert rows[0].startswith(f"| [[{ATTENTION}]]") and rows[0].endswith("| 1 h 00 |")
    assert rows[1].startswith(f"| [[{BERT}]]") and rows[1].endswith("| 25 min |")
    first = page.read_bytes()
    export_markdown(timed, vault)
    assert page.read_bytes() == first
