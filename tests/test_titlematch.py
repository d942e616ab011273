"""When a title alone may name a work: distinctive titles only, and first authors that agree
(or are not known on one side)."""

from __future__ import annotations

import pytest

from paperdesk.titlematch import distinctive, same_first_author


@pytest.mark.parametrize(
    "title",
    ["attention is all you need", "deep residual learning for image recognition"],
)
def test_real_titles_are_distinctive(title: str) -> None:
    assert distinctive(title)


@pytest.mark.parametrize(
    "title",
    [
        "dropout",  # one word
        "gpt 4 model",  # under 12 characters
        "supplementary material",  # only front-page boilerplate
        "introduction to the",  # function words and boilerplate
        "technical report on the",
    ],
)
def test_short_or_generic_titles_are_not(title: str) -> None:
    assert not distinctive(title)


def test_first_authors_agree_by_surname() -> None:
    assert same_first_author(["Ashish Vaswani", "Noam Shazeer"], ["A. Vaswani"])
    assert same_first_author(["Jan Van Gundy"], ["J. Gundy"])  # a surname part of the other
    assert not same_first_author(["Ashish Vaswani"], ["Jacob Devlin"])


def test_no_authors_on_one_side_is_no_evidence_against() -> None:
    assert same_first_author([], ["Jacob Devlin"])
    assert same_first_author(["Jacob Devlin"], [])
