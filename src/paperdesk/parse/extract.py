"""Lines of text per page, in reading order, without running headers, footers and page numbers.

Works on the output of PyMuPDF's ``page.get_text("dict")``: plain dicts, so that everything
except :func:`read_pages` is testable without PyMuPDF. Reading order comes from line positions:
a page whose text sits in two halves is read left column first, then right column, in bands
separated by full-width lines (title, wide figures), so the columns never interleave.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from paperdesk.parse.glyphs import FontFixes, font_fixes

# Fonts whose name says bold even when MuPDF's flag does not.
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|medi|-bd|\.b$|cmbx|cmb\d", re.I)
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[ivxlc]{1,7}|[-–—]\s*\d{1,4}\s*[-–—]", re.I
)
_SPACING_ACCENT = re.compile(r"([¨´`ˆ˜¸˚ˇ])\s?([A-Za-zıȷ])")
_ACCENTS = {
    "¨": "\u0308",
    "´": "\u0301",
    "`": "\u0300",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "˚": "\u030a",
    "ˇ": "\u030c",
}

_ACCENT_CHARS = re.compile("[" + "".join(_ACCENTS) + "]")

_MARK = re.compile(r"[\d,∗*†‡§¶]+")
#: an affiliation letter, alone or with marks: "a", "b,2", "a,1,", "c,1,3" (Elsevier, langsci)
_LETTER_MARK = re.compile(r"[a-z](?:,[a-z\d∗*†‡§¶]+)*,?")

_NO_SPACE_BEFORE = frozenset(" \t\u00a0,.;:!?)]}’”")
_LIST_HEAD = re.compile(r"(?i)references|bibliography|literature cited")
MARGIN = 0.09  # share of the page height where running headers and footers live


@dataclass(slots=True)
class Line:
    """One visual line of text (spans on the same baseline of one block, joined)."""

    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float  # dominant font size (by characters)
    bold: bool  # mostly bold
    block: int
    col: str = "F"  # "L", "R" or "F" (full width / single column)
    footnote: bool = False
    cells: int = 1  # pieces separated by wide gaps: table cells set on one line


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    stamp: str = ""  # vertical text, e.g. the arXiv stamp in the left margin


_HIGH_LATIN = re.compile("[\u00c0-\u00ff]{2}")


def fix_cp1251(text: str) -> str:
    """Russian text whose font maps its Windows-1251 codes to Latin-1 letters ("ÐÅÔÅÐÀÒ" for
    "РЕФЕРАТ"): a line whose letters are mostly À-ÿ is read back as Cyrillic. French or German
    lines have a few such letters among many plain ones, and are left alone."""
    letters = [ch for ch in text if ch.isalpha()]
    high = sum("\u00c0" <= ch <= "\u00ff" for ch in letters)
    if high < 4 or high < 0.6 * len(letters):
        return text
    try:
        return text.encode("latin-1").decode("cp1251")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def fix_accents(text: str) -> str:
    """TeX PDFs draw ``ö`` as a spacing ``¨`` before ``o``: recombine (``Lo¨ıc`` → ``Loïc``)."""
    import unicodedata

    def repl(m: re.Match[str]) -> str:
        base = {"ı": "i", "ȷ": "j"}.get(m[2], m[2])
        combined = unicodedata.normalize("NFC", base + _ACCENTS[m[1]])
        return combined if len(combined) == 1 else m[0]

    return _SPACING_ACCENT.sub(repl, text)


_bold_fonts: dict[str, bool] = {}


def _font_bold(font: str) -> bool:
    bold = _bold_fonts.get(font)
    if bold is None:
        bold = _bold_fonts[font] = bool(_BOLD_NAME.search(font))
    return bold


def _span_size(span: dict[str, Any]) -> float:
    return span["size"] if span["text"].strip() else 0.0


def lines_from_dict(number: int, page_dict: dict[str, Any], fixes: FontFixes | None = None) -> Page:
    """Turn one page's ``get_text("dict")`` into :class:`Line` objects (reading order later).

    Lines of one block on the same baseline become one line (justified text split by MuPDF,
    ``1`` + ``Introduction`` in a heading), joined left to right. ``fixes`` puts back the
    characters MuPDF cut to 16 bits in the fonts it names (:mod:`paperdesk.parse.glyphs`).
    This loop sees every span of the document, so it is written for speed.
    """
    lines: list[Line] = []
    stamp: list[str] = []
    numbered = _line_number_edges(page_dict)
    for bno, block in enumerate(page_dict.get("blocks", ())):
        if block.get("type", 0) != 0:
            continue
        rows: list[list[Any]] = []  # [x0, y0, x1, y1, parts, sizes, chars, bold_chars]
        for line in block["lines"]:
            spans = line["spans"]
            dx, dy = line["dir"]
            if dy > 0.2 or dy < -0.2 or dx < 0:  # rotated text: stamps, axis labels
                stamp.append("".join(sp["text"] for sp in spans))
                continue
            x0, y0, x1, y1 = line["bbox"]
            if (
                numbered
                and ((round(x0), 0) in numbered or (round(x1), 1) in numbered)
                and "".join(sp["text"] for sp in spans).strip().isdigit()
            ):
                continue
            row = None
            for r in rows:
                if -2.0 < r[3] - y1 < 2.0 and -3.0 < r[1] - y0 < 3.0:
                    row = r
                    break
            if row is None:
                row = [x0, y0, x1, y1, [], {}, 0, 0]
                rows.append(row)
            else:
                row[0], row[1] = min(row[0], x0), min(row[1], y0)
                row[2], row[3] = max(row[2], x1), max(row[3], y1)
            sizes = row[5]
            texts: list[str] = []
            end = 0.0  # where the last kept span ended
            if len(spans) > 1:
                big = max(spans, key=_span_size)
                small, raised = 0.75 * big["size"], big["origin"][1] - 0.15 * big["size"]
            else:
                small = raised = 0.0
            for sp in spans:
                t = sp["text"]
                n = len(t)
                if not n:
                    continue
                size = sp["size"]
                box = sp.get("bbox")
                if size < small and sp["origin"][1] < raised and _mark(t.strip(), texts):
                    if box:
                        end = box[2]
                    continue  # a footnote or affiliation mark: "benchmark.1" reads "benchmark."
                if fixes and sp["font"] in fixes:
                    t = t.translate(fixes[sp["font"]])
                if box:
                    # a word space MuPDF left out after a subscript: "𝑎𝑏 title", not "𝑎𝑏title"
                    if (
                        texts
                        and box[0] - end > 0.25 * size
                        and t[0] not in _NO_SPACE_BEFORE
                        and not texts[-1][-1].isspace()
                    ):
                        t = " " + t
                    end = box[2]
                texts.append(t)
                sizes[size] = sizes.get(size, 0) + n
                row[6] += n
                if sp["flags"] & 16 or _font_bold(sp["font"]):
                    row[7] += n
            if texts:
                row[4].append((x0, "".join(texts), x1))
        for x0, y0, x1, y1, parts, sizes, chars, bold_chars in rows:
            if len(parts) > 1:
                parts.sort(key=lambda p: p[0])
            text = " ".join(p[1].strip() for p in parts).strip()
            if not text:
                continue
            gap = max(sizes, key=sizes.__getitem__)  # an em: wider than any justified space
            cells = 1 + sum(b[0] - a[2] > gap for a, b in pairwise(parts))
            if _ACCENT_CHARS.search(text):
                text = fix_accents(text)
            if _HIGH_LATIN.search(text):
                text = fix_cp1251(text)
            size = round(max(sizes, key=sizes.__getitem__) * 2) / 2
            bold = bold_chars >= 0.6 * chars
            lines.append(Line(number, x0, y0, x1, y1, text, size, bold, bno, cells=cells))
    return Page(number, page_dict["width"], page_dict["height"], lines, " ".join(stamp))


def _mark(text: str, before: list[str]) -> bool:
    """A small raised span that marks a footnote or an affiliation: digits and symbols, or a
    letter right after a word ("Jane Wilson^c"; not "20^th", "M^lle")."""
    if _MARK.fullmatch(text):
        return True
    last = before[-1].rstrip() if before else ""
    if text == ")" and last[-1:].isalpha():  # PTP's "Tomonaga^{1,∗)}": the marks went before
        return True
    return bool(_LETTER_MARK.fullmatch(text)) and last[-1:].isalpha()


def _line_number_edges(page_dict: dict[str, Any]) -> set[tuple[int, int]]:
    """A review copy's line numbers (lineno): bare numbers counting up by one, stacked with one
    edge at one x (left edge 0, right edge 1). MuPDF puts each in the block of the line it
    numbers, where it would join that line's text."""
    at: dict[tuple[int, int], list[tuple[float, int]]] = {}
    for block in page_dict.get("blocks", ()):
        for line in block.get("lines", ()):
            text = "".join(sp["text"] for sp in line["spans"]).strip()
            if text.isdigit() and len(text) <= 4:
                x0, y0, x1, _ = line["bbox"]
                for key in ((round(x0), 0), (round(x1), 1)):
                    at.setdefault(key, []).append((y0, int(text)))
    out = set()
    for key, found in at.items():
        if len(found) < 4:
            continue
        found.sort()
        steps = [b - a for (_, a), (_, b) in pairwise(found)]
        ones = sum(s == 1 for s in steps)
        # a last page's few lines carry on from the page before (a table's rank column
        # starts at 1)
        if (len(found) >= 8 and ones >= 0.6 * len(steps)) or (
            ones == len(steps) and found[0][1] > 20
        ):
            out.add(key)
    return out


