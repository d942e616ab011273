"""validate.py: what an import may write, and the messages when it may not."""

from __future__ import annotations

import pytest

from paperdesk.validate import InvalidValue, number, text, text_list


def test_a_line_break_inside_a_name_becomes_a_space() -> None:
    assert text_list(["Noam\nShazeer", "Ashish\r\n\tVaswani", " Niki  Parmar "], "authors") == [
        "Noam Shazeer",
        "Ashish Vaswani",
        "Niki Parmar",
    ]


def test_one_line_text_drops_escapes_but_keeps_the_words_apart() -> None:
    assert text("Attention\x1b]0;pwn\x07 is\nall", "title", lines=False) == "Attention]0;pwn is all"


def test_text_with_lines_keeps_its_line_breaks() -> None:
    assert text("first\nsecond\x1b[2J", "note") == "first\nsecond[2J"


@pytest.mark.parametrize("typed", ["1e999", "-1e999", " 1E400 "])
def test_an_overflowing_number_is_quoted_as_typed(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        number(typed, "value")
    assert str(caught.value) == f"'value' must be a finite number, got {typed!r}"


@pytest.mark.parametrize("typed", ["inf", ".nan", "NaN"])
def test_infinite_and_nan_spellings_are_refused(typed: str) -> None:
    with pytest.raises(InvalidValue, match=f"finite number, got {typed!r}"):
        number(typed, "value")


def test_a_big_integer_that_overflows_float_is_refused() -> None:
    with pytest.raises(InvalidValue, match="finite number, got 1000"):
        number(10**400, "value")


def test_finite_numbers_pass() -> None:
    assert number("0.25", "value") == 0.25
    assert number(3, "value") == 3.0
