"""One-line summaries of service results for notifications and the detail pane (no Textual)."""

from __future__ import annotations

from collections import Counter
from typing import Any


def replication_summary(lib: Any, key: str) -> str:
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


def report_failures(report: Any) -> list[Any]:
    results = getattr(report, "results", None) or []
    return [r for r in results if getattr(r, "status", "") in ("failed", "error")]


def report_summary(verb: str, what: str, report: Any) -> str:
    """``Fetch list x: 3 fetched, 1 failed`` plus the first failures' reasons, from a fetch or
    parse report (``results`` with ``key``, ``status``, ``reason``)."""
    results = getattr(report, "results", None)
    if results is None:
        return f"{verb} {what}: done."
    if not results:
        return f"{verb} {what}: nothing to do."
    counts = Counter(getattr(r, "status", "?") for r in results)
    text = f"{verb} {what}: " + ", ".join(f"{n} {status}" for status, n in counts.items())
    for r in report_failures(report)[:3]:
        text += f"\n{getattr(r, 'key', '?')}: {getattr(r, 'reason', '')}"
    return text
