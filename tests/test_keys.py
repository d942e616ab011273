"""The one key algorithm (:mod:`paperdesk.keys`): surnames, title words, clashes."""

from __future__ import annotations

import pytest

from paperdesk.keys import (
    KeyBasis,
    NameParts,
    ascii_fold,
    base_key,
    candidates,
    first_free,
    library_keys,
    name_parts,
    surname,
    title_word,
)


def key(authors: list[str], year: int | None, title: str, arxiv_id: str | None = None) -> str:
    return base_key(KeyBasis(authors, year, title, arxiv_id))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Łukasz Müller-Straße", "Lukasz Muller-Strasse"),
        ("Bart van Merriënboer", "Bart van Merrienboer"),
        ("Çağlar Gülçehre", "Caglar Gulcehre"),
        ("Søren Ødegård", "Soren Odegard"),
        ("Timothée Lacroix", "Timothee Lacroix"),
    ],
)
def test_ascii_fold_transliterates(text: str, folded: str) -> None:
    assert ascii_fold(text) == folded


def test_surnames() -> None:
    assert surname("Jörg Müller, Jr.") == "muller"
    assert surname("Smith, Jr., John") == "smith"
    assert surname("Le, Quoc V.") == "le"
    assert surname("Quoc V. Le") == "le"
    assert surname("Jean Pouget-Abadie") == "pougetabadie"
    assert surname("OpenAI") == "openai"
    assert surname("王小明") == "wangxiaoming"  # transliterated, never empty


@pytest.mark.parametrize(
    ("author", "given", "family", "suffix", "folded"),
    [
        ("Charles Babbage, Jr.", "Charles", "Babbage", "Jr.", "babbage"),
        ("Charles Babbage Jr.", "Charles", "Babbage", "Jr.", "babbage"),
        ("Babbage, Jr., Charles", "Charles", "Babbage", "Jr.", "babbage"),
        ("Martin Luther King Jr.", "Martin Luther", "King", "Jr.", "king"),
        ("Sammy Davis Jr", "Sammy", "Davis", "Jr", "davis"),
        ("Thurston Howell III", "Thurston", "Howell", "III", "howell"),
        ("Ford, II, Henry", "Henry", "Ford", "II", "ford"),
        ("John Smith V", "John", "Smith", "V", "smith"),
        ("Smith, V.", "V.", "Smith", "", "smith"),  # an initial, not a suffix
        ("Vincent V. Vu", "Vincent V.", "Vu", "", "vu"),
        ("Malcolm X", "Malcolm", "X", "", "x"),
        ("Ludwig van Beethoven", "Ludwig", "van Beethoven", "", "beethoven"),
        ("van Beethoven, Ludwig", "Ludwig", "van Beethoven", "", "vanbeethoven"),
    ],
)
def test_name_parts_and_surnames_with_suffixes(
    author: str, given: str, family: str, suffix: str, folded: str
) -> None:
    assert name_parts(author) == NameParts(given, family, suffix)
    assert surname(author) == folded


def test_suffixes_never_make_the_key() -> None:
    assert key(["Charles Babbage, Jr."], 1837, "On the Analytical Engine") == (
        "babbage1837analytical"
    )
    assert key(["John Smith V"], 1901, "Notes on Names") == "smith1901notes"
    assert key(["Thurston Howell III", "Lovey Howell"], 1960, "Islands") == "howell1960islands"


def test_title_word_skips_stopwords() -> None:
    assert title_word("Attention Is All You Need") == "attention"
    assert title_word("On the Origin of It") == "origin"
    assert title_word("LLM.int8(): 8-bit Matrix Multiplication") == "llm"
    assert title_word("The") == ""


@pytest.mark.parametrize(
    ("authors", "year", "title", "expected"),
    [
        (["Ashish Vaswani", "Noam Shazeer"], 2017, "Attention Is All You Need",
         "vaswani2017attention"),
        (["Alec Radford"], 2018, "Improving Language Understanding by Generative Pre-Training",
         "radford2018improving"),
        (["Sepp Hochreiter", "Jürgen Schmidhuber"], 1997, "Long Short-Term Memory",
         "hochreiter1997long"),
        (["Łukasz Kaiser"], 2017, "One Model To Learn Them All", "kaiser2017one"),
        (["Erik F. Tjong Kim Sang"], 2003, "Introduction to the CoNLL-2003 Shared Task",
         "sang2003introduction"),
        ([], None, "On the Origin of It", "anonorigin"),
        (["3M Research"], 2020, "Tape", "research2020tape"),
    ],
)  # fmt: skip
def test_base_keys(authors: list[str], year: int | None, title: str, expected: str) -> None:
    assert key(authors, year, title) == expected


def test_a_key_never_starts_with_a_digit() -> None:
    assert key(["Jane 3000"], 2020, "Deep Nets") == "paper30002020deep"


def test_unfetched_arxiv_paper_has_a_provisional_key() -> None:
    basis = KeyBasis([], None, "arXiv:2301.00001", "2301.00001")
    assert basis.provisional
    assert base_key(basis) == "arxiv230100001"
    assert not KeyBasis(["A. Smith"], 2020, "Deep", None).provisional


def test_clash_suffixes() -> None:
    assert list(candidates("smith2020deep"))[:4] == [
        "smith2020deep",
        "smith2020deepb",
        "smith2020deepc",
        "smith2020deepd",
    ]
    taken = {"smith2020deep", "smith2020deepb"}
    assert first_free("smith2020deep", taken.__contains__) == "smith2020deepc"
    assert first_free("jones2020deep", taken.__contains__) == "jones2020deep"


def test_library_keys_earliest_keeps_the_bare_key() -> None:
    papers = [
        {
            "key": k,
            "authors": ["A. Smith"],
            "year": 2020,
            "title": "Deep Nets",
            "added_at": f"2024-01-0{i}",
        }
        for i, k in enumerate(["z", "y", "x"], start=1)
    ]
    papers.append({"key": "w", "authors": ["B. Smith"], "year": 2020, "title": "Deepb nets"})
    keys = library_keys(papers)
    assert keys["w"] == "smith2020deepb"  # a base key is never taken by a suffixed one
    assert keys["z"] == "smith2020deep" and keys["y"] == "smith2020deepc"
    assert keys["x"] == "smith2020deepd"
    assert len(set(keys.values())) == 4
