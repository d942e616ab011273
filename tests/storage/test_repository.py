"""Naming a paper: a title (any case) names it too; a title that is not there gets the
closest papers and the search command to try, never "not an arXiv id"."""

from __future__ import annotations

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.storage.repository import find_paper, parse_ref


def test_words_with_spaces_are_a_title() -> None:
    assert parse_ref("Attention is all you need") == ("title", "Attention is all you need")
    assert parse_ref("1706.03762") == ("arxiv", "1706.03762")
    assert parse_ref("vaswani2017attention") == ("key", "vaswani2017attention")


def test_a_title_in_any_case_names_the_paper(lib: Library) -> None:
    with lib.session() as s:
        assert find_paper(s, "attention is all you need").key == "vaswani2017attention"
        assert find_paper(s, "  LANGUAGE MODELS ARE FEW-SHOT LEARNERS ").arxiv_id == "2005.14165"


def test_a_title_not_there_suggests_the_closest_and_a_search(lib: Library) -> None:
    with lib.session() as s, pytest.raises(NotFoundError) as err:
        find_paper(s, "Attention is all you nee")
    message = str(err.value)
    assert message.startswith(
        "no paper 'Attention is all you nee' in the library (did you mean vaswani2017attention"
    )
    assert message.endswith("; to search by words: paperdesk search 'Attention is all you nee'")
