"""parse.refparse: one reference entry's fields (authors, title, year, venue, identifiers) in
the common styles, and the title-match key both sides of a citation link use."""

from __future__ import annotations

from typing import Any

import pytest

from paperdesk.parse.refparse import TITLE_NORM_CHARS, parse_entry, split_authors, title_norm


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Tom Brown, Benjamin Mann, and Nick Ryder. 2020. Language models are few-shot "
            "learners. arXiv preprint arXiv:2005.14165v4.",
            {
                "arxiv_id": "2005.14165",
                "year": 2020,
                "title": "Language models are few-shot learners",
                "venue": "arXiv",
                "authors": ["Tom Brown", "Benjamin Mann", "Nick Ryder"],
            },
        ),
        (
            "[7] L. Bornmann, K. B. Wray, and R. Haunschild, "
            "\u201cCitation concept analysis,\u201d "
            "Scientometrics, vol. 122, pp. 1051\u20131074, 2020, doi: 10.1007/s11192-019-03326-2.",
            {
                "doi": "10.1007/s11192-019-03326-2",
                "title": "Citation concept analysis",
                "venue": "Scientometrics",
                "year": 2020,
                "authors": ["L. Bornmann", "K. B. Wray", "R. Haunschild"],
            },
        ),
        (
            "Lo, K., Wang, L. L., Neumann, M., Kinney, R., & Weld, D. (2020). S2ORC: The "
            "semantic scholar open research corpus. In Proceedings of ACL (pp. 4969\u20134983). "
            "https://www.aclweb.org/anthology/2020.acl-main.447",
            {
                "url": "https://www.aclweb.org/anthology/2020.acl-main.447",
                "year": 2020,
                "title": "S2ORC: The semantic scholar open research corpus",
                "authors": ["K. Lo", "L. L. Wang", "M. Neumann", "R. Kinney", "D. Weld"],
            },
        ),
        (
            "12. Smith, J., Jones, A.B.: Parsing the unparseable. In: Proc. of ECIR. LNCS, "
            "vol. 9626, pp. 1\u201312. Springer, Cham (2016). "
            "https://doi.org/10.1007/978-3-319-30671-1_1",
            {
                "doi": "10.1007/978-3-319-30671-1_1",
                "year": 2016,
                "title": "Parsing the unparseable",
                "authors": ["J. Smith", "A. B. Jones"],
            },
        ),
        (
            "[3] G. Kavoulakis and G. Baym, Phys. Rev. B 53, 7227 (1996).",
            {"year": 1996, "title": None, "authors": ["G. Kavoulakis", "G. Baym"]},
        ),
    ],
)
def test_entry_fields(text: str, want: dict[str, Any]) -> None:
    got = parse_entry(text)
    for field, value in want.items():
        assert getattr(got, field) == value, (field, got)


def test_initialled_names_then_the_title() -> None:
    got = parse_entry(
        "K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image recognition. "
        "In CVPR, 2016."
    )
    assert got.authors == ["K. He", "X. Zhang", "S. Ren", "J. Sun"]
    assert (got.title, got.venue, got.year) == (
        "Deep residual learning for image recognition",
        "CVPR",
        2016,
    )
    assert parse_entry("E. Witten, (2001), hep-th/0106109, and references therein.").title is None


def test_author_lists_in_every_order() -> None:
    assert split_authors("Vaswani, A., Shazeer, N., & Polosukhin, I.") == [
        "A. Vaswani",
        "N. Shazeer",
        "I. Polosukhin",
    ]
    assert split_authors("Smith JA, Jones B") == ["J. A. Smith", "B. Jones"]
    assert split_authors("Ashish Vaswani et al.") == ["Ashish Vaswani"]
    assert split_authors("M.-W. Chang and K. Lee") == ["M.-W. Chang", "K. Lee"]


