"""Naming a paper: a title (any case) names it too; a title that is not there gets the
closest papers and the search command to try, never "not an arXiv id"."""

from __future__ import annotations

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.storage.repository import find_paper, find_papers, none_found, parse_ref


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


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("bert", "devlin2018bert"),  # the name before the title's colon, in any case
        ("LoRA", "hu2021lora"),
        ("GPT-3", "brown2020language"),  # the name the list's why line opens with
        ("gpt 3", "brown2020language"),
        ("T5", "raffel2019exploring"),
        ("LLM.int8()", "dettmers2022llm"),  # not a key's characters: still a name
        ("Switch Transformer", "fedus2021switch"),
        ("word2vec", "mikolov2013efficient"),
    ],
)
def test_a_seeded_papers_name_names_it(any_lib: Library, name: str, key: str) -> None:
    with any_lib.session() as s:
        assert find_paper(s, name).key == key


def test_a_name_close_to_a_papers_name_is_suggested(any_lib: Library) -> None:
    with any_lib.session() as s, pytest.raises(NotFoundError) as err:
        find_paper(s, "GPT3")
    assert str(err.value).startswith("no paper 'GPT3' in the library (did you mean brown2020")


def test_a_title_or_name_of_several_papers_is_ambiguous_and_lists_them(any_lib: Library) -> None:
    from paperdesk.services.papers import add_other

    for year, author in ((2015, "Yann LeCun"), (2016, "Ian Goodfellow")):
        add_other(
            any_lib,
            title="Deep Learning",
            year=year,
            authors=[author],
            url=f"https://example.org/{year}",
            doi=None,
        )
    with any_lib.session() as s:
        for ref in ("deep learning", "DEEP LEARNING"):
            with pytest.raises(NotFoundError) as err:
                find_paper(s, ref)
            assert str(err.value) == (
                f"{ref!r} is ambiguous: 2 papers have that title or name: lecun2015deep "
                "(Deep Learning, 2015); goodfellow2016deep (Deep Learning, 2016); name one by "
                "its key"
            )
        assert find_paper(s, "goodfellow2016deep").year == 2016


@pytest.mark.parametrize("ref", ["1706.3762", "arXiv:1706.3762", "https://arxiv.org/abs/1706.3762"])
def test_a_mistyped_id_still_says_what_is_wrong_with_it(lib: Library, ref: str) -> None:
    from paperdesk.errors import InvalidIdError

    with lib.session() as s, pytest.raises(InvalidIdError, match="have 5 digits after the dot"):
        find_paper(s, ref)


def test_find_papers_keeps_the_good_refs_and_says_why_of_the_others(any_lib: Library) -> None:
    """A batch (fetch, parse) does the papers its refs name, each once, and reports the rest;
    when none names a paper, one error gives every reason."""
    with any_lib.session() as s:
        refs = ["1706.03762", "nosuchpaper", "arXiv:1706.03762", "1810.04805"]
        papers, errors = find_papers(s, refs)
        assert [p.arxiv_id for p in papers] == ["1706.03762", "1810.04805"]
        assert [(ref, type(e)) for ref, e in errors] == [("nosuchpaper", NotFoundError)]
        _, errors = find_papers(s, ["nosuchpaper", "nothere"])
        both = none_found(errors)
        assert isinstance(both, NotFoundError)
        assert "'nosuchpaper'" in str(both) and "'nothere'" in str(both) and "; " in str(both)
