"""A lossless JSON backup of everything the library's members made, and its restore.

:func:`dump` is also how every other exporter reads the library: one consistent snapshot in a
few bulk queries, with stable ordering (papers by key, lists by name, entries by position,
histories by time, personal rows by member) so that the same library always gives the same
bytes. It holds every member's rows, each named (format 2, :mod:`.backup_format`); the
exporters read :func:`my_view`, the current member's (:mod:`.backup_view`).

Not stored, because the stages rebuild them (see ``REBUILD_HINT``): PDF files, extracted text,
sections, parsed references, passages, embeddings and the search index; nor the feed entries
not dismissed, which the next ``paperdesk feed`` fetches again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk import __version__
from paperdesk.dates import iso_day, stored_day
from paperdesk.dates import iso_time as iso
from paperdesk.export.backup_format import (
    ATTEMPT_FIELDS,
    CLAIM_FIELDS,
    FEED_FIELDS,
    FORMAT,
    LIST_FIELDS,
    LIST_ORDER_META,
    LOG_FIELDS,
    PAPER_FIELDS,
    PLAN_FIELDS,
    REBUILD_HINT,
    RUN_FIELDS,
    SEED_META_PREFIX,
    SUGGESTION_DISMISSAL_FIELDS,
    VERSION,
    BackupReport,
)
from paperdesk.export.backup_json import load_backup, to_json
from paperdesk.export.backup_upgrade import MemberChoiceError
from paperdesk.export.files import read_text, write_text_atomic
from paperdesk.export.stored import readable
from paperdesk.storage.models import (
    Cite,
    Claim,
    FeedEntry,
    KeyAlias,
    ListEntry,
    Member,
    Meta,
    Note,
    Paper,
    PaperTag,
    Reading,
    ReadingList,
    ReadingPeriod,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    StateChange,
    StudyPlan,
    SuggestionDismissal,
    Tag,
)

if TYPE_CHECKING:
    from paperdesk.library import Library


def _row(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = row[name]
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(sorted(value.items()))
        out[name] = value
    return out


def _rows(s: Session, model: Any, *order: Any) -> list[Mapping[str, Any]]:
    """Plain rows (no ORM objects: a dump reads every row of the library once)."""
    rows = s.execute(select(model.__table__).order_by(*order)).mappings()
    return cast("list[Mapping[str, Any]]", list(rows))  # RowMapping keys are column names


def dump(lib: Library) -> dict[str, Any]:
    """The whole library as a JSON-ready dict, every member's rows named by member (see the
    module docstring for what is left out)."""
    with lib.session() as s:
        return snapshot(s)


def my_view(lib: Library) -> dict[str, Any]:
    """The snapshot as the current member sees it (:mod:`paperdesk.export.backup_view`): what
    the Markdown, BibTeX and CSL-JSON exports show."""
    from paperdesk.export.backup_view import for_member
    from paperdesk.export.restore_members import my_name

    with lib.session() as s:
        return for_member(snapshot(s), my_name(s))


def snapshot(s: Session) -> dict[str, Any]:
    """:func:`dump` in the caller's session."""
    # Text is ordered here, not by the database, whose collation may differ (PostgreSQL).
    members = sorted(_rows(s, Member, Member.id), key=lambda m: m["name"])
    who: dict[int | None, str | None] = {m["id"]: m["name"] for m in members}
    who[None] = None

    def by(row: Mapping[str, Any], column: str = "created_by") -> str | None:
        return who.get(row[column])

    papers = sorted(_rows(s, Paper, Paper.id), key=lambda p: p["key"])
    key_of = {p["id"]: p["key"] for p in papers}

    readings_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(s, Reading, Reading.paper_id):
        if r["state"] != "unread":
            readings_of[r["paper_id"]].append(
                {
                    "member": by(r, "member_id"),
                    "state": r["state"],
                    "updated_at": iso(r["updated_at"]),
                }
            )
    tags_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pid, member_id, name in s.execute(
        select(PaperTag.paper_id, PaperTag.member_id, Tag.name).join(Tag, Tag.id == PaperTag.tag_id)
    ):
        tags_of[pid].append({"member": who.get(member_id), "tag": name})
    all_tags = sorted(s.scalars(select(Tag.name)))

    notes_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for n in _rows(s, Note, Note.id):
        notes_of[n["paper_id"]].append(
            {
                "member": by(n, "member_id"),
                "body": n["body"],
                "revision": n["revision"],
                "updated_at": iso(n["updated_at"]),
            }
        )
    aliases_of: dict[int, list[str]] = defaultdict(list)
    for pid, alias in s.execute(select(KeyAlias.paper_id, KeyAlias.alias)):
        aliases_of[pid].append(alias)

    cites_of: dict[int, list[str]] = defaultdict(list)
    method_of: dict[int, dict[str, str]] = defaultdict(dict)  # how each link was made
    for citing, cited, method in s.execute(select(Cite.citing_id, Cite.cited_id, Cite.method)):
        cites_of[citing].append(key_of[cited])
        if method:
            method_of[citing][key_of[cited]] = method

    claims_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    label_of: dict[int, str] = {}
    for c in sorted(_rows(s, Claim, Claim.id), key=lambda c: c["label"]):
        claims_of[c["paper_id"]].append({**_row(c, CLAIM_FIELDS), "created_by": by(c)})
        label_of[c["id"]] = c["label"]

    attempts_of: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    number_of: dict[int, int] = {}
    for a in _rows(s, ReproAttempt, ReproAttempt.number, ReproAttempt.created_at, ReproAttempt.id):
        attempts_of[a["paper_id"]].append(a)
        number_of[a["id"]] = a["number"]

    results_of: dict[int, dict[str, float]] = defaultdict(dict)
    for run_id, claim_id, value in s.execute(
        select(RunResult.run_id, RunResult.claim_id, RunResult.value)
    ):
        results_of[run_id][label_of[claim_id]] = value
    runs_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(s, Run, Run.ran_at, Run.id):
        runs_of[r["attempt_id"]].append(
            {
                **_row(r, RUN_FIELDS),
                "created_by": by(r),
                "results": dict(sorted(results_of[r["id"]].items())),
            }
        )
    log_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in _rows(s, ReproLog, ReproLog.at, ReproLog.id):
        log_of[entry["attempt_id"]].append({**_row(entry, LOG_FIELDS), "created_by": by(entry)})

    history_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for h in _rows(s, StateChange, StateChange.at, StateChange.id):
        history_of[h["paper_id"]].append(
            {
                "track": h["track"],
                "from": h["old_state"],
                "to": h["new_state"],
                "at": iso(h["at"]),
                "attempt": number_of.get(h["attempt_id"]) if h["attempt_id"] is not None else None,
                "member": by(h, "member_id"),
            }
        )

    time_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for t in _rows(s, ReadingPeriod, ReadingPeriod.started_at, ReadingPeriod.id):
        time_of[t["paper_id"]].append(
            {
                "member": by(t, "member_id"),
                "view": t["view"],
                "start": iso(t["started_at"]),
                "end": iso(t["ended_at"]),
            }
        )

    def member_order(rows: list[dict[str, Any]], *more: str) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r["member"] or "", *(r[k] or "" for k in more)))

    out_papers = []
    for p in papers:
        out_papers.append(
            {
                **_row(p, PAPER_FIELDS),
                "aliases": sorted(aliases_of[p["id"]]),
                "readings": member_order(readings_of[p["id"]]),
                "notes": member_order(notes_of[p["id"]]),
                "tags": member_order(tags_of[p["id"]], "tag"),
                "history": history_of[p["id"]],
                "reading_time": time_of[p["id"]],
                "cites": sorted(cites_of[p["id"]]),
                "cite_methods": dict(sorted(method_of[p["id"]].items())),
                "claims": claims_of[p["id"]],
                "attempts": [
                    {
                        **_row(a, ATTEMPT_FIELDS),
                        "created_by": by(a),
                        "runs": runs_of[a["id"]],
                        "log": log_of[a["id"]],
                    }
                    for a in attempts_of[p["id"]]
                ],
            }
        )

    out_papers = [readable(p) for p in out_papers]  # stored values of the wrong type
    entries_of: dict[int, list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
    for e in _rows(s, ListEntry, ListEntry.id):
        key = key_of[e["paper_id"]]
        entries_of[e["list_id"]].append(
            (
                e["position"],
                key,
                {
                    "paper": key,
                    "stage": e["stage"],
                    "position": e["position"],
                    "why": e["why"],
                },
            )
        )
    out_lists = [
        {
            **_row(rl, LIST_FIELDS),
            "entries": [x[2] for x in sorted(entries_of[rl["id"]], key=lambda x: x[:2])],
        }
        for rl in sorted(_rows(s, ReadingList, ReadingList.id), key=lambda r: r["name"])
    ]
    name_of = {rl["id"]: rl["name"] for rl in _rows(s, ReadingList, ReadingList.id)}
    out_plans = sorted(
        (
            {
                "list": name_of[sp["list_id"]],
                "member": by(sp, "member_id"),
                **_row(sp, PLAN_FIELDS),
                "start": iso_day(stored_day(sp["start"])),  # a day, whatever the database gives
            }
            for sp in _rows(s, StudyPlan, StudyPlan.id)
        ),
        key=lambda x: (x["list"], x["member"] or ""),
    )
    order = s.get(Meta, LIST_ORDER_META)
    seeds = {
        m.key[len(SEED_META_PREFIX) :]: m.value
        for m in sorted(
            s.scalars(select(Meta).where(Meta.key.startswith(SEED_META_PREFIX))),
            key=lambda m: m.key,
        )
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "paperdesk": __version__,
        "rebuild": REBUILD_HINT,
        "seeds": seeds,
        "members": [{"name": m["name"], "created_at": iso(m["created_at"])} for m in members],
        "tags": all_tags,
        "papers": out_papers,
        "lists": out_lists,
        "plans": out_plans,
        "list_order": order.value if order is not None else "roadmap",
        **dismissals(s),
    }


def dismissals(s: Session) -> dict[str, list[dict[str, Any]]]:
    """The suggestions and feed entries the user dismissed (:mod:`.backup_format`)."""
    suggestions = _rows(s, SuggestionDismissal, SuggestionDismissal.key)
    dismissed = select(FeedEntry.__table__).where(FeedEntry.dismissed_at.is_not(None))
    feed = cast("list[Mapping[str, Any]]", list(s.execute(dismissed).mappings()))
    return {
        "dismissed_suggestions": sorted(
            (_row(d, SUGGESTION_DISMISSAL_FIELDS) for d in suggestions), key=lambda d: d["key"]
        ),
        "dismissed_feed": sorted((_row(e, FEED_FIELDS) for e in feed), key=lambda e: e["arxiv_id"]),
    }


def export_json(lib: Library, file: Path) -> BackupReport:
    data = dump(lib)
    write_text_atomic(Path(file), to_json(data))
    return _counts(BackupReport(Path(file)), data)


def _counts(report: BackupReport, data: dict[str, Any]) -> BackupReport:
    papers = data.get("papers", [])
    report.papers = len(papers)
    report.lists = len(data.get("lists", []))
    # version 2 lists each member's notes; version 1 (before members) had one ``note`` object
    report.notes = sum(len(p.get("notes") or []) or bool(p.get("note")) for p in papers)
    report.attempts = sum(len(p.get("attempts") or []) for p in papers)
    report.dismissed_suggestions = len(data.get("dismissed_suggestions") or [])
    report.dismissed_feed = len(data.get("dismissed_feed") or [])
    return report


def import_json(
    lib: Library,
    file: Path,
    *,
    merge: bool = False,
    as_member: str | None = None,
    from_member: str | None = None,
) -> BackupReport:
    """Restore a backup. Into an empty library (see :mod:`paperdesk.export.restore_empty`) the
    result is exactly the backup; into one with user data only with ``merge=True``, which adds
    what is missing and never overwrites or drops what the library has.

    ``as_member``: restore only one member's personal data (the backup's only member, or
    ``from_member``) as the member ``as_member`` of this library, merging the shared data (a
    merge, whatever ``merge`` says). A backup from before members is its one reader's.

    All or nothing: the restore is one transaction, re-run from the start when it lost a race
    to another writer (PostgreSQL); a failure or a kill part-way leaves the library as it was.
    """
    from paperdesk.export.restore import restore

    path = Path(file)
    data = load_backup(read_text(path, "backup file"), str(path))
    if as_member is not None:
        from paperdesk.export.restore_members import as_one_member

        data = as_one_member(data, as_member, from_member, str(path))
        merge = True
    elif from_member is not None:
        raise MemberChoiceError("--from-member goes with --as NAME (whose data to restore as whom)")

    def work(s: Session) -> BackupReport:  # run again from the start after a lost race
        report = BackupReport(path)
        restore(s, data, merge=merge, report=report, where=str(path), pdf_dir=lib.settings.pdf_dir)
        return report

    return _counts(lib.db.run(work), data)
