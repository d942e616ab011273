"""The values of a JSON backup, checked at the door (before a restore writes anything).

:func:`check_backup` checks the shape of a backup (the papers, their rows, the members), then each
value against the column it is restored into, by the models' own types and lengths
(:mod:`paperdesk.validate`): text fits both databases and holds no NUL (it is restored exactly
as backed up, never changed: what is printed is cleaned when it is printed), numbers are finite
and integers fit 32 bits, flat lists hold text, objects are objects, list names and tags are
names, and a PDF path stays inside the library's PDF folder (a backup naming ``/etc/passwd`` or
``../../x`` restores the paper without it). Every error names the file and the place
(``papers[3] (vaswani2017attention).claims[0].value``).

A backup is restored whole or not at all: the first bad value stops the restore before any
write, so a library never holds half of a backup.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String

from paperdesk import validate
from paperdesk.errors import ExportError
from paperdesk.export.backup_format import PAPER_TIMES
from paperdesk.export.backup_keys import check_aliases
from paperdesk.export.restore_dismissals import FEED, SUGGESTIONS, check_dismissals
from paperdesk.export.restore_members import check_members
from paperdesk.export.restore_plans import check_plans
from paperdesk.export.restore_reading import check_reading_time
from paperdesk.storage.models import (
    Claim,
    FeedEntry,
    Paper,
    ReadingList,
    ReproAttempt,
    SuggestionDismissal,
)

_LIST_COLUMNS = {"authors", "categories"}  # JSON columns that hold a flat list of text
_MAP_COLUMNS = {"metadata_sources", "environment_kv"}


TIME_KEYS = PAPER_TIMES | {"created_at", "at", "ran_at"}


def _fail(where: str, path: str, what: str) -> ExportError:
    return ExportError(f"{where}: {path}: {what}")


def _check_times(obj: dict[str, Any], where: str, path: str) -> None:
    for name in TIME_KEYS & obj.keys():
        value = obj[name]
        if value is None:
            continue
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _fail(where, f"{path}.{name}", f"not a date: {value!r}") from None


def _dicts(value: Any, where: str, path: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise _fail(where, path, "expected a list of objects")
    return value


def check_backup(data: dict[str, Any], where: str) -> None:
    """Check the shape a restore relies on, so that it fails before writing anything."""
    papers = _dicts(data.get("papers", []), where, "papers")
    all_keys = {p.get("key") for p in papers if isinstance(p.get("key"), str)}
    keys: set[str] = set()
    for i, p in enumerate(papers):
        path = f"papers[{i}]"
        if not isinstance(p.get("key"), str) or not p["key"]:
            raise _fail(where, path, 'no "key"')
        if not isinstance(p.get("title"), str):
            raise _fail(where, f"{path} ({p['key']})", 'no "title"')
        if p["key"] in keys:
            raise _fail(where, f"{path} ({p['key']})", "the key appears twice")
        keys.add(p["key"])
        path = f"{path} ({p['key']})"
        _check_times(p, where, path)
        if data.get("version") == 1 and p.get("note") is not None:
            if not isinstance(p["note"], dict) or not isinstance(p["note"].get("body"), str):
                raise _fail(where, f"{path}.note", 'expected {"body": text, ...}')
            _check_times({"at": p["note"].get("updated_at")}, where, f"{path}.note")
        for j, h in enumerate(_dicts(p.get("history", []), where, f"{path}.history")):
            if not h.get("track") or not h.get("to"):
                raise _fail(where, f"{path}.history[{j}]", 'needs "track" and "to"')
            _check_times(h, where, f"{path}.history[{j}]")
        for j, c in enumerate(_dicts(p.get("claims", []), where, f"{path}.claims")):
            if not c.get("label") or not c.get("metric") or c.get("value") is None:
                raise _fail(where, f"{path}.claims[{j}]", 'needs "label", "metric", "value"')
            _check_times(c, where, f"{path}.claims[{j}]")
        for j, a in enumerate(_dicts(p.get("attempts", []), where, f"{path}.attempts")):
            apath = f"{path}.attempts[{j}]"
            _check_times(a, where, apath)
            for k, r in enumerate(_dicts(a.get("runs", []), where, f"{apath}.runs")):
                _check_times(r, where, f"{apath}.runs[{k}]")
                if not isinstance(r.get("results", {}), dict):
                    raise _fail(where, f"{apath}.runs[{k}].results", "expected {label: value}")
            for k, entry in enumerate(_dicts(a.get("log", []), where, f"{apath}.log")):
                _check_times(entry, where, f"{apath}.log[{k}]")
        cites = p.get("cites", [])
        if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            raise _fail(where, f"{path}.cites", "expected a list of paper keys")
        for cited in cites:
            if cited not in all_keys:
                raise _fail(where, f"{path}.cites", f"unknown paper {cited!r}")
        methods = p.get("cite_methods", {})
        if not isinstance(methods, dict) or not all(
            k in cites and isinstance(m, str) for k, m in methods.items()
        ):
            raise _fail(where, f"{path}.cite_methods", "expected {cited paper key: method}")
    for i, rl in enumerate(_dicts(data.get("lists", []), where, "lists")):
        if not isinstance(rl.get("name"), str) or not rl["name"]:
            raise _fail(where, f"lists[{i}]", 'no "name"')
        _check_times(rl, where, f"lists[{i}] ({rl['name']})")
        for j, e in enumerate(_dicts(rl.get("entries", []), where, f"lists[{i}].entries")):
            if e.get("paper") not in keys:
                raise _fail(
                    where,
                    f"lists[{i}] ({rl['name']}).entries[{j}]",
                    f"unknown paper {e.get('paper')!r}",
                )
    check_aliases(data, where)
    if data.get("version") != 1:
        check_members(data, where)
    check_plans(data, where)
    check_reading_time(data, where)
    check_dismissals(data, where)
    check_values(data, where)  # every value against its column (restore_checks)


def check_values(data: dict[str, Any], where: str) -> None:
    """Check (and clean in place) every value of ``data``; raises :class:`ExportError`."""
    for i, p in enumerate(data.get("papers", [])):
        path = f"papers[{i}] ({validate.strip_controls(str(p.get('key')))})"
        _row(Paper, p, where, path)
        p["pdf_path"] = _inside(p.get("pdf_path"))
        if p["pdf_path"] is None:
            p.pop("pdf_sha256", None)
        v1_note = data.get("version") == 1 and isinstance(p.get("note"), dict)
        notes = [("note", p["note"])] if v1_note else []
        notes += [(f"notes[{j}]", n) for j, n in enumerate(p.get("notes") or [])]
        for at, note in notes:
            try:
                _text(note["body"], None)
            except validate.InvalidValue as exc:
                raise _fail(where, f"{path}.{at}.body", str(exc)) from None
        if data.get("version") == 1:  # a list of names; version 2's rows: restore_members
            p["tags"] = [_name(t, where, f"{path}.tags") for t in _list(p.get("tags"), where, path)]
        for j, c in enumerate(p.get("claims", [])):
            _row(Claim, c, where, f"{path}.claims[{j}]")
        for j, a in enumerate(p.get("attempts", [])):
            apath = f"{path}.attempts[{j}]"
            _row(ReproAttempt, a, where, apath)
            for k, r in enumerate(a.get("runs", [])):
                for label, value in (r.get("results") or {}).items():
                    _number(value, where, f"{apath}.runs[{k}].results.{label}")
    for i, rl in enumerate(data.get("lists", [])):
        path = f"lists[{i}]"
        _row(ReadingList, rl, where, path)
        from paperdesk.readinglists import NAME_RE

        if not NAME_RE.fullmatch(rl["name"]):
            raise _fail(where, f"{path}.name", f"list name {rl['name']!r} may use a-z, 0-9, '-'")
    for i, d in enumerate(data.get(SUGGESTIONS) or []):
        _row(SuggestionDismissal, d, where, f"{SUGGESTIONS}[{i}]")
    for i, e in enumerate(data.get(FEED) or []):
        _row(FeedEntry, e, where, f"{FEED}[{i}] ({e['arxiv_id']})")
    data["tags"] = [_name(t, where, "tags") for t in _list(data.get("tags"), where, "")]


def _row(model: type, obj: dict[str, Any], where: str, path: str) -> None:
    columns = model.__table__.c  # type: ignore[attr-defined]
    for name, value in list(obj.items()):
        if name not in columns or value is None or name in ("pdf_path", "created_by"):
            continue  # a member's name, checked by restore_members
        col_type = columns[name].type
        at = f"{path}.{name}"
        try:
            if isinstance(col_type, DateTime | Date):
                continue  # checked by check_backup
            if isinstance(col_type, String):
                _text(value, col_type.length)
            elif isinstance(col_type, Boolean):
                if not isinstance(value, bool):
                    raise validate.InvalidValue("expected true or false")
            elif isinstance(col_type, Integer):
                obj[name] = validate.integer(value, name)
            elif isinstance(col_type, Float):
                obj[name] = validate.number(value, name)
            elif isinstance(col_type, JSON) and name in _LIST_COLUMNS:
                if not isinstance(value, list):
                    raise validate.InvalidValue("expected a list of text")
                for item in value:
                    _text(item, 1000)
            elif isinstance(col_type, JSON) and name in _MAP_COLUMNS:
                obj[name] = _flat_map(validate.mapping(value, name), name)
        except validate.InvalidValue as exc:
            raise _fail(where, at, str(exc)) from None


def _text(value: Any, limit: int | None) -> None:
    """Text is restored exactly as it was backed up: checked, never changed."""
    if not isinstance(value, str):
        raise validate.InvalidValue(f"expected text, not {type(value).__name__}")
    if "\x00" in value:
        raise validate.InvalidValue("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # JSON's "\ud800" alone: no database stores it
        raise validate.InvalidValue(
            f"is not text: a lone surrogate \\u{ord(value[exc.start]):04x} at {exc.start}"
        ) from None
    limit = limit or validate.TEXT_MAX
    if len(value) > limit:
        raise validate.InvalidValue(f"is {len(value):,} characters long (at most {limit:,})")


def _flat_map(value: dict[str, Any], what: str) -> dict[str, Any]:
    for k, v in value.items():
        if not isinstance(v, str | int | float | bool) and v is not None:
            raise validate.InvalidValue(f"'{what}.{k}' must be text or a number")
        if isinstance(v, float):
            validate.number(v, f"{what}.{k}")
    return value


def _number(value: Any, where: str, path: str) -> None:
    try:
        validate.number(value, path.rsplit(".", 1)[-1], required=True)
    except validate.InvalidValue as exc:
        raise _fail(where, path, str(exc)) from None


def _list(value: Any, where: str, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(where, f"{path}.tags".lstrip("."), "expected a list")
    return value


def _name(value: Any, where: str, path: str) -> str:
    from paperdesk.errors import PaperdeskError
    from paperdesk.storage.repository import check_tag

    if not isinstance(value, str) or "\x00" in value:
        raise _fail(where, path, f"a tag must be one word of text, not {value!r:.40}")
    try:
        return check_tag(value)
    except PaperdeskError as exc:
        raise _fail(where, path, str(exc)) from None


def _inside(pdf_path: Any) -> str | None:
    """A PDF path from a backup if it stays inside the PDF folder, else None."""
    if not isinstance(pdf_path, str) or not pdf_path or "\x00" in pdf_path:
        return None
    posix, windows = PurePosixPath(pdf_path), PureWindowsPath(pdf_path)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        return None
    if ".." in posix.parts or ".." in windows.parts:
        return None
    return pdf_path
