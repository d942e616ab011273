"""List views: reading-list summaries and paper tables, on the fast read path when possible."""

from __future__ import annotations

import json
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


def check_tag_exists(reader: Reader, tag: str) -> None:
    """A ``--tag`` filter naming no tag at all is a typo, not an empty result: NotFoundError
    with the closest tag names (a tag only other members use is a tag: it filters to none)."""
    name = tag.strip().lower()
    names = [r[0] for r in reader.rows(queries.COMPLETE_TAGS)]
    if name in names:
        return
    from paperdesk.closest import did_you_mean
    from paperdesk.errors import NotFoundError

    shown = ", ".join(names[:20]) + (", …" if len(names) > 20 else "") if names else "(none)"
    raise NotFoundError(f"no tag {name!r}{did_you_mean(name, names)}; tags: {shown}")


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


@dataclass(frozen=True)
class ListSummary:
    """One reading list as ``paperdesk lists`` and the TUI's lists panel show it: its place in
    the roadmap (``order``, 1 first), and how far I am (``read``, ``reading``: my states) and
    the replications (``reproduced`` of ``replication_planned``, everyone's)."""

    order: int
    name: str
    title: str
    description: str | None
    source: str  # "seed" or "user"
    total: int
    read: int
    reading: int
    reproduced: int
    replication_planned: int

    def to_json(self) -> dict[str, Any]:
        """One object of ``lists --json``'s ``"lists"`` (key order is part of the format)."""
        return {
            "order": self.order,
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "total": self.total,
            "read": self.read,
            "reading": self.reading,
            "reproduced": self.reproduced,
            "replication_planned": self.replication_planned,
        }


@dataclass(frozen=True)
class PaperRow:
    """One line of ``paperdesk papers`` and of the TUI's table: the paper, my states and tags,
    its files' progress (``pdf``, ``parsed``, ``indexed``, ``newer_version`` on arXiv than the
    stored PDF) and, when listed by one list, its place there (``stage``, ``position``,
    ``why``; None otherwise)."""

    id: str
    arxiv_id: str | None
    version: int | None
    title: str
    authors: list[str]
    year: int | None
    doi: str | None
    url: str | None
    reading: str
    replication: str
    pdf: bool
    parsed: bool
    parse_status: str | None
    indexed: bool
    newer_version: bool
    lists: list[str]
    tags: list[str]
    stage: str | None = None
    position: int | None = None
    why: str | None = None

    def to_json(self) -> dict[str, Any]:
        """One object of ``papers --json``'s ``"papers"`` (key order is part of the format;
        ``stage``, ``position`` and ``why`` only for a list's papers). It shares the row's
        lists: copying three per row is a fifth of the time for 10,000 rows."""
        out: dict[str, Any] = {
            "id": self.id,
            "arxiv_id": self.arxiv_id,
            "version": self.version,
            "title": self.title,
            "authors": self.authors,
            "year": self.year,
            "doi": self.doi,
            "url": self.url,
            "reading": self.reading,
            "replication": self.replication,
            "pdf": self.pdf,
            "parsed": self.parsed,
            "parse_status": self.parse_status,
            "indexed": self.indexed,
            "newer_version": self.newer_version,
            "lists": self.lists,
            "tags": self.tags,
        }
        if self.position is not None:
            out.update(stage=self.stage, position=self.position, why=self.why)
        return out


def list_summaries(reader: Reader) -> list[ListSummary]:
    """Every list in roadmap order (see :mod:`paperdesk.listorder`)."""
    return [
        ListSummary(
            order=order,
            name=name,
            title=title,
            description=description,
            source=source,
            total=int(total),
            read=int(n_read),
            reading=int(n_reading),
            reproduced=int(n_repro),
            replication_planned=int(n_planned),
        )
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
        ) in enumerate(reader.rows(queries.LIST_SUMMARIES, {"member": reader.member()}), start=1)
    ]


def paper_count(reader: Reader) -> int:
    """Papers in the library (on a list or not)."""
    return int(reader.rows(queries.PAPER_COUNT)[0][0])


def list_papers(
    reader: Reader, flt: PaperFilter, *, limit: int | None = None, member: int | None = None
) -> list[PaperRow]:
    """Rows for ``paperdesk papers`` and the TUI's table; ``limit`` only the first ones (the
    TUI's first paint needs no 10,000 row objects). Reading states and tags are mine, or
    ``member``'s (``papers --reader NAME``)."""
    mine = {"member": reader.member() if member is None else member}
    params = {**flt.params(), **mine}
    if flt.list_name and not reader.rows(queries.LIST_EXISTS, {"list": flt.list_name}):
        from paperdesk.closest import unknown_list

        raise unknown_list(flt.list_name, (s.name for s in list_summaries(reader)))
    if flt.tag:
        check_tag_exists(reader, flt.tag)
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
    return [paper_row(r, lists, tags, indexed) for r in rows]


# A frozen dataclass's __init__ sets each field through object.__setattr__, four times the cost
# of the dict the rows used to be: 10,000 rows (a large library's table) are filled directly
# instead. tests/services/test_listing.py checks the result equals PaperRow(...) field by field.
_new = object.__new__


def _json_list(value: Any) -> list[str]:
    """A JSON column as read: text on SQLite, already a list on PostgreSQL, or NULL."""
    if value is None:
        return []
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value)


def paper_row(
    row: tuple[Any, ...], lists: dict[int, list[str]], tags: dict[int, list[str]], indexed: set[int]
) -> PaperRow:
    """One row of :func:`paperdesk.storage.queries.papers_sql`, with the paper's lists, my tags
    and whether it is indexed (each keyed by the paper's database id)."""
    (
        pid,
        key,
        arxiv_id,
        version,
        title,
        authors,
        year,
        doi,
        url,
        reading,
        replication,
        pdf_sha,
        pdf_version,
        parse_status,
        stage,
        position,
        why,
    ) = row
    item = _new(PaperRow)  # every field is set here: see _new
    item.__dict__.update(
        id=key,
        arxiv_id=arxiv_id,
        version=version,
        title=title,
        authors=_json_list(authors),
        year=year,
        doi=doi,
        url=url,
        reading=reading,
        replication=replication,
        pdf=pdf_sha is not None,
        parsed=parse_status == "parsed",
        parse_status=parse_status,
        indexed=pid in indexed,
        newer_version=bool(pdf_sha and version and pdf_version and version > pdf_version),
        lists=lists.get(pid, []),
        tags=tags.get(pid, []),
        stage=stage,
        position=position,
        why=why,
    )
    return item
