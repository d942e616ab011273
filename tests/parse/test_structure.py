"""Structure of real layouts: contents pages, tables, captions, appendices, unnumbered headings,
equations; passage kinds and per-page word offsets; headings of the two real papers against
their GROBID TEI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from paperdesk.parse.contents import entry_page
from paperdesk.parse.document import parse_pdf
from tests.conftest import SHARED
from tests.parse.structure_pdfs import (
    ACK,
    CAPTIONS,
    CONTENTS,
    EQUATION,
    FIGURE_LABELS,
    HEADINGS,
    LIST_ITEMS,
    TABLE,
    TABLE_BOLD,
    UNNUMBERED,
    Structured,
    build_structured,
    build_unnumbered,
)
from tests.parse.tei import heading_score

FIXTURES = SHARED / "fixtures" / "pdfs"  # each test using it skips when it is absent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Structured:
    return build_structured(tmp_path_factory.mktemp("structure") / "structured.pdf")


@pytest.fixture(scope="module")
def result(built: Structured) -> dict[str, Any]:
    return parse_pdf(built.path)


def _kind(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [p for p in result["passages"] if p["kind"] == kind]


def _body_text(result: dict[str, Any]) -> str:
    return " ".join(p["text"] for p in _kind(result, "body"))


def test_contents_page_is_no_heading_and_a_toc_passage(result: dict[str, Any]) -> None:
    got = [(s["number"], s["title"]) for s in result["sections"]]
    assert got == HEADINGS  # not "Appendix B: Proofs . . . 6", the last contents entry
    pages = {s["title"]: s["page"] for s in result["sections"]}
    assert pages["Introduction"] == 3 and pages["Proofs"] >= 4
    [toc] = _kind(result, "toc")
    assert toc["section"] == "Contents" and toc["page_start"] == toc["page_end"] == 2
    for label, _, _ in CONTENTS:
        assert label in toc["text"]
    assert ". . . ." not in _body_text(result)


def test_contents_lines_are_recognised() -> None:
    assert entry_page("15 Acknowledgments 49") == 49
    assert entry_page("2.1 Data Collection . . . . . . . . . 7") == 7
    assert entry_page("Appendix B: Proofs ........ 12") == 12
    assert entry_page("Preface · · · · · · · iii") == 0
    assert entry_page("We train for 3 epochs on 8 GPUs") is None
    assert entry_page("Results are shown in the table.") is None


def test_table_cells_stay_out_of_the_text(result: dict[str, Any]) -> None:
    body = _body_text(result)
    for row in [*TABLE, TABLE_BOLD]:
        for cell in row[1:]:
            assert cell not in body
    assert "Ours" not in [s["title"] for s in result["sections"]]


def test_a_figures_own_text_stays_out_of_the_text(
    result: dict[str, Any], built: Structured
) -> None:
    """Box labels, a legend, tick labels and an axis title drawn inside Figure 1 are neither
    running text nor headings, and the sentence printed around the figure reads on."""
    body = _body_text(result)
    for _, label in FIGURE_LABELS:
        assert label not in body
    titles = {s["title"] for s in result["sections"]}
    assert not titles & {label for _, label in FIGURE_LABELS}
    a, b = built.across_figure
    assert re.search(
        rf"S{a:03d} studies [a-z ]+ in considerable detail for this synthetic paper\. "
        rf"S{b:03d}",
        body,
    )


def test_captions_are_passages_of_their_own(result: dict[str, Any], built: Structured) -> None:
    captions = {p["text"]: p for p in _kind(result, "caption")}
    assert set(captions) == set(CAPTIONS.values())
    assert captions[CAPTIONS["Figure 1"]]["section"] == "2.1 Data Collection"
    assert captions[CAPTIONS["Table 1"]]["section"] == "3 Results"
    body = _body_text(result)
    assert "Figure 1:" not in body and "Table 1:" not in body
    # the paragraph reads on across the figure it was printed around
    a, b = built.across_figure
    assert re.search(rf"S{a:03d} .* S{b:03d}", body)
    words = body.split()
    assert words.index(f"S{b:03d}") - words.index(f"S{a:03d}") < 25


def test_equations_and_bold_list_items_are_no_headings(result: dict[str, Any]) -> None:
    titles = " | ".join(s["title"] for s in result["sections"])
    assert "Loss" not in titles and "collect" not in titles and "split" not in titles
    body = _body_text(result)
    assert LIST_ITEMS[0] in body and LIST_ITEMS[1] in body
    assert " ".join(EQUATION.split()[:3]) in body  # (the base-14 font has no α)


def test_references_and_acknowledgements_are_stored_not_body(result: dict[str, Any]) -> None:
    [ack] = _kind(result, "ack")
    assert ack["text"] == ACK and ack["section"] == "Acknowledgments"
    refs = _kind(result, "refs")
    assert refs and all(p["section"] == "References" for p in refs)
    assert "Lovelace" in refs[0]["text"] and "Lovelace" not in _body_text(result)
    assert len(result["references"]) == 3


def test_passages_record_where_their_pages_change(
    result: dict[str, Any], built: Structured
) -> None:
    spanning = [p for p in result["passages"] if p["page_start"] != p["page_end"]]
    assert spanning
    for p in result["passages"]:
        assert p["pages"][0] == [0, p["page_start"]]
        offsets = [o for o, _ in p["pages"]]
        assert offsets == sorted(set(offsets)) and offsets[-1] < p["words"]
        words = p["text"].split()
        for k, (offset, page) in enumerate(p["pages"]):
            end = p["pages"][k + 1][0] if k + 1 < len(p["pages"]) else len(words)
            for w in words[offset:end]:
                if (m := re.fullmatch(r"S(\d{3})", w)) and int(m[1]) in built.sentence_page:
                    assert built.sentence_page[int(m[1])] == page, w


def test_appendix_headings(result: dict[str, Any]) -> None:
    levels = {s["title"]: (s["number"], s["level"]) for s in result["sections"]}
    assert levels["Appendix"] == ("A", 1)
    assert levels["Details"] == ("A.1", 2)
    assert levels["Proofs"] == ("B", 1)


def test_unnumbered_bold_headings(tmp_path: Path) -> None:
    result = parse_pdf(build_unnumbered(tmp_path / "unnumbered.pdf"))
    titles = [s["title"] for s in result["sections"]]
    assert titles == ["Abstract", *UNNUMBERED, "Acknowledgments", "References"]
    assert all(s["number"] is None for s in result["sections"])
    body = _body_text(result)
    assert "x = W h + b" in body  # a bold equation is text, not a heading


@pytest.mark.parametrize("name", ["2020.acl-main.207", "N18-3011"])
def test_real_paper_headings_match_grobid(name: str) -> None:
    pdf = FIXTURES / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip("../shared/fixtures/pdfs is absent")
    result = parse_pdf(pdf)
    score = heading_score(result, pdf.with_suffix(".tei.xml"))
    # GROBID's misses and slips ("Document Representation" is a run-in paragraph head,
    # "ELMo ELMo" a table cell) are the only disagreements allowed
    assert score.recall >= 0.85 and score.precision >= 0.9, (score.missing, score.extra)
    kinds = {p["kind"] for p in result["passages"]}
    assert {"body", "refs", "caption"} <= kinds
    for p in _kind(result, "caption"):
        assert re.match(r"(Figure|Table) \d+", p["text"]), p["text"][:60]


def test_two_digit_and_late_roman_section_numbers() -> None:
    from paperdesk.parse.extract import Line
    from paperdesk.parse.headings import find_headings

    names = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
    names.append("Eleven")
    texts = [t for n, name in enumerate(names, 1) for t in (f"{n} Section {name}", "body text")]
    texts += ["XIII. Thirteen"]
    lines = [
        Line(1, 50, 20 * i, 300, 20 * i + 10, t, 10.0, not t.startswith("body"), i)
        for i, t in enumerate(texts)
    ]
    heads = find_headings(lines, 10.0, set())
    # "10" is no Roman number; XIII cannot start a Roman outline
    assert [h.number for h in heads] == [str(n) for n in range(1, 12)]


def _lines(page_rows: dict[int, list[str]]) -> list[Any]:
    from paperdesk.parse.extract import Line

    return [
        Line(page, 72, 100 + 14 * k, 500, 110 + 14 * k, text, 10.0, False, k)
        for page, rows in page_rows.items()
        for k, text in enumerate(rows)
    ]


def test_contents_running_over_two_pages_and_a_table_of_scores_that_is_not() -> None:
    from paperdesk.parse.contents import find_contents

    first = ["Contents"] + [
        f"{n} Chapter Name {chr(64 + n)} . . . . . {3 * n}" for n in range(1, 9)
    ]
    second = [f"{n} Later Chapter {chr(64 + n)} {30 + n}" for n in range(1, 8)]
    body = ["A paragraph of running text that goes on and on."] * 20
    lines = _lines({1: first, 2: second, 3: body})
    assert find_contents(lines) == set(range(len(first) + len(second)))
    models = ["BERT", "GPT", "XLNet", "RoBERTa", "ALBERT", "ELECTRA", "T5"]
    scores = [f"{m} {s}" for m, s in zip(models, (84, 79, 88, 86, 90, 85, 89), strict=True)]
    assert find_contents(_lines({1: body[:5] + scores + body[:5]})) == set()


def _mupdf_line(x0: float, x1: float, y: float, text: str) -> dict[str, Any]:
    span = {"text": text, "size": 10.0, "flags": 0, "font": "Times", "origin": (x0, y)}
    return {"bbox": (x0, y - 8, x1, y + 2), "dir": (1.0, 0.0), "spans": [span]}


def test_text_cells_set_on_one_line_are_a_table_row() -> None:
    from paperdesk.parse.extract import lines_from_dict
    from paperdesk.parse.figures import find_table_cells

    rows = [("Symbol", "Frequency", "Comments"), ("Ø", "1 in 1,000", "For Swedish names")]
    rows += [("π", "1 in 5", "Common in math"), ("$", "4 in 5", "Used in business")]
    prose = "A sentence of running text that is justified across the column."
    block_lines = [_mupdf_line(60, 400, 100, prose)]
    for k, row in enumerate(rows):
        y = 130 + 12 * k
        block_lines += [
            _mupdf_line(60 + 110 * c, 60 + 110 * c + 40, y, t) for c, t in enumerate(row)
        ]
    page = lines_from_dict(1, {"width": 595, "height": 842, "blocks": [{"lines": block_lines}]})
    assert [ln.cells for ln in page.lines] == [1, 3, 3, 3, 3]
    assert find_table_cells(page.lines, set()) == {1, 2, 3, 4}  # the header row too


def test_letter_subsections_restart_under_each_roman_section() -> None:
    from paperdesk.parse.extract import Line
    from paperdesk.parse.headings import find_headings

    texts = ["I. Introduction", "II. Method", "A. Setup", "B. Data", "III. Results"]
    texts += ["A. Accuracy", "B. Speed"]
    lines = [
        Line(1, 50, 40 * i, 300, 40 * i + 10, t, 10.0, True, 2 * i) for i, t in enumerate(texts)
    ]
    lines = [
        x
        for ln in lines
        for x in (ln, Line(1, 50, ln.y0 + 15, 300, ln.y1 + 15, "text.", 10.0, False, ln.block + 1))
    ]
    heads = find_headings(lines, 10.0, set())
    assert [(h.number, h.level) for h in heads] == [
        ("I", 1), ("II", 1), ("A", 2), ("B", 2), ("III", 1), ("A", 2), ("B", 2)
    ]  # fmt: skip
