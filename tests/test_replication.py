"""The pure rules: signed gaps, tolerances, verdicts, the suggested status, input parsing."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperdesk import replication as r
from paperdesk.errors import PaperdeskError, StateError


def test_gap_is_negative_when_worse_for_both_directions() -> None:
    assert r.gap(28.4, 27.9, higher_is_better=True) == r.Gap(-0.5, pytest.approx(-0.5 / 28.4))
    assert r.gap(28.4, 28.7).absolute == 0.3  # no binary noise: 28.7 - 28.4
    # perplexity: lower is better, so a higher result is worse
    g = r.gap(4.33, 4.6, higher_is_better=False)
    assert g.absolute == pytest.approx(-0.27)
    assert g.relative == pytest.approx(-0.27 / 4.33)
    assert r.gap(4.33, 4.0, higher_is_better=False).absolute == pytest.approx(0.33)


def test_relative_gap_undefined_for_a_zero_claim() -> None:
    assert r.gap(0.0, 0.5).relative is None


def test_relative_gap_uses_the_size_of_a_negative_claim() -> None:
    # a log-likelihood of -2.0 claimed, -2.5 obtained: worse by 25%
    assert r.gap(-2.0, -2.5).relative == pytest.approx(-0.25)


@given(
    claimed=st.floats(-1e6, 1e6, allow_nan=False),
    obtained=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_gap_sign_follows_better_or_worse(claimed: float, obtained: float) -> None:
    up = r.gap(claimed, obtained, True).absolute
    down = r.gap(claimed, obtained, False).absolute
    assert up == pytest.approx(-down, abs=1e-9)
    if obtained > claimed + 1e-6:
        assert up > 0 and down < 0


@pytest.mark.parametrize(
    ("value", "precision"),
    [(28.4, 0.05), (3.57, 0.005), (80.5, 0.05), (100.0, 0.5), (93.2, 0.05), (1e-3, 0.0005)],
)
def test_reported_precision(value: float, precision: float) -> None:
    assert r.reported_precision(value) == pytest.approx(precision)


def test_default_tolerance_is_one_percent_or_the_printed_precision() -> None:
    assert r.default_tolerance(28.4) == pytest.approx(0.284)
    assert r.default_tolerance(3.57) == pytest.approx(0.0357)
    assert r.default_tolerance(0.2) == pytest.approx(0.05)  # precision beats 1% of 0.2
    assert r.effective_tolerance(28.4, 0.5) == 0.5
    assert r.effective_tolerance(28.4, 0.0) == 0.0


@pytest.mark.parametrize(
    ("claimed", "obtained", "higher", "tol", "expected"),
    [
        (28.4, None, True, None, "unmeasured"),
        (28.4, 28.4, True, 0.0, "within"),
        (28.4, 35.0, True, 0.0, "within"),  # beating the paper counts as reproduced
        (28.4, 28.2, True, None, "within"),  # default 0.284
        (28.4, 28.1, True, None, "outside"),
        (28.4, 27.9, True, 0.5, "within"),  # exactly at the edge
        (28.4, 27.8, True, 0.5, "outside"),
        (3.57, 3.6, False, None, "within"),  # top-5 error: default 0.0357
        (3.57, 3.7, False, None, "outside"),
        (4.33, 4.0, False, 0.0, "within"),
    ],
)
def test_verdict(
    claimed: float, obtained: float | None, higher: bool, tol: float | None, expected: str
) -> None:
    assert r.verdict(claimed, obtained, higher, tol) == expected


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["within", "within"], "reproduced"),
        (["within", "outside"], "partial"),
        (["within", "unmeasured"], "partial"),
        (["outside", "unmeasured"], None),
        (["unmeasured"], None),
        ([], None),
    ],
)
def test_suggest_status(verdicts: list[str], expected: str | None) -> None:
    assert r.suggest_status(verdicts) == expected


def test_parse_number_accepts_numbers_and_rejects_the_rest() -> None:
    assert r.parse_number(" 28.4 ") == 28.4
    assert r.parse_number("93.2%") == 93.2
    assert r.parse_number("\u22121.5") == -1.5  # a typographic minus pasted from a PDF
    assert r.parse_number(3) == 3.0
    for bad in ("abc", "", "nan", "inf", math.inf, True):
        with pytest.raises(StateError) as exc:
            r.parse_number(bad, "result for bleu")  # type: ignore[arg-type]
        assert "result for bleu" in str(exc.value)


def test_parse_tolerance() -> None:
    assert r.parse_tolerance(None) is None
    assert r.parse_tolerance("  ") is None
    assert r.parse_tolerance("0.5") == 0.5
    with pytest.raises(StateError, match="0 or more, not '-1'"):
        r.parse_tolerance("-1")


def test_parse_assignment() -> None:
    assert r.parse_assignment("bleu-en-de = 27.9") == ("bleu-en-de", "27.9")
    for bad in ("bleu", "=3", "bleu="):
        with pytest.raises(PaperdeskError, match="LABEL=VALUE"):
            r.parse_assignment(bad)


def test_claim_label_matches_the_seeded_rule() -> None:
    assert r.claim_label("BLEU", "WMT14 en-de") == "bleu-wmt14-en-de"
    assert r.claim_label("top-5 error") == "top-5-error"
    assert r.claim_label("%%") == "claim"