def test_abnt_entries_parse() -> None:
    f = parse_entry(
        "WILSON, P.; MADSEN, L. The Memoir Class for Configurable Typesetting - User Guide. "
        "Normandy Park, WA, 2010. Disponível em: <http://mirrors.ctan.org/>. "
        "Acesso em: 19 dez. 2012."
    )
    assert f.authors == ["P. Wilson", "L. Madsen"]
    assert f.title == "The Memoir Class for Configurable Typesetting - User Guide"
    assert f.year == 2010  # not the year it was looked at
    g = parse_entry("SILVA, J. A. et al. Redes neurais. São Paulo: Atlas, 2019.")
    assert (g.authors, g.title, g.year) == (["J. A. Silva"], "Redes neurais", 2019)


def test_title_norm_is_lower_case_words() -> None:
    assert title_norm("BERT: Pre-training of Deep  Bidirectional Transformers!") == (
        title_norm("bert pre training of deep bidirectional transformers")
    )
    assert title_norm("Attention Is All You Need") == "attention is all you need"
    assert title_norm(None) is None and title_norm("") is None and title_norm(" .;: ") is None
    long = title_norm("word " * 200)
    assert long is not None and len(long) <= TITLE_NORM_CHARS and not long.endswith(" ")


def test_an_arxiv_or_corr_reference_names_that_venue() -> None:
    corr = parse_entry("A. Author. 2019. A title here. CoRR, abs/1907.11692.")
    assert (corr.venue, corr.arxiv_id, corr.year) == ("CoRR", "1907.11692", 2019)
    arx = parse_entry("B. Author. 2021. Another title. arXiv:2106.09685.")
    assert (arx.venue, arx.arxiv_id) == ("arXiv", "2106.09685")


def test_a_doi_link_is_the_doi_not_the_url() -> None:
    got = parse_entry("C. Author. 2020. Title words. Nature. https://doi.org/10.1038/nature14539")
    assert got.doi == "10.1038/nature14539" and got.url is None
    web = parse_entry("D. Author. 2018. Code release. https://github.com/example/repo.")
    assert web.url == "https://github.com/example/repo" and web.doi is None


def test_an_entry_without_structure_keeps_what_it_can() -> None:
    got = parse_entry("Some words without names or years")
    assert got.authors == [] and got.year is None and got.doi is None and got.arxiv_id is None
    assert parse_entry("").authors == []


def test_family_name_first_with_given_names_in_full() -> None:
    """ASME and Chicago print "Family, Given Names": each pair one author, a suffix after it
    ("Lienhard, John H., V" is John H. Lienhard V, not "H. John" and "V"); a group name
    stays whole."""
    assert split_authors("Ning, Xiang and Lovell, Mary Rose") == ["Xiang Ning", "Mary Rose Lovell"]
    assert split_authors("Lienhard, John H., V") == ["John H. Lienhard V"]
    assert split_authors("Reynolds, William C., Kays, William M. and Kline, Stephen J") == [
        "William C. Reynolds",
        "William M. Kays",
        "Stephen J. Kline",
    ]
    assert split_authors("Govindan, Prakash Narayan, Lam, Steven and St. John, Maximus G.") == [
        "Prakash Narayan Govindan",
        "Steven Lam",
        "Maximus G. St. John",
    ]
    assert split_authors("van der Walt, Stéfan and Smith, Nathaniel") == [
        "Stéfan van der Walt",
        "Nathaniel Smith",
    ]
    assert split_authors("Yankovich, Al and Stern, Howard (eds.)") == [
        "Al Yankovich",
        "Howard Stern",
    ]
    assert split_authors("Smith, John, and Mary Jones") == ["John Smith", "Mary Jones"]
    assert split_authors("R Core Team") == ["R Core Team"]
    ref = parse_entry(
        "[7] Lienhard, John H., V. “Exterior Shape Factors from Interior Shape "
        "Factors.” ASME J. Heat Transfer Vol. 141 No. 6 (2019): 061301."
    )
    assert ref.authors == ["John H. Lienhard V"]
    assert ref.title == "Exterior Shape Factors from Interior Shape Factors"
    book = parse_entry(
        "[2] Gibson, Tom A. and Tucker, Matthew A. The Big Book of Cellular Studies. John "
        "Wiley and Sons, New York (2008)."
    )
    assert book.authors == ["Tom A. Gibson", "Matthew A. Tucker"]
    assert book.title == "The Big Book of Cellular Studies"
