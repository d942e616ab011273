"""parse.figures: captions found and spanned, table cells and a figure's own labels told from
the running text around them."""

from __future__ import annotations

from paperdesk.parse.extract import Line
from paperdesk.parse.figures import caption_label, find_captions, find_figure_text, find_table_cells

BODY = 10.0


def line(
    text: str,
    y0: float,
    *,
    block: int = 0,
    size: float = BODY,
    bold: bool = False,
    page: int = 1,
    cells: int = 1,
    x0: float = 72,
) -> Line:
    ln = Line(page, x0, y0, x0 + 200, y0 + size, text, size, bold, block, "F")
    ln.cells = cells
    return ln


def test_caption_label() -> None:
    assert caption_label("Figure 3: Attention weights") == "Figure 3"
    assert caption_label("Fig. 1. Overview") == "Fig. 1"
    assert caption_label("TABLE 2 Results on GLUE") == "Table 2"
    assert caption_label("Table A.1: More results") == "Table A.1"
    assert caption_label("Algorithm 1 Training loop") == "Algorithm 1"
    assert caption_label("Table 2:") == "Table 2"
    assert caption_label("Table 2") is None  # a bare label inside the figure
    assert caption_label("Figures show that") is None
    assert caption_label("The Figure 3 caption") is None


def test_a_caption_runs_through_its_block_and_stops_at_the_next() -> None:
    lines = [
        line("The paragraph before the figure ends here.", 100, block=0),
        line("Figure 1: The model. Its encoder", 300, block=1),
        line("and decoder are shown.", 312, block=1),
        line("Table 1: Scores.", 400, block=2),
        line("After the table the text goes on.", 500, block=3),
    ]
    caps = find_captions(lines, BODY, set())
    assert [(c.label, c.indices, c.page) for c in caps] == [
        ("Figure 1", [1, 2], 1),
        ("Table 1", [3], 1),
    ]
    assert find_captions(lines, BODY, {1, 2, 3}) == []  # lines already taken are skipped


def test_a_mention_inside_a_paragraph_is_no_caption() -> None:
    lines = [
        line("As the results show, and as", 100, block=0),
        line("Table 2 shows, we win.", 112, block=0),
    ]
    assert find_captions(lines, BODY, set()) == []
    # set smaller than the body, it is a caption even inside a block, and runs on in its size
    small = [
        line("Some body text here.", 100, block=0),
        line("Table 2: Results of all runs", 112, block=0, size=8.5),
        line("on the test set.", 122, block=1, size=8.5),  # MuPDF made it a block of its own
        line("Body text again.", 140, block=2),
    ]
    caps = find_captions(small, BODY, set())
    assert [(c.label, c.indices) for c in caps] == [("Table 2", [1, 2])]


def test_a_figure_s_own_labels_above_its_caption_are_found() -> None:
    lines = [
        line("The paragraph before the figure ends with a sentence.", 100, block=0),
        line("Encoder", 150, block=1, size=7),
        line("0.2 0.4 0.6", 170, block=2),
        line("Decoder", 190, block=3),
        line("Figure 2: Architecture.", 220, block=4),
        line("Table 3: Not a figure.", 400, block=5),
    ]
    caps = find_captions(lines, BODY, set())
    assert [c.label for c in caps] == ["Figure 2", "Table 3"]
    assert find_figure_text(lines, BODY, caps, set()) == {1, 2, 3}


def test_table_cells_are_runs_of_rows_with_their_header() -> None:
    lines = [
        line("We compare the models in the table below on three tasks.", 100),
        line("Model Acc F1", 130, cells=3),
        line("BERT 84.1 80.2", 142, cells=3),
        line("RoBERTa 87.6 85.0", 154, cells=3),
        line("Ours 88.0 86.1", 166, cells=3),
        line("The table shows that ours is best by a small but clear margin.", 200),
    ]
    assert find_table_cells(lines, set()) == {1, 2, 3, 4}
    # a single row of numbers is no table
    assert find_table_cells([lines[0], lines[2], lines[5]], set()) == set()


def test_numbers_set_as_one_line_are_table_rows() -> None:
    lines = [
        line("Results follow.", 100),
        line("12.1 13.4 15.0 17.2", 130),
        line("11.0 12.9 14.8 16.3", 142),
        line("Prose that ends the table and goes on for a while.", 170),
    ]
    assert find_table_cells(lines, set()) == {1, 2}
    assert find_table_cells(lines, {1}) == set()  # skipped lines break the run
