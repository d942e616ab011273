"""parse.authors: author names from the front matter, told from affiliations, marks and
conjunctions; runs of names cut apart; only lines styled like the first line of names."""

from __future__ import annotations

import pytest

from paperdesk.parse.authors import (
    clean_line,
    front_authors,
    is_affiliation,
    is_name,
    names_in,
    segment,
    tidy_name,
)
from paperdesk.parse.extract import Line


def line(text: str, y0: float, *, size: float = 11, bold: bool = False, block: int = 0) -> Line:
    return Line(1, 72, y0, 72 + 4.5 * len(text), y0 + size, text, size, bold, block)


def test_names_are_told_from_affiliations_marks_and_conjunctions() -> None:
    assert names_in("Waleed Ammar, Dirk Groeneveld,\ufffdJason Dunkelberger, and Vu Ha,")[0] == [
        "Waleed Ammar",
        "Dirk Groeneveld",
        "Jason Dunkelberger",
        "Vu Ha",
    ]
    assert names_in("BEN TROVATO∗and G.K.M. TOBIN∗, Institute for Clarity, USA")[0] == [
        "Ben Trovato",
        "G.K.M. Tobin",
    ]
    assert names_in("Sir J.K. Krishnana,c,∗,1 (Researcher), Han Thaneb,d")[0] == [
        "J.K. Krishnan",
        "Han Thane",
    ]
    assert names_in("First A. Authorand Second B. Author")[0] == [
        "First A. Author",
        "Second B. Author",
    ]
    assert names_in("Madeleine van Zuylen, and Oren Etzioni")[0] == [
        "Madeleine van Zuylen",
        "Oren Etzioni",
    ]
    assert names_in("Qin Liu 1 2 Tianxing Ma *1 Shou-Cheng Zhang †")[0] == [
        "Qin Liu",
        "Tianxing Ma",
        "Shou-Cheng Zhang",
    ]
    assert names_in("Jose A. Oller& Luis Roca, Bernard J Kelly")[0] == [
        "Jose A. Oller",
        "Luis Roca",
        "Bernard J Kelly",
    ]
    assert names_in("F. Colomo3[0000-0002-1825-0097] and A.G. Pronko2")[0] == [
        "F. Colomo",
        "A.G. Pronko",
    ]
    assert names_in("Yu.N. Kosovtsov, Hans-G. Ludwig and Th. Henning")[0] == [
        "Yu.N. Kosovtsov",
        "Hans-G. Ludwig",
        "Th. Henning",
    ]
    # marks lost: two names run together, told apart by the second one's initials
    assert names_in("Pablo Diaz M. A. Perez 2 3 Antonio Segui 1 3")[0] == [
        "Pablo Diaz",
        "M. A. Perez",
        "Antonio Segui",
    ]
    assert names_in("Mary Ann L. Smith, Pieter J. in 't Veld")[0] == [
        "Mary Ann L. Smith",
        "Pieter J. in 't Veld",
    ]
    # a paragraph of names wrapped after an initial (IEEE journals)
    from paperdesk.parse.authors import front_authors
    from paperdesk.parse.extract import Line

    wrapped = [
        Line(
            1, 49, 92, 563, 103, "A. Fuente, Student Member, IEEE, C. Ceccarelli, P.", 11, False, 2
        ),
        Line(
            1,
            131,
            106,
            480,
            117,
            "Caselli, D. Johnstone, Fellow, IEEE, and F. Wyrowski",
            11,
            False,
            3,
        ),
    ]
    assert front_authors(wrapped) == [
        "A. Fuente",
        "C. Ceccarelli",
        "P. Caselli",
        "D. Johnstone",
        "F. Wyrowski",
    ]
    for affiliation in (
        "Technical Report, March 2020",
        "Allen Institute for Artificial Intelligence",
        "Dublin, Ohio, USA",
        "Department of Physics, J.K. Institute of Science",
    ):
        assert names_in(affiliation) == ([], False), affiliation


def test_template_placeholders_are_no_authors() -> None:
    from paperdesk.parse.authors import PLACEHOLDER_NAME

    for text in ("No Second Author", "No Third Author", "First Last", "Course Title"):
        assert PLACEHOLDER_NAME.fullmatch(text), text
    for text in ("Ann Author", "Second Author", "First Name Surname", "Ada Lovelace"):
        assert not PLACEHOLDER_NAME.fullmatch(text), text
    assert names_in("B.Benciolini") == (["B. Benciolini"], True)


def test_is_name_and_is_affiliation() -> None:
    assert is_name("Daniel S. Weld") and is_name("Madeleine van Zuylen") and is_name("BEN TROVATO")
    assert not is_name("Ada")  # one word
    assert not is_name("A. B.")  # initials only
    assert not is_name("van Zuylen Madeleine van")  # a particle at an end
    assert not is_name("Stanford University")
    assert not is_name("one two three four five six")
    assert is_affiliation("Department of Physics") and is_affiliation("PO 12345")
    assert not is_affiliation("Hirano Parisa")  # "iran", "paris" inside surnames


