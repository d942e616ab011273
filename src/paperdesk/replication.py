"""Claimed vs obtained: the gap, the verdict and the suggested status. Pure, no I/O.

Sign convention: a gap is ``obtained - claimed`` for higher-is-better metrics and
``claimed - obtained`` for lower-is-better ones, so a negative gap always means "worse than the
paper" and a positive one "better", whatever the metric.

Tolerance is absolute, in the claim's own unit, and one-sided: a result is *within* when it is
no worse than the claim by more than the tolerance (a result that beats the claim is within).
A claim without a tolerance gets :func:`default_tolerance`: 1% of the claimed value, but never
less than the precision the paper printed the number with (half a unit in its last digit).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from paperdesk.errors import StateError

if TYPE_CHECKING:
    from paperdesk.replication_views import ClaimView, RunView

WITHIN = "within"
OUTSIDE = "outside"
UNMEASURED = "unmeasured"
VERDICTS: tuple[str, ...] = (WITHIN, OUTSIDE, UNMEASURED)

DEFAULT_RELATIVE_TOLERANCE = 0.01
"""Without a tolerance, a result may fall short of the claim by 1% of the claimed value."""


@dataclass(frozen=True)
class Gap:
    """How far a result is from its claim; ``relative`` is None when the claim is 0."""

    absolute: float
    relative: float | None


def gap(claimed: float, obtained: float, higher_is_better: bool = True) -> Gap:
    """The signed gap: negative means worse than the claim, for either direction of metric."""
    diff = obtained - claimed if higher_is_better else claimed - obtained
    rel = diff / abs(claimed) if claimed != 0 else None
    return Gap(_tidy(diff), _tidy(rel) if rel is not None else None)


def _tidy(x: float) -> float:
    """Round away binary noise (28.7 - 28.4 = 0.2999999...) so gaps print and compare sanely."""
    return round(x, 10) + 0.0


def reported_precision(value: float) -> float:
    """Half a unit in the last digit the value was written with: 28.4 -> 0.05, 3.57 -> 0.005."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return 0.0
    return 0.5 * 10.0 ** min(exponent, 0)


def default_tolerance(claimed: float) -> float:
    """The tolerance used when a claim has none (see the module docstring)."""
    return max(DEFAULT_RELATIVE_TOLERANCE * abs(claimed), reported_precision(claimed))


def effective_tolerance(claimed: float, tolerance: float | None) -> float:
    return default_tolerance(claimed) if tolerance is None else tolerance


def verdict(
    claimed: float,
    obtained: float | None,
    higher_is_better: bool = True,
    tolerance: float | None = None,
) -> str:
    """``within``, ``outside`` or ``unmeasured`` (no result yet)."""
    if obtained is None:
        return UNMEASURED
    g = gap(claimed, obtained, higher_is_better).absolute
    # a hair of slack so that a result exactly at the tolerance edge counts as within
    return WITHIN if g >= -effective_tolerance(claimed, tolerance) - 1e-9 else OUTSIDE


def suggest_status(verdicts: Iterable[str]) -> str | None:
    """All claims within → ``reproduced``; some within → ``partial``; otherwise no suggestion.

    Failure is left to the user: a result outside the tolerance may just need more training.
    """
    vs = list(verdicts)
    within = sum(v == WITHIN for v in vs)
    if vs and within == len(vs):
        return "reproduced"
    if within:
        return "partial"
    return None


def parse_number(text: str | float | int, what: str = "value") -> float:
    """A finite number from user input, or :class:`StateError` naming the bad text."""
    if isinstance(text, bool):
        raise StateError(f"{what} must be a number, not {text!r}")
    if isinstance(text, int | float):
        number = float(text)
    else:
        cleaned = text.strip().replace("\u2212", "-").rstrip("%").strip()
        try:
            number = float(cleaned)
        except ValueError:
            raise StateError(f"{what} must be a number, not {text!r}") from None
    if not math.isfinite(number):
        raise StateError(f"{what} must be a finite number, not {text!r}")
    return number


def parse_tolerance(text: str | float | int | None) -> float | None:
    """A tolerance ≥ 0, or None for "use the default"."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    tol = parse_number(text, "tolerance")
    if tol < 0:
        raise StateError(f"tolerance must be 0 or more, not {text!r}")
    return tol


def parse_assignment(text: str, what: str = "result") -> tuple[str, str]:
    """``"LABEL=VALUE"`` → ``(label, value)``; the value is left as text for the caller."""
    label, sep, value = text.partition("=")
    if not sep or not label.strip() or not value.strip():
        raise StateError(f"{what} {text!r} must look like LABEL=VALUE (e.g. bleu-en-de=27.9)")
    return label.strip(), value.strip()


def claim_label(metric: str, setting: str | None = None) -> str:
    """The label a claim gets when none is given (the same rule as the seeded lists)."""
    return re.sub(r"[^a-z0-9]+", "-", f"{metric} {setting or ''}".lower()).strip("-") or "claim"


# --- results of an attempt, and which claim a result names -----------------------------------


def latest_results(runs: Iterable[RunView]) -> dict[str, float]:
    """Each claim's latest result among ``runs`` (oldest first, as records list them)."""
    got: dict[str, float] = {}
    for run in runs:
        got.update(run["results"])
    return got


def best_results(runs: Iterable[RunView], claims: Iterable[ClaimView]) -> dict[str, float]:
    """Each claim's best result among ``runs``: the highest, or the lowest for a
    lower-is-better metric."""
    higher = {c["label"]: c["higher_is_better"] for c in claims}
    best: dict[str, float] = {}
    for run in runs:
        for label, value in run["results"].items():
            if label not in higher:
                continue
            old = best.get(label)
            better = old is None or (value > old if higher[label] else value < old)
            if better:
                best[label] = value
    return best


def measure(claim: ClaimView, value: float | None) -> ClaimView:
    """``claim`` (a claim view) against ``value`` instead of its own result: the same gap and
    verdict rules as everywhere."""
    g = gap(claim["value"], value, claim["higher_is_better"]) if value is not None else None
    return {
        **claim,
        "tolerance_used": effective_tolerance(claim["value"], claim.get("tolerance")),
        "obtained": value,
        "gap_abs": g.absolute if g else None,
        "gap_rel": g.relative if g else None,
        "verdict": verdict(
            claim["value"], value, claim["higher_is_better"], claim.get("tolerance")
        ),
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def claim_for(name: str, claims: Iterable[Mapping[str, Any]]) -> str | None:
    """The label of the claim ``name`` means, or None: a label (any case, ``_`` or ``-``);
    else a metric name that only one claim has (``perplexity`` for the only perplexity
    claim ``perplexity-wikitext-103``). A dotted key from a results file (``eval.bleu``) is
    tried whole, then by its last part. Two claims with that metric: :class:`StateError`
    naming them."""
    claims = list(claims)
    by_label = {_slug(c["label"]): c["label"] for c in claims}
    parts = [name, name.rsplit(".", 1)[-1]] if "." in name else [name]
    for part in parts:
        if (label := by_label.get(_slug(part))) is not None:
            return label
    for part in parts:
        same = [c["label"] for c in claims if _slug(c["metric"]) == _slug(part)]
        if len(same) == 1:
            return same[0]
        if len(same) > 1:
            raise StateError(
                f"{name!r} is the metric of {len(same)} claims ({', '.join(same)}): "
                "name the claim by its label"
            )
    return None
