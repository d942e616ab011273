"""List views: reading-list summaries and paper tables, on the fast read path when possible."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from paperdesk.config import Settings
from paperdesk.states import check_state
from paperdesk.storage import queries
from paperdesk.storage.fastread import Reader, SessionReader, open_fast


def open_reader(settings: Settings) -> Reader:
    """The cheapest reader that sees a current library (opening, migrating, seeding if needed)."""
    if (fast := open_fast(settings)) is not None:
        return fast
    from paperdesk.library import Library

    return SessionReader(Library.open(settings))


@dataclass(frozen=True)
class PaperFilter:
    list_name: str | None = None
    reading: str | None = None
    replication: str | None = None
    tag: str | None = None
    year: int | None = None

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.list_name:
            out["list"] = self.list_name
        if self.reading:
            out["reading"] = check_state("reading", self.reading)
        if self.replication:
            out["replication"] = check_state("replication", self.replication)
        if self.tag:
            out["tag"] = self.tag.strip().lower()
        if self.year is not None:
            out["year"] = self.year
        return out


def list_summaries(reader: Reader) -> list[dict[str, Any]]:
    """Every list in roadmap order (see :mod:`paperdesk.listorder`); ``order`` is its place,
    1 first."""
    out = []
    for order, (
        name,
        title,
        description,
        source,
        total,
        n_read,
        n_reading,
        n_repro,
        n_planned,
        _position,
    ) in enumerate(reader.rows(queries.LIST_SUMMARIES, {"member": reader.member()}), start=1):
        out.append(
            {
                "order": order,
                "name": name,
                "title": title,
                "description": description,
                "source": source,
                "total": total,
                "read": n_read,
                "reading": n_reading,
                "reproduced": n_repro,
                "replication_planned": n_planned,
            }
        )
    return out


def paper_count(reader: Reader) -> int:
    """Papers in the library (on a list or not)."""
    return int(reader.rows(queries.PAPER_COUNT)[0][0])


def list_papers(
    reader: Reader, flt: PaperFilter, *, limit: int | None = None, member: int | None = None
) -> list[dict[str, Any]]:
    """Rows for ``paperdesk papers`` (JSON-ready dicts); ``limit`` only the first ones (the
    TUI's first paint needs no 10,000 row objects). Reading states and tags are mine, or
    ``member``'s (``papers --reader NAME``)."""
    mine = {"member": reader.member() if member is None else member}
    params = {**flt.params(), **mine}
    if flt.list_name and not reader.rows(queries.LIST_EXISTS, {"list": flt.list_name}):
        from paperdesk.closest import unknown_list

        raise unknown_list(flt.list_name, (s["name"] for s in list_summaries(reader)))
    sql = queries.papers_sql(
        list_name=bool(flt.list_name),
        reading=bool(flt.reading),
        replication=bool(flt.replication),
        tag=bool(flt.tag),
        year=flt.year is not None,
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = reader.rows(sql, params)
    lists: dict[int, list[str]] = defaultdict(list)
    for pid, name in reader.rows(queries.PAPER_LISTS):
        lists[pid].append(name)
    tags: dict[int, list[str]] = defaultdict(list)
    for pid, name in reader.rows(queries.PAPER_TAGS, mine):
        tags[pid].append(name)
    indexed = {r[0] for r in reader.rows(queries.INDEXED_PAPERS)}
    return [queries.paper_row(r, lists, tags, indexed) for r in rows]
