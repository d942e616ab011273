"""Study plans and the lists' order in a backup: checked before a restore writes anything,
then restored after the lists (see :mod:`paperdesk.export.restore`).

A backup from before plans existed has neither ``plans`` nor ``list_order``: nothing to do.
A plan is a member's (one per list and member). Merging keeps a plan the member already has
for a list; an exact restore takes the backup's order of the lists (positions travel with the
lists, the "user reordered" mark here).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.dates import parse_weekdays
from paperdesk.errors import ExportError, StateError
from paperdesk.export.backup_format import LIST_ORDER_META
from paperdesk.pacing import MAX_PACE
from paperdesk.storage.models import Meta, ReadingList, StudyPlan, utcnow

if TYPE_CHECKING:
    from paperdesk.export.restore_members import Members


def _fail(where: str, path: str, what: str) -> ExportError:
    return ExportError(f"{where}: {path}: {what}")


def check_plans(data: dict[str, Any], where: str) -> None:
    plans = data.get("plans", [])
    if not isinstance(plans, list) or not all(isinstance(x, dict) for x in plans):
        raise _fail(where, "plans", "expected a list of objects")
    names = {rl.get("name") for rl in data.get("lists", []) if isinstance(rl, dict)}
    seen: set[tuple[str, Any]] = set()
    for i, pl in enumerate(plans):
        path = f"plans[{i}]"
        name = pl.get("list")
        if name not in names:
            raise _fail(where, path, f"unknown list {name!r}")
        if (name, pl.get("member")) in seen:
            raise _fail(where, f"{path} ({name})", "a second plan for the same list")
        seen.add((name, pl.get("member")))
        pace = pl.get("pace")
        if isinstance(pace, bool) or not isinstance(pace, int) or not 1 <= pace <= MAX_PACE:
            raise _fail(where, f"{path} ({name}).pace", f"not 1 to {MAX_PACE} papers a week")
        try:
            date.fromisoformat(pl.get("start"))
        except (TypeError, ValueError):
            raise _fail(where, f"{path} ({name}).start", "not a date (YYYY-MM-DD)") from None
        try:
            parse_weekdays(pl.get("days"))
        except StateError as exc:
            raise _fail(where, f"{path} ({name}).days", str(exc)) from None
        for key in ("created_at", "updated_at"):
            if pl.get(key) is not None:
                try:
                    datetime.fromisoformat(pl[key])
                except (TypeError, ValueError):
                    raise _fail(where, f"{path} ({name}).{key}", "not a date") from None
    if data.get("list_order", "roadmap") not in ("roadmap", "user"):
        raise _fail(where, "list_order", 'expected "roadmap" or "user"')


def restore_plans(s: Session, data: dict[str, Any], members: Members, *, merge: bool) -> None:
    """Write the backup's plans (already checked) and, for an exact restore, its list order."""
    ids = {name: list_id for name, list_id in s.execute(select(ReadingList.name, ReadingList.id))}
    rows = s.execute(select(StudyPlan.list_id, StudyPlan.member_id))
    have: set[tuple[int, int | None]] = {(lid, mid) for lid, mid in rows}
    for pl in data.get("plans", []):
        key = (ids[pl["list"]], members.id(pl["member"]))
        if key[1] is None or key in have:
            continue
        have.add(key)
        s.add(
            StudyPlan(
                list_id=key[0],
                member_id=key[1],
                pace=pl["pace"],
                start=date.fromisoformat(pl["start"]),
                days=pl.get("days"),
                created_at=_time(pl.get("created_at")),
                updated_at=_time(pl.get("updated_at")),
            )
        )
    if not merge and "list_order" in data:
        row = s.get(Meta, LIST_ORDER_META)
        if data["list_order"] == "user":
            if row is None:
                s.add(Meta(key=LIST_ORDER_META, value="user"))
        elif row is not None:
            s.delete(row)


def _time(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else utcnow()
