"""One member's view of a backup snapshot: what the Markdown vault, the progress page and the
BibTeX / CSL-JSON exports show.

:func:`paperdesk.export.backup.dump` holds every member's rows (version 2, see
:mod:`paperdesk.export.backup_format`); :func:`for_member` gives each paper the single reader's
fields the exporters read: ``reading_state``, ``note`` (an object or None) and ``tags`` (names)
of that member, the history of their reading state and every replication change, their
reading time; and ``plans`` their plans. The snapshot itself is not changed.
"""

from __future__ import annotations

from typing import Any


def for_member(data: dict[str, Any], member: str) -> dict[str, Any]:
    """``data`` as ``member`` sees it (a name with no rows yet: every paper unread, no notes,
    tags or plans)."""

    def mine(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [r for r in rows or [] if r.get("member") == member]

    papers = []
    for p in data["papers"]:
        reading = mine(p.get("readings"))
        note = mine(p.get("notes"))
        papers.append(
            {
                **p,
                "reading_state": reading[0]["state"] if reading else "unread",
                "note": None
                if not note
                else {k: v for k, v in note[0].items() if k in ("body", "revision", "updated_at")},
                "tags": sorted(t["tag"] for t in mine(p.get("tags"))),
                "history": [
                    h
                    for h in p.get("history") or []
                    if h.get("track") != "reading" or h.get("member") == member
                ],
                "reading_time": mine(p.get("reading_time")),
            }
        )
    return {**data, "member": member, "papers": papers, "plans": mine(data.get("plans"))}
