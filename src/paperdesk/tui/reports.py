"""One-line summaries of service results for notifications and the detail pane (no Textual).
A batch report reads as :func:`paperdesk.reports.summary` says, as in the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.library import Library


def replication_summary(lib: Library, key: str) -> str:
    """A line like ``planned · claims met 1/2 · attempt 1`` from the replication service; in a
    library with several members the attempt says who made it (``attempt 2 by ana``)."""
    from paperdesk.services.replication import record

    rec = record(lib, key)
    claims = rec.get("claims") or []
    met = sum(1 for c in claims if c.get("verdict") == "within")
    parts = [str(rec.get("status") or "none")]
    if claims:
        parts.append(f"claims met {met}/{len(claims)}")
    if rec.get("attempt"):
        current = (rec.get("attempts") or [{}])[-1]
        by = f" by {current['by']}" if rec.get("shared") and current.get("by") else ""
        parts.append(f"attempt {rec['attempt']}{by}")
    suggested = rec.get("suggested_status")
    if suggested and suggested != rec.get("status") and claims and met:
        parts.append(f"suggested: {suggested}")
    return " · ".join(parts)
