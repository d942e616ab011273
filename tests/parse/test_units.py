"""The pieces of the parser on hand-made lines (no PDF needed)."""

from __future__ import annotations

from paperdesk.parse.extract import Line
from paperdesk.parse.headings import _follows, find_headings
from paperdesk.parse.references import split_entries


def line(
    text: str,
    *,
    page: int = 1,
    x0: float = 72,
    y0: float = 100,
    size: float = 10,
    bold: bool = False,
    col: str = "L",
    width: float = 200,
) -> Line:
    return Line(page, x0, y0, x0 + width, y0 + size, text, size, bold, 0, col)


def test_section_numbers_must_follow_each_other() -> None:
    assert _follows((1,), None) and _follows((2,), (1,)) and _follows((2, 1), (2,))
    assert _follows((3,), (2, 4)) and _follows((2, 1, 1), (2, 1))
    assert not _follows((2,), (2, 1)) and not _follows((12,), (2,))
    assert not _follows((1,), (3, 2)) and not _follows((7,), None)


def test_bold_table_rows_and_list_items_are_not_headings() -> None:
    lines = [
        line("1 Introduction", size=12, bold=True),
        line("Some body text that is long enough to be body text."),
        line("3 Baseline 0.51 0.62", bold=True),  # a bold table row: numbers, wrong order
        line("1 The first item of a list is not bold"),
        line("2 Method", size=12, bold=True),
        line("2.1 Setup", size=11, bold=True),
        line("Conclusion", size=12, bold=True),
        line("references.", size=10),  # a line of body text, not the heading
        line("References", size=12, bold=True),
        line("A Appendix A - More Results", size=12, bold=True),
    ]
    heads = [(h.number, h.title, h.level) for h in find_headings(lines, 10.0, set())]
    assert heads == [
        ("1", "Introduction", 1),
        ("2", "Method", 1),
        ("2.1", "Setup", 2),
        (None, "Conclusion", 1),
        (None, "References", 1),
        ("A", "More Results", 1),
    ]


def test_inline_abstract_is_a_heading() -> None:
    lines = [line("Abstract—We study things. They matter."), line("1 Introduction", bold=True)]
    heads = find_headings(lines, 10.0, set())
    assert [h.title for h in heads] == ["Abstract", "Introduction"]
    assert lines[0].text == "We study things. They matter."
    assert heads[0].start == 0


def test_reference_entries_by_label_indent_and_gap() -> None:
    numbered = [
        line("[1] A. Author. A title that goes on", y0=100),
        line("and on. In Proc. 2019.", y0=112),
        line("[2] B. Author. Another.", y0=124),
        line("[3] C. Author. Third.", y0=136),
    ]
    assert [len(g) for g in split_entries(numbered)] == [2, 1, 1]
    hanging = [
        line("Ada Lovelace. 1843. Notes on", x0=72, y0=100),
        line("the engine. In Memoirs.", x0=82, y0=111),
        line("Alan Turing. 1936. Computable numbers.", x0=72, y0=122),
        line("Grace Hopper. 1952. The education", x0=72, y0=133),
        line("of a computer. In ACM.", x0=82, y0=144),
    ]
    assert [len(g) for g in split_entries(hanging)] == [2, 1, 2]
    gaps = [
        line("Ada Lovelace. 1843. Notes on", y0=100),
        line("the analytical", y0=111),
        line("engine.", y0=122),
        line("Alan Turing. 1936. Numbers.", y0=140),
        line("Grace Hopper. 1952.", y0=158),
        line("The education of a", y0=169),
        line("computer.", y0=180),
    ]
    assert [len(g) for g in split_entries(gaps)] == [3, 1, 3]
