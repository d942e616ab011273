"""Values at the door: each check names the field and what was wrong; limits come from the
ORM's columns, so SQLite refuses what PostgreSQL would."""

from __future__ import annotations

import pytest

from paperdesk.storage.models import Paper
from paperdesk.validate import (
    InvalidValue,
    field,
    fit,
    integer,
    length,
    mapping,
    number,
    text,
    text_list,
)


def test_text_is_cleaned_and_empty_is_none() -> None:
    assert text("  Attention\x1b[2J Is All\u202e You Need \n", "title") == (
        "Attention[2J Is All You Need"
    )
    assert text("first\n  second", "title", lines=False) == "first second"
    assert text(" \x00 ", "title") is None and text(2017, "year") == "2017"
    with pytest.raises(InvalidValue, match=r"^'title' is empty$"):
        text("   ", "title", required=True)
    with pytest.raises(InvalidValue, match=r"^'title' must be text, not a list$"):
        text(["a"], "title")


def test_lengths_come_from_the_columns() -> None:
    assert length(Paper, "doi") == 200 and length(Paper, "title") is None
    with pytest.raises(InvalidValue, match=r"^'doi' is 201 characters long \(at most 200\)$"):
        field(Paper, "doi", "1" * 201)
    assert field(Paper, "year", "2017") == 2017
    assert fit(Paper, "doi", "10.1\x00/" + "x" * 300) == ("10.1/" + "x" * 300)[:200]
    assert fit(Paper, "title", None) is None


@pytest.mark.parametrize(("raw", "value"), [("12", 12), (" 7 ", 7), (2.0, 2), ("", None)])
def test_whole_numbers(raw: object, value: int | None) -> None:
    assert integer(raw, "year") == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (2.5, "'year' must be a whole number, not float"),
        (2**31, "'year' must be between -2147483648 and 2147483647, got 2147483648"),
        ("1" * 13, "'year' must be a whole number, got '1111111111111'"),
        (False, "'year' must be a whole number, not true/false"),
    ],
)
def test_what_is_not_a_whole_number_is_named(raw: object, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        integer(raw, "year")
    assert str(err.value) == message


@pytest.mark.parametrize("raw", ["1e999", ".inf", "-.Inf", "nan", float("inf")])
def test_numbers_are_finite(raw: object) -> None:
    with pytest.raises(InvalidValue, match=r"^'claim' must be a finite number"):
        number(raw, "claim")


def test_numbers() -> None:
    assert number(" 28.4 ", "claim") == 28.4 and number(3, "claim") == 3.0
    assert number("", "claim") is None
    with pytest.raises(InvalidValue, match=r"^'claim' must be a number, got '1_000'$"):
        number("1_000", "claim")
    with pytest.raises(InvalidValue, match=r"^'claim' is missing$"):
        number(None, "claim", required=True)


def test_lists_and_mappings() -> None:
    assert text_list([" Ashish  Vaswani ", "", "Noam  Shazeer"], "authors") == [
        "Ashish Vaswani",
        "Noam Shazeer",
    ]
    with pytest.raises(InvalidValue, match=r"^'authors' must be a list of text, found a list$"):
        text_list([["nested"]], "authors")
    with pytest.raises(InvalidValue, match=r"^'authors' must be a list, not str$"):
        text_list("Vaswani", "authors")
    assert mapping(None, "extra") == {}
    with pytest.raises(InvalidValue, match=r"^'extra' must be an object, not a list$"):
        mapping([1], "extra")


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
