"""Keys in backups: a backup written before keys became citation keys (migration
``0005_stable_keys``) names papers by their old CLI keys (``1706.03762``, ``radford2018gpt1``).
Restoring it gives each paper the key its exports used, as the migration does for a library,
and keeps the old key as an alias."""

from __future__ import annotations

from typing import Any

from paperdesk.errors import ExportError, InvalidIdError
from paperdesk.ids import check_key, is_arxiv_id
from paperdesk.keys import KeyBasis, library_keys


def check_aliases(data: dict[str, Any], where: str) -> None:
    for i, p in enumerate(data.get("papers", [])):
        aliases = p.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise ExportError(f"{where}: papers[{i}] ({p['key']}).aliases: expected a list of keys")


def _valid(key: str) -> bool:
    try:
        check_key(key)
    except InvalidIdError:
        return False
    return True


def upgrade_keys(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (validated) with stable keys: unchanged when it was written with them (its
    papers carry ``key_provisional``), else every paper renamed to its exported key, with the
    references to it (cites, list entries) renamed too."""
    papers = data.get("papers", [])
    if not papers or any("key_provisional" in p for p in papers):
        return data
    exported = library_keys(papers)
    rename = {
        p["key"]: exported[p["key"]] if _valid(exported[p["key"]]) else p["key"] for p in papers
    }
    new_keys = {k.lower() for k in rename.values()}
    out_papers = []
    for p in papers:
        old, new = p["key"], rename[p["key"]]
        aliases = list(p.get("aliases", []))
        if old != new and not is_arxiv_id(old) and old.lower() not in new_keys:
            aliases.append(old)
        out_papers.append(
            {
                **p,
                "key": new,
                "key_provisional": KeyBasis.of(p).provisional,
                "aliases": sorted(aliases),
                "cites": [rename.get(c, c) for c in p.get("cites", [])],
            }
        )
    lists = [
        {**rl, "entries": [{**e, "paper": rename[e["paper"]]} for e in rl.get("entries", [])]}
        for rl in data.get("lists", [])
    ]
    return {**data, "papers": out_papers, "lists": lists}
