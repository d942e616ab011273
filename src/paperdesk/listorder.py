"""The order of the reading lists: one roadmap, foundations first, the user's lists after.

The seeded order lives in ``reading_lists/_roadmap.yaml`` (a file, so that the lists and their
order are edited together); :func:`apply_roadmap` copies it into ``reading_lists.position``
whenever that file changes. Once the user moves a list (:func:`move_list`) every list gets an
explicit place and the meta flag ``lists:order`` = ``user`` keeps a later roadmap from
overriding it. Lists without a place follow the placed ones in the order they were created.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import ReadingListError, StateError
from paperdesk.readinglists import NAME_RE, seed_dir

if TYPE_CHECKING:  # the fast read path imports this module for roadmap_path() alone
    from sqlalchemy.orm import Session

    from paperdesk.storage.models import Meta, ReadingList

ROADMAP_FILE = "_roadmap.yaml"
ROADMAP_META = f"seed:{ROADMAP_FILE}"  # a seed marker: cleared and restored with the others
ORDER_META = "lists:order"  # "user" once the user has reordered the lists


@dataclass(frozen=True)
class Roadmap:
    title: str
    lists: tuple[str, ...]
    path: Path


def roadmap_path() -> Path:
    return seed_dir() / ROADMAP_FILE


def roadmap_digest(path: Path | None = None) -> str | None:
    """The SHA-256 of the roadmap file, or None when there is none."""
    path = path or roadmap_path()
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load_roadmap(path: Path | None = None) -> Roadmap:
    """Read ``_roadmap.yaml``: ``title`` and ``lists`` (list names, first first)."""
    import yaml

    path = path or roadmap_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Roadmap(title="", lists=(), path=path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ReadingListError(f"{path}:{line}: not valid YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("lists"), list):
        raise ReadingListError(f"{path}:1: the roadmap needs 'lists': a list of list names")
    names: list[str] = []
    for name in data["lists"]:
        if not isinstance(name, str) or not NAME_RE.fullmatch(name):
            raise ReadingListError(f"{path}: {name!r} in 'lists' is not a list name")
        if name in names:
            raise ReadingListError(f"{path}: {name!r} appears twice in 'lists'")
        names.append(name)
    return Roadmap(title=str(data.get("title") or ""), lists=tuple(names), path=path)


def _meta(s: Session, key: str) -> Meta | None:
    from paperdesk.storage.models import Meta

    return s.get(Meta, key)


def _set_meta(s: Session, key: str, value: str) -> None:
    from paperdesk.storage.models import Meta

    row = s.get(Meta, key)
    if row is None:
        s.add(Meta(key=key, value=value))
    else:
        row.value = value


def ordered_lists(s: Session) -> list[ReadingList]:
    """Every list in roadmap order (placed ones by position, then the rest by creation)."""
    from sqlalchemy import select

    from paperdesk.storage.models import ReadingList

    rows = list(s.scalars(select(ReadingList)))
    return sorted(rows, key=lambda r: (r.position is None, r.position or 0, r.id))


def apply_roadmap(s: Session) -> bool:
    """Give the seeded lists their roadmap places when the roadmap file changed (or a list has
    none yet). The user's own order, once set, is kept; a list new to it goes last. Returns
    whether anything changed."""
    digest = roadmap_digest()
    if digest is None:
        return False
    marker = _meta(s, ROADMAP_META)
    lists = ordered_lists(s)
    custom = (m := _meta(s, ORDER_META)) is not None and m.value == "user"
    unplaced = [r for r in lists if r.position is None and (custom or r.source == "seed")]
    if marker is not None and marker.value == digest and not unplaced:
        return False
    if custom:
        last = max((r.position or 0 for r in lists), default=0)
        for r in unplaced:
            last += 1
            r.position = last
    else:
        rank = {name: i for i, name in enumerate(load_roadmap().lists)}
        placed = sorted((r for r in lists if r.name in rank), key=lambda r: rank[r.name]) + [
            r for r in lists if r.name not in rank and r.source == "seed"
        ]
        for i, r in enumerate(placed, start=1):
            r.position = i
        # user lists keep no place: they follow the roadmap in the order they were made
        for r in lists:
            if r not in placed:
                r.position = None
    _set_meta(s, ROADMAP_META, digest)
    s.flush()
    return True


def move_list(s: Session, name: str, position: int) -> list[ReadingList]:
    """Put list ``name`` at ``position`` (1 = first; past the end = last) and number every
    list from 1, so that the order is the user's from now on. Returns the new order."""
    lists = ordered_lists(s)
    target = next((r for r in lists if r.name == name), None)
    if target is None:
        from paperdesk.closest import unknown_list

        raise unknown_list(name, (r.name for r in lists))
    if position < 1:
        raise StateError(f"position must be 1 or more, not {position}")
    lists.remove(target)
    lists.insert(min(position, len(lists) + 1) - 1, target)
    for i, r in enumerate(lists, start=1):
        r.position = i
    _set_meta(s, ORDER_META, "user")
    s.flush()
    return lists


def reset_order(s: Session) -> list[ReadingList]:
    """Back to the roadmap's order (user lists after it)."""
    row = _meta(s, ORDER_META)
    if row is not None:
        s.delete(row)
    marker = _meta(s, ROADMAP_META)
    if marker is not None:
        s.delete(marker)
    s.flush()
    apply_roadmap(s)
    return ordered_lists(s)
