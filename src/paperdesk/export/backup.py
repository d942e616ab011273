"""A lossless JSON backup of everything a user made, and its restore.

:func:`dump` is also how every other exporter reads the library: one consistent snapshot in a
few bulk queries, with stable ordering (papers by key, lists by name, entries by position,
histories by time) so that the same library always gives the same bytes.

Not stored, because the stages rebuild them (see ``REBUILD_HINT``): PDF files, extracted text,
sections, parsed references, passages, embeddings and the search index.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk import __version__
from paperdesk.dates import iso_day, stored_day
from paperdesk.dates import iso_time as iso
from paperdesk.errors import ExportError
from paperdesk.export.backup_format import (
    ATTEMPT_FIELDS,
    CLAIM_FIELDS,
    FORMAT,
    LIST_FIELDS,
    LIST_ORDER_META,
    PAPER_FIELDS,
    REBUILD_HINT,
    SEED_META_PREFIX,
    VERSION,
    BackupReport,
)
from paperdesk.export.files import read_text, write_text_atomic
from paperdesk.export.stored import readable
from paperdesk.storage.models import (
    Cite,
    Claim,
    KeyAlias,
    ListEntry,
    Meta,
    Note,
    Paper,
    PaperTag,
    ReadingList,
    ReadingPeriod,
    ReproAttempt,
    ReproLog,
    Run,
    RunResult,
    StateChange,
    StudyPlan,
    Tag,
)


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


def dump(lib: Any) -> dict[str, Any]:
    """The whole library as a JSON-ready dict (see the module docstring for what is left out)."""
    with lib.session() as s:
        # Text is ordered here, not by the database, whose collation may differ (PostgreSQL).
        papers = sorted(_rows(s, Paper, Paper.id), key=lambda p: p["key"])
        key_of = {p["id"]: p["key"] for p in papers}

        tags_of: dict[int, list[str]] = defaultdict(list)
        for pid, name in s.execute(
            select(PaperTag.paper_id, Tag.name).join(Tag, Tag.id == PaperTag.tag_id)
        ):
            tags_of[pid].append(name)
        all_tags = sorted(s.scalars(select(Tag.name)))

        notes = {n["paper_id"]: n for n in _rows(s, Note, Note.id)}
        aliases_of: dict[int, list[str]] = defaultdict(list)
        for pid, alias in s.execute(select(KeyAlias.paper_id, KeyAlias.alias)):
            aliases_of[pid].append(alias)

        cites_of: dict[int, list[str]] = defaultdict(list)
        method_of: dict[int, dict[str, str]] = defaultdict(dict)  # how each link was made
        for citing, cited, method in s.execute(select(Cite.citing_id, Cite.cited_id, Cite.method)):
            cites_of[citing].append(key_of[cited])
            if method:
                method_of[citing][key_of[cited]] = method

        claims_of: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
        label_of: dict[int, str] = {}
        for c in sorted(_rows(s, Claim, Claim.id), key=lambda c: c["label"]):
            claims_of[c["paper_id"]].append(c)
            label_of[c["id"]] = c["label"]

        attempts_of: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
        number_of: dict[int, int] = {}
        for a in _rows(
            s, ReproAttempt, ReproAttempt.number, ReproAttempt.created_at, ReproAttempt.id
        ):
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
                    **_row(r, ("ran_at", "command", "commit", "notes")),
                    "results": dict(sorted(results_of[r["id"]].items())),
                }
            )
        log_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for entry in _rows(s, ReproLog, ReproLog.at, ReproLog.id):
            log_of[entry["attempt_id"]].append(_row(entry, ("at", "text")))

        history_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for h in _rows(s, StateChange, StateChange.at, StateChange.id):
            history_of[h["paper_id"]].append(
                {
                    "track": h["track"],
                    "from": h["old_state"],
                    "to": h["new_state"],
                    "at": iso(h["at"]),
                    "attempt": number_of.get(h["attempt_id"])
                    if h["attempt_id"] is not None
                    else None,
                }
            )

        time_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for t in _rows(s, ReadingPeriod, ReadingPeriod.started_at, ReadingPeriod.id):
            time_of[t["paper_id"]].append(
                {"view": t["view"], "start": iso(t["started_at"]), "end": iso(t["ended_at"])}
            )

        out_papers = []
        for p in papers:
            note = notes.get(p["id"])
            out_papers.append(
                {
                    **_row(p, PAPER_FIELDS),
                    "aliases": sorted(aliases_of[p["id"]]),
                    "tags": sorted(tags_of[p["id"]]),
                    "note": None
                    if note is None
                    else {
                        "body": note["body"],
                        "revision": note["revision"],
                        "updated_at": iso(note["updated_at"]),
                    },
                    "history": history_of[p["id"]],
                    "reading_time": time_of[p["id"]],
                    "cites": sorted(cites_of[p["id"]]),
                    "cite_methods": dict(sorted(method_of[p["id"]].items())),
                    "claims": [_row(c, CLAIM_FIELDS) for c in claims_of[p["id"]]],
                    "attempts": [
                        {
                            **_row(a, ATTEMPT_FIELDS),
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
                    "pace": sp["pace"],
                    "start": iso_day(stored_day(sp["start"])),
                    "days": sp["days"],
                    "created_at": iso(sp["created_at"]),
                    "updated_at": iso(sp["updated_at"]),
                }
                for sp in _rows(s, StudyPlan, StudyPlan.id)
            ),
            key=lambda x: x["list"],
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
        "tags": all_tags,
        "papers": out_papers,
        "lists": out_lists,
        "plans": out_plans,
        "list_order": order.value if order is not None else "roadmap",
    }


def to_json(data: dict[str, Any]) -> str:
    """Stable text: same library, same bytes (UTF-8, unicode kept, two-space indent). Strict
    JSON: an infinite or NaN number (which ``json`` would write as ``Infinity``, readable by
    nothing else) is an :class:`ExportError` naming where it is."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError:
        where = _non_finite(data, "") or "somewhere"
        raise ExportError(
            f"the library holds a number that is not finite at {where}; "
            "correct it (e.g. with 'paperdesk repro'), then export again"
        ) from None


