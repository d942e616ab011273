"""Migration ``0005_stable_keys``: every paper's key becomes its citation key, once.

Before this migration the CLI named a paper by its arXiv id or a slug (``1706.03762``,
``radford2018gpt1``) while the BibTeX, CSL-JSON and vault exports computed another key on every
run (``vaswani2017attention``, ``radford2018improving``). The exported key is the one a user's
``\\cite``\\s use, so it becomes the paper's key; the old CLI key stays an alias (arXiv ids keep
resolving as arXiv ids). A paper with no author yet keeps what the exports gave it
(``arxiv170603762``, ``anon2017attention``), marked provisional: its first real metadata
replaces it once (:mod:`paperdesk.storage.keying`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, inspect, text

from paperdesk.errors import InvalidIdError
from paperdesk.ids import check_key, is_arxiv_id
from paperdesk.keys import KeyBasis, library_keys
from paperdesk.storage.models import KeyAlias


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def _valid(key: str) -> bool:
    try:
        check_key(key)
    except InvalidIdError:
        return False
    return True


@dataclass(frozen=True)
class StableKey:
    """What a paper named by its old key becomes: its stable key, whether that key is
    provisional, and the old key kept as an alias (None: nothing to keep)."""

    key: str
    provisional: bool
    alias: str | None


def stable_keys_of(papers: Sequence[Mapping[str, Any]]) -> dict[str, StableKey]:
    """Old key → :class:`StableKey` for a whole library of papers named by their old keys
    (each with ``key``, ``arxiv_id``, ``title``, ``authors``, ``year``, ``added_at``): the key
    its exports gave it (unless that is no valid key), as this migration and the restore of an
    old backup (:mod:`paperdesk.export.backup_keys`) give it. An arXiv id needs no alias (it
    keeps resolving as one), nor does an old key that is now another paper's key."""
    exported = library_keys(papers)
    new = {p["key"]: exported[p["key"]] if _valid(exported[p["key"]]) else p["key"] for p in papers}
    new_keys = {k.lower() for k in new.values()}
    out: dict[str, StableKey] = {}
    for p in papers:
        old, key = p["key"], new[p["key"]]
        keep = old != key and not is_arxiv_id(old) and old.lower() not in new_keys
        out[old] = StableKey(key, KeyBasis.of(p).provisional, old if keep else None)
    return out


DONE = "keys:stable"  # meta row: the keys were rewritten (never twice: a later hand-set key stays)


def stable_keys(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("papers")}
    if "key_provisional" not in columns:
        false = "0" if conn.dialect.name == "sqlite" else "FALSE"
        conn.execute(
            text(f"ALTER TABLE papers ADD COLUMN key_provisional BOOLEAN NOT NULL DEFAULT {false}")
        )
    KeyAlias.__table__.create(conn, checkfirst=True)
    if conn.execute(text("SELECT 1 FROM meta WHERE key = :k"), {"k": DONE}).first():
        return
    conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, '1')"), {"k": DONE})
    rows = conn.execute(
        text("SELECT id, key, arxiv_id, title, authors, year, added_at FROM papers")
    ).all()
    papers = [
        {
            "id": r.id,
            "key": r.key,
            "arxiv_id": r.arxiv_id,
            "title": r.title,
            "authors": _authors(r.authors),
            "year": r.year,
            "added_at": str(r.added_at or ""),
        }
        for r in rows
    ]
    plan = stable_keys_of(papers)
    moved = [p for p in papers if plan[p["key"]].key != p["key"]]
    for p in moved:  # two steps, so that keys may trade places under the unique index
        conn.execute(
            text("UPDATE papers SET key = :k WHERE id = :i"),
            {"k": f"~0005~{p['id']}", "i": p["id"]},
        )
    for p in papers:
        stable = plan[p["key"]]
        conn.execute(
            text("UPDATE papers SET key = :k, key_provisional = :v WHERE id = :i"),
            {"k": stable.key, "v": stable.provisional, "i": p["id"]},
        )
        if stable.alias is not None:
            conn.execute(
                text("INSERT INTO paper_key_aliases (alias, paper_id) VALUES (:a, :i)"),
                {"a": stable.alias, "i": p["id"]},
            )
