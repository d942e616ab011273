"""Results from the files a training or evaluation run writes, and attempts side by side.

A results file is a JSON object (nested objects flattened to ``a.b`` keys; numbers only, other
values are ignored) or a CSV with a header (the last row, or the one ``row`` names). Its keys
are matched to claims by :func:`paperdesk.replication.claim_for` (label, then a metric only one
claim has), after the user's own ``KEY=LABEL`` map. A file that matches no claim is refused
with the keys it has and the claims there are, so nothing half-recorded is left behind.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk import replication as domain
from paperdesk.errors import NotFoundError, StateError
from paperdesk.fsutil import read_text_file
from paperdesk.library import Library
from paperdesk.replication_views import (
    ClaimView,
    CompareAttempt,
    CompareCell,
    CompareClaim,
    Comparison,
)
from paperdesk.services.replication import record

MAX_BYTES = 50 * 1024 * 1024


@dataclass
class FileResults:
    """What a results file gave: ``results`` by claim label, which key each came from, and
    the numeric keys that match no claim."""

    path: Path
    results: dict[str, float] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # claim label -> key in the file
    unmatched: list[str] = field(default_factory=list)


def _flatten(value: Any, prefix: str, out: dict[str, float]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float):
        if math.isfinite(value):
            out[prefix] = float(value)
    elif isinstance(value, str):
        try:
            number = domain.parse_number(value)
        except StateError:
            return
        out[prefix] = number


def read_metrics(path: Path, row: int | None = None) -> dict[str, float]:
    """The numeric values of a results file, by key (see the module docstring). ``row`` is
    1-based over the CSV's data rows; negative counts from the end (-1 is the last)."""
    text = read_text_file(
        path, "results file", max_bytes=MAX_BYTES, error=StateError, missing=NotFoundError
    )
    kind = _kind(path, text)
    out: dict[str, float] = {}
    if kind == "json":
        if row is not None:
            raise StateError("--row is for CSV files; a JSON results file is one object")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StateError(
                f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
            ) from None
        if not isinstance(data, dict):
            raise StateError(f"{path}: the JSON must be an object of metrics, not a {_what(data)}")
        _flatten(data, "", out)
        return out
    rows = [r for r in csv.reader(text.splitlines()) if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        raise StateError(f"{path}: a CSV results file needs a header line and a row of values")
    header, data_rows = rows[0], rows[1:]
    n = len(data_rows)
    index = n - 1 if row is None else (row - 1 if row > 0 else n + row)
    if row == 0 or not 0 <= index < n:
        raise StateError(f"{path}: no row {row} (the file has {n} rows of values)")
    for name, cell in zip(header, data_rows[index], strict=False):
        _flatten(cell, name.strip(), out)
    return out


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix[1:]
    return "json" if text.lstrip()[:1] in ("{", "[") else "csv"


def _what(data: Any) -> str:
    names: dict[type, str] = {list: "list", str: "string"}
    return names.get(type(data), type(data).__name__)


def match_file(
    claims: list[ClaimView],
    path: Path,
    mapping: dict[str, str] | None = None,
    row: int | None = None,
) -> FileResults:
    """The file's values for the paper's ``claims``; ``mapping`` (file key → claim label)
    comes first and must name keys the file has and claims the paper has."""
    metrics = read_metrics(path, row)
    found = FileResults(path)
    labels = {c["label"] for c in claims}
    for key, named in (mapping or {}).items():
        if key not in metrics:
            keys = ", ".join(metrics) or "(none)"
            raise StateError(
                f"--map {key}={named}: {path.name} has no numeric key {key!r}; keys: {keys}"
            )
        if named not in labels:
            raise NotFoundError(
                f"--map {key}={named}: no claim {named!r}; claims: "
                f"{', '.join(sorted(labels)) or '(none yet)'}"
            )
    mapped = set((mapping or {}).values())
    for key, value in metrics.items():
        label = (mapping or {}).get(key)
        if label is None:
            label = domain.claim_for(key, claims)
            if label in mapped:  # the user said which key is for this claim
                label = None
        if label is None:
            found.unmatched.append(key)
            continue
        if label in found.keys and found.keys[label] != key:
            raise StateError(
                f"{path.name}: both {found.keys[label]!r} and {key!r} match claim {label!r}; "
                f"say which with --map {key}={label} (or --map for the other)"
            )
        found.results[label], found.keys[label] = value, key
    if not found.results:
        raise StateError(
            f"no key of {path.name} matches a claim; keys: {', '.join(metrics) or '(none)'}; "
            f"claims: {', '.join(c['label'] for c in claims) or '(none yet)'}; "
            "map one with --map KEY=LABEL"
        )
    return found


# ---------------------------------------------------------------------------- comparing


def compare(lib: Library, ref: str) -> Comparison:
    """Every attempt side by side: for each claim, each attempt's best result (over its runs),
    the gap and the verdict, and how many claims each attempt met; ``by`` names the member
    who made each attempt and entered each claim."""
    rec = record(lib, ref)
    attempts = rec["attempts"]
    claims = rec["claims"]
    rows: list[CompareClaim] = []
    best = {a["number"]: domain.best_results(a["runs"], claims) for a in attempts}
    for c in claims:
        per: list[CompareCell] = []
        for a in attempts:
            m = domain.measure(c, best[a["number"]].get(c["label"]))
            per.append(
                {
                    "attempt": a["number"],
                    "best": m["obtained"],
                    "gap_abs": m["gap_abs"],
                    "gap_rel": m["gap_rel"],
                    "verdict": m["verdict"],
                }
            )
        rows.append(
            {
                "label": c["label"],
                "by": c["by"],
                "metric": c["metric"],
                "setting": c["setting"],
                "value": c["value"],
                "unit": c["unit"],
                "higher_is_better": c["higher_is_better"],
                "attempts": per,
            }
        )
    summary: list[CompareAttempt] = [
        {
            "number": a["number"],
            "by": a["by"],
            "status": a["status"],
            "runs": len(a["runs"]),
            "met": sum(r["attempts"][i]["verdict"] == domain.WITHIN for r in rows),
            "measured": sum(r["attempts"][i]["best"] is not None for r in rows),
        }
        for i, a in enumerate(attempts)
    ]
    return {
        "paper": rec["paper"],
        "title": rec["title"],
        "shared": rec["shared"],
        "attempts": summary,
        "claims": rows,
    }
