"""Where page 1 prints the paper's own venue, dates and DOI: a reference list on page 1 is
left out up to where the page's own footer starts; a DOI broken across lines is read whole."""

from __future__ import annotations

from paperdesk.parse.extract import Line, Page
from paperdesk.parse.pageedge import before_references, edge, joined_groups, line_groups


def _line(y: float, text: str, size: float = 10, x: float = 72) -> Line:
    return Line(1, x, y, x + 220, y + size, text, size, False, int(y))


def test_a_page_1_reference_list_ends_where_the_footer_starts() -> None:
    page1 = [
        _line(100, "Some running text of the paper that cites [1]."),
        _line(560, "References", 12),
        _line(578, "[1] J. Devlin, M. Chang. 2017. BERT. In"),
        _line(590, "Proceedings of ACL 2017, pages 1-10."),  # not a footer: no gap, same size
        _line(720, "Findings of the Association for Computational Linguistics: ACL 2019", 8),
        _line(729, "©2019 Association for Computational Linguistics", 8),
    ]
    kept = [ln.text for ln in before_references(page1)]
    assert kept == [
        "Some running text of the paper that cites [1].",
        "Findings of the Association for Computational Linguistics: ACL 2019",
        "©2019 Association for Computational Linguistics",
    ]
    assert before_references(page1[:1]) == page1[:1]  # no reference list: the whole page


def test_notices_are_edge_lines_wherever_they_sit() -> None:
    page = Page(1, 595, 842, [])
    assert edge(
        _line(610, "© The Author(s), under exclusive license to Springer AG 2022"), page, 10
    )
    assert not edge(
        _line(610, "Running text in the middle of the page, in the body size."), page, 10
    )
    assert edge(_line(800, "1"), page, 10)  # the bottom margin


def test_a_doi_broken_across_lines_is_joined_with_its_label() -> None:
    lines = [
        _line(694, "Manuscript received June 13, 2021.", 8),
        _line(703, "(Corresponding author: A. B.) Digital Object Identifier", 8),
        _line(712, "10.1109/TPAMI.2022.35", 8),
        _line(900, "Another block far below", 8),
    ]
    texts = joined_groups([ln.text for ln in lines], line_groups(lines))
    assert texts[0].endswith("Digital Object Identifier 10.1109/TPAMI.2022.35")
    assert texts[1] == "Another block far below"
    split = [_line(700, "see https://doi.org/10.18653/v1/N19-", 8), _line(709, "1423 for", 8)]
    assert joined_groups([ln.text for ln in split], line_groups(split)) == [
        "see https://doi.org/10.18653/v1/N19-1423 for"
    ]
