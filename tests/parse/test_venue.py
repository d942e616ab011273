"""parse.venue: what a front page prints about where and when a paper appeared: the arXiv
stamp, DOIs, venue lines, dated lines, the ACM reference block, venue names cleaned."""

from __future__ import annotations

from paperdesk.parse.venue import (
    acm_reference,
    clean_venue,
    dated_years,
    doi_in,
    dois,
    placeholder_doi,
    split_list,
    stamp,
    venues,
)


def test_printed_identifiers_and_venues() -> None:
    assert stamp("arXiv:2106.09685v2 [cs.CL] 16 Oct 2021") == ("2106.09685v2", 2021)
    assert stamp("arXiv:1810.04805v2 [cs.CL] 24 May 2019") == ("1810.04805v2", 2018)
    assert stamp("arXiv:hep-th/9711200v3 [hep-th] 22 Jan 1998") == ("hep-th/9711200v3", 1997)
    assert stamp("no stamp here") == (None, None)
    assert doi_in("https://doi.org/10.1145/3394486.3403172.") == "10.1145/3394486.3403172"
    assert doi_in("https://doi.org/XXXXXXX.XXXXXXX") is None
    assert doi_in("DOI: 10.1007/978-3-030-58452-8_13,") == "10.1007/978-3-030-58452-8_13"
    names, years = venues(
        [
            "Proceedings of the 58th Annual Meeting of the Association for Computational "
            "Linguistics, pages 2270–2282",
            "Published as a conference paper at ICLR 2021",
            "Journal Title Here, 2022, pp. 1–9",
        ]
    )
    assert [n.value for n in names] == [
        "Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics",
        "ICLR 2021",
        "Journal Title Here",
    ]
    assert [y.value for y in years] == ["2021", "2022"]
    names, years = venues(
        [
            "Pattern Recognition 102 (2020) 107213",
            "Machine Learning (2021) 110:1–30",
            "2020 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
        ]
    )
    assert [n.value for n in names] == [
        "Pattern Recognition",
        "Machine Learning",
        "2020 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    ]
    assert [y.value for y in years] == ["2020", "2021", "2020"]
    assert dois(["Data: https://doi.org/10.5281/zenodo.3706641"]) == []
    # other works' DOIs: in a reference entry, or in a sentence that cites them
    assert dois(["[1] J. Devlin. BERT. In Proc. NAACL 2019. doi:10.18653/v1/N19-1423"]) == []
    assert dois(["We follow Brown et al. (2020); see https://doi.org/10.5555/3495724"]) == []
    assert dois(["xnotdoi.org/10.47397/tb/0-0/x"]) == []  # DOI-shaped, on another site
    assert [
        d.value
        for d in dois(
            ["(Corresponding author: A. B.) Digital Object Identifier 10.1109/TIP.2021.3056789"]
        )
    ] == ["10.1109/tip.2021.3056789"]
    assert (
        dated_years(["© The Author(s), under exclusive license to Springer AG 2022"])[0].value
        == "2022"
    )
    review = dated_years(["Under review as a conference paper at ICLR 2024"])[0]
    assert (review.value, review.rank) == ("2024", -1)  # below the stamp's rank
    acm = acm_reference(
        "ACM Reference Format:\nBen Trovato and G.K.M. Tobin. 2018. The Name of the Title Is "
        "Hope. J. ACM 37, 4, Article 111 (August 2018), 10 pages."
    )
    assert acm is not None
    assert (acm.authors, acm.year, acm.title, acm.venue) == (
        ["Ben Trovato", "G.K.M. Tobin"],
        2018,
        "The Name of the Title Is Hope",
        "J. ACM",
    )


def test_dates_templates_print_give_a_year() -> None:
    for line, year in [
        ("llncs, Version 2.22, Sep 05, 2022", "2022"),
        ("Version 2.0.0 of 2021/12/23", "2021"),
        ("2018, v-1.9.7", "2018"),
        ("7 November 2020", "2020"),
    ]:
        assert [f.value for f in dated_years([line])] == [year], line
    assert dated_years(["In March 2020 we collected", "see 10.1145/2018.123"]) == []


def test_doi_in_normalises_and_trims() -> None:
    assert doi_in("doi:10.1145/ABC.DEF);") == "10.1145/abc.def"
    assert doi_in("see (https://doi.org/10.1016/j.x.2020.01.001)") == "10.1016/j.x.2020.01.001"
    assert doi_in("10.1002/(SICI)1097-4571") == "10.1002/(sici)1097-4571"  # balanced brackets
    assert doi_in("10.1145/nnnnnnn.nnnnnnn") is None  # a template's placeholder
    assert doi_in("no identifier") is None


def test_the_paper_doi_is_found_on_its_own_line() -> None:
    found = dois(["Digital Object Identifier: 10.1109/ACCESS.2020.3001234"])
    assert [d.value for d in found] == ["10.1109/access.2020.3001234"]
    assert all(d.source.startswith("pdf:") for d in found)


def test_a_stamp_without_a_date_gives_the_year_of_its_id() -> None:
    assert stamp("arXiv:2301.00001v1 [cs.LG]") == ("2301.00001v1", 2023)
    assert stamp("as shown in arXiv:2301.00001") == (None, None)  # a citation, not the stamp
    assert stamp("arXiv:0704.0001v2 [hep-ph] 24 Jul 2008") == ("0704.0001v2", 2007)


def test_acm_reference_needs_the_block() -> None:
    assert acm_reference("Ben Trovato. 2018. A title. J. ACM 37.") is None


def test_clean_venue() -> None:
    assert clean_venue("J. ACM 37, 4, Article 111 (August 2018)") == "J. ACM"
    assert clean_venue("Proceedings of ICML 2019.") == "Proceedings of ICML 2019"
    assert clean_venue("IEEE TRANSACTIONS ON PATTERN ANALYSIS AND MACHINE INTELLIGENCE") == (
        "IEEE Transactions on Pattern Analysis and Machine Intelligence"
    )
    assert clean_venue("Woodstock ’18: ACM Symposium on Neural Gaze Detection") is None
    assert clean_venue("Conference acronym ’XX, June 03–05, 2018") is None
    assert clean_venue("") is None and clean_venue(None) is None and clean_venue(" ., ") is None


def test_split_list() -> None:
    assert split_list("Ada Lovelace, Alan Turing, and Grace Hopper") == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]
    assert split_list("A & B") == ["A", "B"]
    assert split_list("A; B ;C") == ["A", "B", "C"]
    assert split_list(" ") == []


def test_venues_skip_what_is_no_venue() -> None:
    names, years = venues(["We study attention in this paper at length.", ""])
    assert (names, years) == ([], [])


def test_placeholder_dois_are_no_dois() -> None:
    """ijmart prints "DOI: 10.1007/DOI-NUMBER" in its header: a stand-in, never stored."""
    for text in ("DOI: 10.1007/DOI-NUMBER", "10.xxxx/xxxxxxx", "doi:10.0000/000000"):
        assert doi_in(text) is None, text
    assert placeholder_doi("10.1007/doi-number")
    assert not placeholder_doi("10.1103/physrevlett.116.061102")
    assert doi_in("DOI: 10.1007/s11856-020-2000-1") == "10.1007/s11856-020-2000-1"


def test_the_template_version_footnote_gives_no_year() -> None:
    """ijmart's title footnote "∗Version 2.0, 1999/11/15" dates the class, not the paper; a
    manual's own "Version 2.2, 2022/12/06" line is the manual's date."""
    assert dated_years(["∗Version 2.0, 1999/11/15"]) == []
    assert [f.value for f in dated_years(["Version 2.2, 2022/12/06"])] == ["2022"]