def _non_finite(value: Any, path: str) -> str | None:
    """Where the first infinite or NaN number in ``value`` is (``papers[3].attempts[0]...``,
    with the paper's key), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "the top level"
    if isinstance(value, dict):
        items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [
            (f"{path}[{i}]" + (f" ({v['key']})" if isinstance(v, dict) and v.get("key") else ""), v)
            for i, v in enumerate(value)
        ]
    else:
        return None
    for step, item in items:
        if (found := _non_finite(item, step)) is not None:
            return found
    return None


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"number {text} is too large")
    return number


def _finite_int(text: str) -> int:
    number = int(text)
    try:
        float(number)
    except OverflowError:
        raise ValueError(f"number {text[:20]}... is too large") from None
    return number


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def export_json(lib: Any, file: Path) -> BackupReport:
    data = dump(lib)
    write_text_atomic(Path(file), to_json(data))
    return _counts(BackupReport(Path(file)), data)


def _counts(report: BackupReport, data: dict[str, Any]) -> BackupReport:
    papers = data.get("papers", [])
    report.papers = len(papers)
    report.lists = len(data.get("lists", []))
    report.notes = sum(1 for p in papers if p.get("note"))
    report.attempts = sum(len(p.get("attempts") or []) for p in papers)
    return report


def load_backup(text: str, where: str) -> dict[str, Any]:
    """Parse and check a backup's JSON; every problem is an :class:`ExportError` naming
    ``where`` and the place in the file."""
    try:
        data = json.loads(
            text, parse_float=_finite_float, parse_int=_finite_int, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{where} is not a paperdesk backup: invalid JSON at line {exc.lineno} "
            f"column {exc.colno} ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise ExportError(f"{where} is not a paperdesk backup: invalid JSON ({exc})") from None
    except RecursionError:
        raise ExportError(f"{where} is not a paperdesk backup: JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(
            f'{where} is not a paperdesk backup (no "format": "{FORMAT}"); '
            "make one with 'paperdesk export json FILE'"
        )
    version = data.get("version")
    if version != VERSION:
        raise ExportError(
            f"{where} is a backup of format version {version!r}; this paperdesk "
            f"({__version__}) reads version {VERSION} only"
            + (": upgrade paperdesk" if isinstance(version, int) and version > VERSION else "")
        )
    from paperdesk.export.restore import validate

    validate(data, where)
    return data


def import_json(lib: Any, file: Path, *, merge: bool = False) -> BackupReport:
    """Restore a backup. Into an empty library (see :func:`paperdesk.export.restore.is_empty`)
    the result is exactly the backup; into one with user data only with ``merge=True``, which
    adds what is missing and never overwrites or drops what the library has."""
    from paperdesk.export.restore import restore

    path = Path(file)
    data = load_backup(read_text(path, "backup file"), str(path))
    report = BackupReport(path)
    with lib.session() as s:
        restore(s, data, merge=merge, report=report, where=str(path), pdf_dir=lib.settings.pdf_dir)
    return _counts(report, data)
