"""The replication part of a paper's Markdown page: each attempt with its claims against its
results (gaps and verdicts), its runs and its log.

The record comes from :func:`paperdesk.services.replication.record` (the same view the CLI and
TUI show); when that cannot be had for a paper, it is computed from the backup snapshot with the
same pure rules (:mod:`paperdesk.replication`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paperdesk.presenter import fmt_num, fmt_signed


def cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.strip().splitlines())


def num(value: float | None, signed: bool = False) -> str:
    """A number as the CLI and the TUI print it (:mod:`paperdesk.presenter`)."""
    return fmt_signed(value) if signed else fmt_num(value)


def when(iso: str | None) -> str:
    """``2024-05-04T14:30:00.123`` → ``2024-05-04 14:30`` (UTC)."""
    return iso[:16].replace("T", " ") if iso else ""


def record_from_snapshot(p: Mapping[str, Any]) -> dict[str, Any]:
    """The record's shape from a :func:`paperdesk.export.backup.dump` paper."""
    from paperdesk import replication as domain

    attempts = [dict(a) for a in p.get("attempts") or []]
    base = p.get("claims") or []
    for a in attempts:  # every attempt against its own latest results
        got = domain.latest_results(a["runs"])
        a["claims"] = [domain.measure(c, got.get(c["label"])) for c in base]
    claims = attempts[-1]["claims"] if attempts else [domain.measure(c, None) for c in base]
    return {
        "paper": p["key"],
        "title": p["title"],
        "status": p["replication_state"],
        "suggested_status": domain.suggest_status(c["verdict"] for c in claims),
        "attempt": attempts[-1]["number"] if attempts else None,
        "attempts": attempts,
        "claims": claims,
    }


def _claims_table(claims: list[Mapping[str, Any]]) -> list[str]:
    lines = [
        "| Claim | Metric | Setting | Claimed | Obtained | Gap | Gap % | Verdict | Source |",
        "|---|---|---|---:|---:|---:|---:|---|---|",
    ]
    for c in claims:
        metric = c["metric"] + (f" ({c['unit']})" if c.get("unit") else "")
        metric += "" if c.get("higher_is_better", True) else " ↓"
        rel = c.get("gap_rel")
        lines.append(
            "| "
            + " | ".join(
                [
                    cell(c["label"]),
                    cell(metric),
                    cell(c.get("setting")),
                    num(c["value"]),
                    num(c.get("obtained")),
                    num(c.get("gap_abs"), signed=True),
                    (num(round(100 * rel, 2), signed=True) + "%") if rel is not None else "",
                    cell(c.get("verdict")),
                    cell(c.get("source")),
                ]
            )
            + " |"
        )
    return lines


def _attempt(a: Mapping[str, Any], current: bool = False) -> list[str]:
    lines = [f"### Attempt {a['number']} · {a['status']}" + (" (current)" if current else ""), ""]
    facts = [("Goal", a.get("goal")), ("Scope", a.get("scope"))]
    if a.get("repo_url"):
        code = a["repo_url"] + (f" @ `{a['repo_commit']}`" if a.get("repo_commit") else "")
        facts.append(("Code", code))
    env = a.get("environment") or ""
    if a.get("environment_kv"):
        kv = ", ".join(f"{k}={v}" for k, v in sorted(a["environment_kv"].items()))
        env = f"{env} ({kv})" if env else kv
    facts.append(("Environment", env))
    if a.get("compute_budget") is not None or a.get("compute_spent") is not None:
        spent = num(a.get("compute_spent")) or "0"
        budget = num(a.get("compute_budget")) or "?"
        facts.append(("Compute", f"{spent} of {budget} {a.get('compute_unit') or ''}".strip()))
    facts.append(("Started", when(a.get("created_at"))))
    for name, value in facts:
        if value:
            lines.append(f"- **{name}:** " + " ".join(str(value).split()))
    if a.get("claims"):
        lines += ["", "#### Claims vs results", "", *_claims_table(a["claims"])]
    runs = a.get("runs") or []
    if runs:
        lines += [
            "",
            "#### Runs",
            "",
            "| Ran (UTC) | Command | Commit | Results | Notes |",
            "|---|---|---|---|---|",
        ]
        for r in runs:
            results = ", ".join(f"{k} = {num(v)}" for k, v in sorted(r["results"].items()))
            command = r.get("command") or ""
            command = f"`{command}`" if command and "`" not in command else command
            lines.append(
                "| "
                + " | ".join(
                    [
                        when(r.get("ran_at")),
                        cell(command).replace("\\\\", "\\"),
                        cell(r.get("commit")),
                        cell(results),
                        cell(r.get("notes")),
                    ]
                )
                + " |"
            )
    log = a.get("log") or []
    if log:
        lines += ["", "#### Log", ""]
        for entry in log:
            text = entry["text"].rstrip().splitlines() or [""]
            lines.append(f"- {when(entry['at'])} — {text[0]}")
            lines += [f"  {line}" if line.strip() else "" for line in text[1:]]
    lines.append("")
    return lines


def replication_section(rec: Mapping[str, Any]) -> list[str]:
    """``## Replication``: the attempts, latest first, each with its own claims vs results
    (so the gaps of attempt 1 stay on the page after attempt 2 starts), facts, runs and log."""
    status = f"**Status:** {rec.get('status')}"
    if rec.get("suggested_status") and rec["suggested_status"] != rec.get("status"):
        status += f" (the results suggest: {rec['suggested_status']})"
    lines = ["## Replication", "", status, ""]
    claims = rec.get("claims") or []
    attempts = rec.get("attempts") or []
    if claims and not attempts:
        lines += ["### Claims", "", *_claims_table(claims), ""]
    for a in reversed(attempts):
        lines += _attempt(a, current=a is attempts[-1])
    return lines
