"""What the user dismissed, in a backup (``dismissed_suggestions`` and ``dismissed_feed``, see
:mod:`paperdesk.export.backup_format`): checked before a restore writes anything, then restored
with the rest (see :mod:`paperdesk.export.restore`).

A backup from before them has neither key: nothing to do. Both are the library's, so an exact
restore, a merge and ``--as NAME`` restore them alike: the union of the library's and the
backup's, a work or entry dismissed on both sides keeping the earlier ``dismissed_at``. A
dismissed feed entry the library holds (fetched, perhaps not dismissed here) keeps its own
metadata and becomes dismissed; one it lacks is added whole, as the feed would have stored it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from paperdesk.errors import ExportError
from paperdesk.export.backup_format import FEED_FIELDS, FEED_TIMES
from paperdesk.ids import InvalidIdError, parse_arxiv_id
from paperdesk.storage.models import FeedEntry, SuggestionDismissal

SUGGESTIONS = "dismissed_suggestions"
FEED = "dismissed_feed"
KEY_PREFIXES = ("arxiv:", "doi:", "title:")  # the merge keys of paperdesk.services.suggest


def _objects(data: dict[str, Any], name: str, where: str) -> list[dict[str, Any]]:
    rows = data.get(name)
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(x, dict) for x in rows):
        raise ExportError(f"{where}: {name}: expected a list of objects")
    return rows


def _time(value: Any, where: str, path: str, *, required: bool = False) -> None:
    if value is None and not required:
        return
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ExportError(f"{where}: {path}: needs a date (ISO 8601), not {value!r:.40}") from None


def check_dismissals(data: dict[str, Any], where: str) -> None:
    """The shape of both lists, each dismissal's key or arXiv id and its dates; the values are
    checked against their columns with the rest (``restore_checks.check_values``).
    A feed entry's arXiv id is kept without its version, as the feed stores it."""
    for i, d in enumerate(_objects(data, SUGGESTIONS, where)):
        path = f"{SUGGESTIONS}[{i}]"
        key = d.get("key")
        if not isinstance(key, str) or not key.startswith(KEY_PREFIXES):
            raise ExportError(
                f'{where}: {path}.key: expected "arxiv:…", "doi:…" or "title:…", not {key!r:.60}'
            )
        _time(d.get("dismissed_at"), where, f"{path}.dismissed_at", required=True)
    for i, e in enumerate(_objects(data, FEED, where)):
        path = f"{FEED}[{i}]"
        try:
            e["arxiv_id"] = parse_arxiv_id(e.get("arxiv_id")).base  # type: ignore[arg-type]
        except InvalidIdError as exc:
            raise ExportError(f"{where}: {path}.arxiv_id: {exc}") from None
        if not isinstance(e.get("title"), str):
            raise ExportError(f'{where}: {path} ({e["arxiv_id"]}): no "title"')
        for name in sorted(FEED_TIMES & e.keys()):
            _time(e[name], where, f"{path}.{name}", required=name == "dismissed_at")
        if "dismissed_at" not in e:
            _time(None, where, f"{path}.dismissed_at", required=True)


def _stored(value: str) -> datetime:
    """An ISO time from a backup as a timestamp column holds it (naive UTC)."""
    at = datetime.fromisoformat(value)
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo is not None else at


def _earlier(have: datetime | None, other: datetime) -> datetime:
    return other if have is None or other < have else have


def restore_dismissals(s: Session, data: dict[str, Any]) -> None:
    """Add the backup's dismissals (already checked) to the library behind ``s`` (see the
    module docstring)."""
    wanted: dict[str, datetime] = {}
    for d in data.get(SUGGESTIONS) or []:
        at = _stored(d["dismissed_at"])
        wanted[d["key"]] = _earlier(wanted.get(d["key"]), at)
    if wanted:
        have = {x.key: x for x in s.scalars(select(SuggestionDismissal))}
        for key, at in wanted.items():
            if key in have:
                have[key].dismissed_at = _earlier(have[key].dismissed_at, at)
            else:
                s.add(SuggestionDismissal(key=key, dismissed_at=at))
    entries: dict[str, dict[str, Any]] = {}  # the same entry twice: the first one's text
    when: dict[str, datetime] = {}
    for e in data.get(FEED) or []:
        entries.setdefault(e["arxiv_id"], e)
        when[e["arxiv_id"]] = _earlier(when.get(e["arxiv_id"]), _stored(e["dismissed_at"]))
    if not entries:
        return
    from paperdesk.search.abstracts import content_hash
    from paperdesk.services.feed import embed_text  # what the feed embeds: its vector's key

    stored = {x.arxiv_id: x for x in s.scalars(select(FeedEntry))}
    for aid, e in entries.items():
        if aid in stored:
            stored[aid].dismissed_at = _earlier(stored[aid].dismissed_at, when[aid])
            continue
        values = {
            name: _stored(e[name]) if name in FEED_TIMES else e[name]
            for name in FEED_FIELDS
            if e.get(name) is not None  # a column's default (no text, no authors) otherwise
        }
        values["dismissed_at"] = when[aid]
        text = embed_text(e["title"], e.get("abstract"), aid)
        s.add(FeedEntry(**values, content_hash=content_hash(text)))
