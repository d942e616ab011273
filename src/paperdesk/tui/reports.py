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
    claims = rec["claims"]
    met = sum(1 for c in claims if c["verdict"] == "within")
    parts = [rec["status"] or "none"]
    if claims:
        parts.append(f"claims met {met}/{len(claims)}")
    if rec["attempt"] and rec["attempts"]:
        current = rec["attempts"][-1]
        by = f" by {current['by']}" if rec["shared"] and current["by"] else ""
        parts.append(f"attempt {rec['attempt']}{by}")
    suggested = rec["suggested_status"]
    if suggested and suggested != rec["status"] and claims and met:
        parts.append(f"suggested: {suggested}")
    return " · ".join(parts)