def body_font_size(pages: list[Page]) -> float:
    """The size most characters are set in: the body text."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def remove_running(pages: list[Page]) -> None:
    """Drop page numbers and lines repeated in the top or bottom margin of many pages."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {_margin_key(ln.text) for ln in page.lines if _in_margin(ln, page)}
        seen.update(keys)
    threshold = max(2, int(0.3 * len(pages)))
    running = {k for k, n in seen.items() if n >= threshold}
    for page in pages:
        page.lines = [
            ln for ln in page.lines if not (_in_margin(ln, page) and _running(ln, running))
        ]


def _running(ln: Line, running: set[str]) -> bool:
    return _margin_key(ln.text) in running or bool(_PAGE_NUMBER.fullmatch(ln.text.strip()))


def _in_margin(ln: Line, page: Page) -> bool:
    return ln.y1 <= page.height * MARGIN or ln.y0 >= page.height * (1 - MARGIN)


def order_page(page: Page, body_size: float) -> list[Line]:
    """The page's lines in reading order; footnotes (small text below a column's body) last,
    flagged, so that the caller can move them out of the running text."""
    center = _text_center(page)
    total = sum(len(ln.text) for ln in page.lines) or 1
    for ln in page.lines:
        if ln.x1 < center + 5 and ln.x0 < center - 5:
            ln.col = "L"
        elif ln.x0 > center - 5 and ln.x1 > center + 5:
            ln.col = "R"
        else:
            ln.col = "F"
    left = sum(len(ln.text) for ln in page.lines if ln.col == "L")
    right = sum(len(ln.text) for ln in page.lines if ln.col == "R")
    full = total - left - right
    # a page of two columns whose right one holds only a few lines (the last page: the
    # reference list on the left, an appendix starting on the right) is still two columns;
    # a one-column page has most of its text in lines that cross the middle
    two_columns = (left >= 0.15 * total and right >= 0.15 * total) or (
        left >= 0.05 * total and right >= 0.05 * total and full < 0.3 * total
    )
    if not two_columns:
        for ln in page.lines:
            ln.col = "F"
    _mark_footnotes(page, body_size)
    main = [ln for ln in page.lines if not ln.footnote]
    notes = [
        x
        for col in "LRF"
        for x in baseline_rows([ln for ln in page.lines if ln.footnote and ln.col == col])
    ]
    if not two_columns:
        return baseline_rows(main) + notes
    ordered: list[Line] = []
    band: list[Line] = []
    for ln in sorted(main, key=lambda x: x.y0):
        if ln.col == "F":
            ordered += _band(band)
            band = []
            ordered.append(ln)
        else:
            band.append(ln)
    ordered += _band(band)
    return ordered + notes


