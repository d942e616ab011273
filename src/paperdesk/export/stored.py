"""Stored values made readable for the exports: what the database holds is not always what the
schema means, when it was written before the checks at the door (:mod:`paperdesk.validate`) or
by hand. Every export reads the library through :func:`paperdesk.export.backup.dump`, which
passes each paper through :func:`readable`: a nested author list is flattened, a non-list
becomes a list, a non-object ``environment_kv`` or ``metadata_sources`` an empty object, a title
that is not text becomes text. Values of the right type pass unchanged (so a backup of a sound
library is still exact)."""

from __future__ import annotations

import hashlib
import re
from typing import Any


def texts(value: Any) -> list[str]:
    """A flat list of the texts in ``value`` (nested lists flattened, other values dropped)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if not isinstance(value, list | tuple):
        return []
    if all(isinstance(v, str) for v in value):
        return list(value)
    out: list[str] = []
    stack = list(reversed(value))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, list | tuple):
            stack.extend(reversed(item))
    return out


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def readable(paper: dict[str, Any]) -> dict[str, Any]:
    """``paper`` (a dumped paper) with every field of the type the exporters expect."""
    for name in ("authors", "categories"):
        if name in paper and not _flat_texts(paper[name]):
            paper[name] = texts(paper[name])
    if "metadata_sources" in paper and paper["metadata_sources"] is not None:
        paper["metadata_sources"] = _mapping(paper["metadata_sources"])
    if not isinstance(paper.get("title"), str):
        paper["title"] = "" if paper.get("title") is None else str(paper["title"])
    if paper.get("year") is not None and (
        isinstance(paper["year"], bool) or not isinstance(paper["year"], int)
    ):
        paper["year"] = None
    for attempt in paper.get("attempts") or []:
        if "environment_kv" in attempt:
            attempt["environment_kv"] = _mapping(attempt["environment_kv"])
    return paper


def _flat_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def list_stem(name: str) -> str:
    """A list's name as a file name: itself when it is a valid name (``[a-z0-9-]``), else a
    slug made unique by a hash, so that a stored ``a/b c`` can never name a path."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", name):
        return name
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "list"
    return f"{slug}-{hashlib.sha256(name.encode('utf-8', 'replace')).hexdigest()[:8]}"
