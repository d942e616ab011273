"""Keys in backups: a backup written before keys became citation keys (migration
``0005_stable_keys``) names papers by their old CLI keys (``1706.03762``, ``radford2018gpt1``).
Restoring it gives each paper the key its exports used, as the migration does for a library,
and keeps the old key as an alias."""

from __future__ import annotations

from typing import Any

from paperdesk.errors import ExportError
from paperdesk.storage.migrate_keys import stable_keys_of


def check_aliases(data: dict[str, Any], where: str) -> None:
    for i, p in enumerate(data.get("papers", [])):
        aliases = p.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise ExportError(f"{where}: papers[{i}] ({p['key']}).aliases: expected a list of keys")


def upgrade_keys(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (validated) with stable keys: unchanged when it was written with them (its
    papers carry ``key_provisional``), else every paper renamed to its exported key, with the
    references to it (cites, list entries) renamed too."""
    papers = data.get("papers", [])
    if not papers or any("key_provisional" in p for p in papers):
        return data
    plan = stable_keys_of(papers)
    out_papers = []
    for p in papers:
        stable = plan[p["key"]]
        aliases = list(p.get("aliases", []))
        if stable.alias is not None:
            aliases.append(stable.alias)
        out_papers.append(
            {
                **p,
                "key": stable.key,
                "key_provisional": stable.provisional,
                "aliases": sorted(aliases),
                "cites": [plan[c].key if c in plan else c for c in p.get("cites", [])],
            }
        )
    lists = [
        {**rl, "entries": [{**e, "paper": plan[e["paper"]].key} for e in rl.get("entries", [])]}
        for rl in data.get("lists", [])
    ]
    return {**data, "papers": out_papers, "lists": lists}