def _text_center(page: Page) -> float:
    """The middle of the text block, where two columns meet: the page's middle unless the
    text sits off-centre (a wide inner margin), measured on lines long enough to be text."""
    long = [ln for ln in page.lines if len(ln.text) >= 20]
    if len(long) < 10:
        return page.width / 2
    left = sorted(ln.x0 for ln in long)[len(long) // 20]  # the 5% quantiles: no outliers
    right = sorted(ln.x1 for ln in long)[-1 - len(long) // 20]
    middle = (left + right) / 2
    return middle if abs(middle - page.width / 2) > 0.03 * page.width else page.width / 2


def _band(lines: list[Line]) -> list[Line]:
    left = [x for x in lines if x.col == "L"]
    return baseline_rows(left) + baseline_rows([x for x in lines if x.col == "R"])


def baseline_rows(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines sharing a baseline left to right."""
    lines = sorted(lines, key=lambda x: x.y1)
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j].y1 - lines[i].y1 < 2.0:
            j += 1
        out += sorted(lines[i:j], key=lambda x: x.x0)
        i = j
    return out


def _mark_footnotes(page: Page, body_size: float) -> None:
    """Small text below the last body line of its column, in the lower part of the page (the
    reference list, one point smaller than the body, is not small enough to count)."""
    for col in ("L", "R", "F"):
        lines = [ln for ln in page.lines if ln.col == col]
        body = [ln.y0 for ln in lines if ln.size >= body_size - 0.5]
        last_body = max(body, default=0.0)
        notes = [
            ln
            for ln in lines
            if ln.size <= body_size - 1.4 and ln.y0 > last_body and ln.y0 > 0.6 * page.height
        ]
        if notes and _LIST_HEAD.fullmatch(min(notes, key=lambda x: x.y0).text.strip()):
            continue  # a reference list set small that begins low in the column (IEEE)
        if len(notes) <= max(3, 0.4 * len(lines)):
            for ln in notes:
                ln.footnote = True


def read_pages(doc: Any) -> list[Page]:
    """Every page of an open PyMuPDF document as :class:`Page` (runs in the worker)."""
    import pymupdf

    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
    pages = []
    fonts: dict[int, tuple[str, dict[int, str]]] = {}
    for i, page in enumerate(doc, start=1):
        fixes = font_fixes(doc, page, fonts)
        pages.append(lines_from_dict(i, page.get_text("dict", flags=flags), fixes))
    return pages


def reading_order(pages: list[Page]) -> tuple[list[Line], float]:
    """All lines of the document in reading order, and the body font size."""
    size = body_font_size(pages)
    remove_running(pages)
    out: list[Line] = []
    for page in pages:
        out += order_page(page, size)
    return out, size
