"""One-line summaries of service results for notifications and the detail pane (no Textual).
A batch report reads as :func:`paperdesk.reports.summary` says, as in the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.library import Library


def replication_summary(lib: Library, key: str) -> str:
    """A line like ``planned · claims met 1/2 · attempt 1`` from the replication service."""
    from paperdesk.services.replication import record

    rec = record(lib, key)
    claims = rec.get("claims") or []
    met = sum(1 for c in claims if c.get("verdict") == "within")
    parts = [str(rec.get("status") or "none")]
    if claims:
        parts.append(f"claims met {met}/{len(claims)}")
    if rec.get("attempt"):
        parts.append(f"attempt {rec['attempt']}")
    suggested = rec.get("suggested_status")
    if suggested and suggested != rec.get("status") and claims and met:
        parts.append(f"suggested: {suggested}")
    return " · ".join(parts)