def test_tidy_name() -> None:
    assert tidy_name("BEN TROVATO") == "Ben Trovato"
    assert tidy_name("oren etzioni") == "Oren Etzioni"
    assert tidy_name("JEAN-PAUL SARTRE") == "Jean-Paul Sartre"
    assert tidy_name("LUDWIG VAN BEETHOVEN") == "Ludwig van Beethoven"
    assert tidy_name("G.K.M. Tobin") == "G.K.M. Tobin"
    assert tidy_name("McDonald O'Brien") == "McDonald O'Brien"  # mixed case kept


def test_segment_cuts_a_run_of_names() -> None:
    run = [
        "Arman",
        "Cohan",
        "Sergey",
        "Feldman",
        "Iz",
        "Beltagy",
        "Doug",
        "Downey",
        "Daniel",
        "S.",
        "Weld",
    ]
    assert segment(run) == [
        "Arman Cohan",
        "Sergey Feldman",
        "Iz Beltagy",
        "Doug Downey",
        "Daniel S. Weld",
    ]
    # the Info dict's surnames decide where names end
    assert segment(["Maria", "de", "la", "Cruz", "Jan", "Smit"], ["Cruz", "Smit"]) == [
        "Maria de la Cruz",
        "Jan Smit",
    ]
    # a suffix joins the name before it
    assert segment(["Ada", "Lovelace", "Alan", "Turing", "Jr."]) == [
        "Ada Lovelace",
        "Alan Turing Jr.",
    ]


@pytest.mark.parametrize(
    ("toks", "names"),
    [
        ("Martin Luther King Jr.", ["Martin Luther King Jr."]),
        ("Martin Luther King Jr", ["Martin Luther King Jr"]),
        ("John Smith Jr. Jane Doe", ["John Smith Jr.", "Jane Doe"]),
        ("John Smith III", ["John Smith III"]),
    ],
)
def test_segment_never_loses_a_word(toks: str, names: list[str]) -> None:
    assert segment(toks.split()) == names


def test_clean_line_drops_emails_marks_and_grades() -> None:
    assert clean_line("Ada Lovelace∗ ada@example.org") == "Ada Lovelace"
    assert clean_line("Alan Turing, Fellow, IEEE, and Grace Hopper†") == (
        "Alan Turing, and Grace Hopper"
    )
    assert clean_line("{ada, alan}@example.org") == ""


def test_front_authors_follow_the_style_of_the_first_names_line() -> None:
    lines = [
        line("Ada Lovelace, Alan Turing", 100),
        line("Department of Computing, Example University", 114, size=9),
        line("Grace Hopper and Edsger Dijkstra", 126),
        line("Barbara Liskov", 140, size=9),  # set like the affiliations: no author
    ]
    assert front_authors(lines) == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
        "Edsger Dijkstra",
    ]
    assert front_authors([line("Ada Lovelace", 100), line("Ada Lovelace", 114)]) == ["Ada Lovelace"]
    assert front_authors([]) == []


def test_a_name_hyphenated_inside_an_author_grid_cell_is_joined() -> None:
    lines = [line("Aparna Pa-", 100, block=1), line("tel, Kyle Lo", 113, block=1)]
    assert front_authors(lines) == ["Aparna Patel", "Kyle Lo"]


def test_a_lone_small_caps_name_is_taken_when_nothing_else_reads_as_names() -> None:
    assert front_authors([line("tyler durden", 100)]) == ["Tyler Durden"]
    assert front_authors([line("university of nowhere", 100)]) == []


def test_compound_marks_keep_the_names_whole() -> None:
    """PTP's "Tomonaga^{1,∗)}": the ")" closes the marks; it took the name's last letter for
    an AIP letter mark ("Tomonag")."""
    names, ok = names_in("Shin-Ichiro Tomonaga1,∗) and Hideki Yukawa2,∗∗)")
    assert ok and names == ["Shin-Ichiro Tomonaga", "Hideki Yukawa"]
    assert names_in("Jane Doea) and John Smithb)")[0] == ["Jane Doe", "John Smith"]


def test_address_and_subtitle_words_are_no_names() -> None:
    """ijmart's address block ("Technical Support" / "Electronic Products and Services") and
    inkpaper's subtitle "PACKAGE DOCUMENTATION" read as two capitalised words each: no one is
    called that, and the names below them still set the style."""
    lines = [
        line("PACKAGE DOCUMENTATION", 100, size=15, bold=True),
        line("Moyan Liang", 120, size=10.5),
    ]
    assert front_authors(lines) == ["Moyan Liang"]
    lines = [
        line("Technical Support", 100, size=9),
        line("Electronic Products and Services", 112, size=9),
        line("P. O. Box 6248", 124, size=9),
    ]
    assert front_authors(lines) == []
