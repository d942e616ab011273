"""Figure and table captions, table cells and the text inside figures: kept out of the running
text.

In reading order a caption sits between two lines of the paragraph around its figure, and a
table's cells between two lines of a sentence; joined as text they cut that sentence and fill a
passage with numbers. Captions become passages of their own (a caption is often what a reader
remembers of a result); table cells and a figure's own labels (legends, ticks, axis titles,
the words in its boxes) are dropped.

A caption starts a block with ``Figure 3:``, ``Fig. 1.``, ``Table 2.``, ``Table 2 Results`` and
runs on through its block (or, set smaller than the body, through the lines in its size right
below). Table cells are rows of one column that hold several separate cells (pieces of one line
an em or more apart count as cells) or mostly numbers, two or more such rows running on, with
the header row right above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdesk.parse.extract import Line

_CAPTION = re.compile(
    r"(?P<label>(?:Figure|Fig\.|FIGURE|FIG\.|Table|TABLE|Tab\.|Algorithm|Listing)\s*"
    r"(?:[A-Z]\.?)?\d{1,3}(?:\.\d{1,2})?[a-z]?)"
    r"(?:\s*[:.|—–]\s*|\s+(?=[A-Z(]))(?P<rest>.*)"
)
_NUMERIC = re.compile(
    r"[(\[]?[-+±−–~≈<>]?\$?\d[\d.,]*(?:[%×x]|e[-+]?\d+|[kKMBG])?"
    r"(?:\s?±\s?\d[\d.,]*)?[)\]]?[*†‡§¶]*|[-–—±✓✗×]|n/?a|–"
)
#: a whole word that is a number or a mark: counted in one pass over the line
_NUMERIC_WORD = re.compile(r"(?<!\S)(?:" + _NUMERIC.pattern + r")(?!\S)")
MAX_CAPTION_LINES = 14
CELL_WORDS = 6  # a cell holds at most this many words (longer is prose)


@dataclass(slots=True)
class Caption:
    label: str  # "Figure 3", "Table 2"
    indices: list[int]  # its lines in the document's line stream
    page: int


def _starts_block(lines: list[Line], i: int) -> bool:
    if i == 0:
        return True
    prev, ln = lines[i - 1], lines[i]
    return prev.page != ln.page or prev.block != ln.block or prev.col != ln.col


def caption_label(text: str) -> str | None:
    """``"Figure 3"`` when ``text`` opens a caption, else None."""
    m = _CAPTION.match(text.strip())
    if m is None:
        return None
    if not m["rest"].strip() and not text.strip().endswith((":", ".")):
        return None  # a bare "Table 2" line: a figure's own label, not its caption
    return " ".join(m["label"].replace("FIGURE", "Figure").replace("TABLE", "Table").split())


def find_captions(lines: list[Line], body: float, skip: set[int]) -> list[Caption]:
    """Every caption: its label and the lines it spans."""
    out: list[Caption] = []
    taken: set[int] = set()
    for i, ln in enumerate(lines):
        if i in skip or i in taken or ln.footnote:
            continue
        label = caption_label(ln.text)
        if label is None:
            continue
        small = ln.size <= body - 0.4
        if not (_starts_block(lines, i) or small or ln.bold):
            continue  # "Table 2 shows ..." inside a paragraph
        idx = [i]
        j = i + 1
        while j < len(lines) and len(idx) < MAX_CAPTION_LINES:
            nxt, prev = lines[j], lines[j - 1]
            if j in skip or nxt.page != ln.page or nxt.footnote or caption_label(nxt.text):
                break
            same_block = nxt.block == prev.block and nxt.col == prev.col
            same_style = (
                small
                and abs(nxt.size - ln.size) < 0.3
                and nxt.col == prev.col
                and 0 < nxt.y0 - prev.y0 < 1.8 * ln.size
            )
            if not (same_block or same_style):
                break
            idx.append(j)
            j += 1
        taken.update(idx)
        out.append(Caption(label, idx, ln.page))
    return out


FIGURE_LABEL_WORDS = 8  # a box label, legend entry or axis title is this short at most


def find_figure_text(
    lines: list[Line], body: float, captions: list[Caption], skip: set[int]
) -> set[int]:
    """Indices of lines a drawn figure prints inside itself (box labels, legends, tick labels,
    axis titles): the run of short lines right above its caption, in its column, set smaller
    than the body or as numbers; short body-size lines that end no sentence count too. The
    paragraph line above the figure ends the run."""
    out: set[int] = set()
    for c in captions:
        if not c.label.startswith(("Figure", "Fig")):
            continue
        cap = lines[c.indices[0]]
        i = c.indices[0] - 1
        while i >= 0 and i not in skip:
            ln = lines[i]
            if ln.page != cap.page or ln.col != cap.col or ln.footnote or ln.y0 > cap.y0:
                break
            if not _figure_label(ln, body):
                break
            out.add(i)
            i -= 1
    return out


def _figure_label(ln: Line, body: float) -> bool:
    words = ln.text.split()
    if not words or len(words) > FIGURE_LABEL_WORDS:
        return False
    if len(_NUMERIC_WORD.findall(ln.text)) == len(words):
        return True  # tick labels
    if ln.size <= body - 0.5:
        return True
    return len(words) <= 3 and not ln.text.rstrip().endswith((".", ",", ";", ":", "?", "!"))


@dataclass(slots=True)
class _Shape:
    """What the table test needs of one line, computed once."""

    nums: int  # words that are numbers, signs or marks
    words: int
    cells: int

    @property
    def cell_like(self) -> bool:
        return self.words <= CELL_WORDS * self.cells or self.nums >= 0.5 * self.words


def _shape(ln: Line) -> _Shape:
    words = ln.text.split()
    if len(words) > 40:  # prose: never a cell, not worth matching word by word
        return _Shape(0, len(words), ln.cells)
    nums = len(_NUMERIC_WORD.findall(ln.text))
    return _Shape(nums, len(words), ln.cells)


def find_table_cells(lines: list[Line], skip: set[int]) -> set[int]:
    """Indices of lines that are cells of a table (runs of grid-like or numeric rows)."""
    by_column: dict[tuple[int, str], list[int]] = {}
    for i, ln in enumerate(lines):
        if i not in skip and not ln.footnote:
            by_column.setdefault((ln.page, ln.col), []).append(i)
    shapes: dict[int, _Shape] = {}
    out: set[int] = set()
    for idx in by_column.values():
        idx.sort(key=lambda i: lines[i].y1)
        col_rows: list[list[int]] = []
        for i in idx:  # lines on one baseline: one row
            if col_rows and lines[i].y1 - lines[col_rows[-1][0]].y1 < 2.0:
                col_rows[-1].append(i)
            else:
                col_rows.append([i])
        for i in idx:
            shapes[i] = _shape(lines[i])
        run: list[list[int]] = []
        for k, row in enumerate([*col_rows, []]):
            if row and _table_row([shapes[i] for i in row]):
                run.append(row)
                continue
            if len(run) >= 2:
                head = k - len(run) - 1  # the header row ("Model Acc F1"): words, no numbers
                if head >= 0 and _header_row(lines, col_rows[head], run):
                    run.insert(0, col_rows[head])
                out.update(i for r in run for i in r if shapes[i].cell_like)
            run = []
    return out


def _header_row(lines: list[Line], row: list[int], run: list[list[int]]) -> bool:
    """Short cells right above a table's first row, no further from it than its rows are
    from each other."""
    if not all(len(lines[i].text.split()) <= CELL_WORDS for i in row):
        return False
    if lines[row[-1]].text.rstrip().endswith((".", ":", ",")):
        return False  # the end of the sentence that introduces the table
    top = lines[run[0][0]].y1
    step = (lines[run[-1][0]].y1 - top) / (len(run) - 1)
    return 0 < top - lines[row[0]].y1 <= 1.6 * step


def _table_row(row: list[_Shape]) -> bool:
    """Several separate cells on one baseline, or mostly numbers (a row set as one line)."""
    nums = sum(x.nums for x in row)
    words = sum(x.words for x in row)
    if words == 0 or words > 40:
        return False
    cells = sum(x.cells for x in row if x.cell_like)
    short = words <= 4 * cells  # a few words a cell, not prose set with wide spaces
    all_cells = all(x.cell_like for x in row)
    return (cells >= 3 and all_cells and short) or (nums >= 2 and nums >= 0.5 * words)
