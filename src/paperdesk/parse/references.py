"""The reference list: where it runs, how it splits into entries, and what each entry cites.

The list is read from its heading to the end of the document in its own reading order (a page
whose reference column sits beside a few lines of appendix is still read column by column), and
stops at the next heading-like line (bold and larger than the entries). Lines set in another
size than the entries (figure labels, captions, a table on a page the list runs across) are
skipped, not taken as text of the entry they interrupt. With no reference heading at all
(APS/AIP styles end with a bare numbered list) the last numbered list of the document is used.

Entries are found, in order of reliability, by their labels (``[12]``, ``12.``, ``(12)``,
``[Vas17]``, counting up), by a hanging indent (first line flush, the rest indented: ACL,
NeurIPS, ICLR author-year styles), or by the vertical gap between entries.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from paperdesk.parse.extract import Line, Page
from paperdesk.parse.refparse import parse_entry
from paperdesk.parse.text import Vocabulary, join_lines

_LABELS = (
    re.compile(r"\[(\d{1,3})\]"),
    re.compile(r"(\d{1,3})\.(?:\s+|(?=[A-Z]))\S"),
    re.compile(r"\((\d{1,3})\)\s*\S"),
    re.compile(r"(\d{1,3})\s+[A-Z]"),
)
_ALPHA_LABEL = re.compile(r"\[[A-Za-z][A-Za-z+.\- ]{0,20}\d{2,4}[a-z]?\]")
_HEADING_WORDS = re.compile(
    r"(appendix|appendices|supplementary|acknowledge?ments?|checklist|author contributions|"
    r"broader impacts?|ethics statement|limitations)\b",
    re.I,
)
_RECEIVED = re.compile(r"received:?\s+(?:\d{1,2}\s+)?[a-z]+\.?\s+\d", re.I)  # ACM's history line
_NOTE_MARK = re.compile(r"\s*[∗*†‡§¶]")  # a table's or figure's footnote, not an entry
_NUMBERED_HEADING = re.compile(r"(?:[A-Z]|\d{1,2})(?:\.\d{1,2})*\.?\s+[A-Z]")
MAX_JUMP = 10  # a bracket label may skip this many numbers (an entry lost by the extraction)
_URL_BREAK = re.compile(r"\b(https?:|(?:https?://|doi:\s?|doi\.org/)?10\.\d{4,9}/\S*\.)\s(//|\d)")


@dataclass(slots=True)
class ReferenceSpec:
    """One entry: its text as printed and the fields parsed from it."""

    text: str
    arxiv_id: str | None
    doi: str | None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    url: str | None = None


def find_references(
    pages: Sequence[Page],
    lines: Sequence[Line],
    starts: Iterable[int],
    vocab: Vocabulary,
    skip: Iterable[int] = (),
) -> list[ReferenceSpec]:
    """The entries of every reference list, given the index in ``lines`` (reading order) of
    each reference heading; with no heading, the document's trailing numbered list. Lines at
    the indices in ``skip`` (captions, table cells) are not text of any entry."""
    boxes = {p.number: (p.width, p.height) for p in pages}
    out: list[ReferenceSpec] = []
    starts = list(starts)
    skipped = {id(lines[i]) for i in skip}
    if not starts:
        tail = _trailing_list(lines)
        if tail is None:
            return _trailing_unlabelled(lines, boxes, skipped, vocab)
        starts = [tail - 1]
    for start in starts:
        region = list_lines(lines, start, boxes, skipped)
        entries = references(region, vocab)
        if _by_labels(region) is not None or _looks_like_references(entries):
            out += entries
    return out


def _looks_like_references(entries: list[ReferenceSpec]) -> bool:
    """Unlabelled entries: a section titled References that is prose about references (a
    manual) has paragraphs that do not start with names, and few years or identifiers; in a
    reference list most entries have one or the other."""
    if not entries:
        return True
    named = sum(bool(e.authors) for e in entries)
    dated = sum(bool(e.year or e.doi or e.arxiv_id or e.url) for e in entries)
    return named >= 0.5 * len(entries) or (len(entries) >= 4 and dated >= 0.5 * len(entries))


def references(lines: list[Line], vocab: Vocabulary) -> list[ReferenceSpec]:
    """The entries of a reference list's lines, each parsed into its fields."""
    out: list[ReferenceSpec] = []
    for group in split_entries(lines):
        text = _repair_breaks(join_lines(group, vocab))
        if len(text) < 12:
            continue
        f = parse_entry(text)
        out.append(
            ReferenceSpec(text, f.arxiv_id, f.doi, f.title, f.authors, f.year, f.venue, f.url)
        )
    return out


def _repair_breaks(text: str) -> str:
    """``https://doi.org/10.1145/1188913. 1188915`` and ``http: //www…`` broken at a line end."""
    return _URL_BREAK.sub(r"\1\2", text)


def list_lines(
    lines: Sequence[Line],
    heading: int,
    boxes: dict[int, tuple[float, float]],
    skipped: set[int] | frozenset[int] = frozenset(),
) -> list[Line]:
    """The lines of the list under ``lines[heading]`` (-1: from the first line), in the list's
    reading order, up to the next heading, without lines in another font size or margin line
    numbers. Returns copies whose ``col`` is the column the list is read in (the document's
    lines are left as they are)."""
    start = heading + 1
    if start >= len(lines):
        return []
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    anchor = lines[heading] if heading >= 0 else lines[0]
    region: list[Line] = []
    for page in sorted({ln.page for ln in lines[start:]}):
        ordered = _page_order(by_page[page], boxes.get(page, (0.0, 0.0))[0])
        if page == anchor.page:  # the heading's page: what follows the heading there
            at = next(i for i, (ln, _) in enumerate(ordered) if ln is anchor)
            ordered = ordered[at + 1 if heading >= 0 else at :]
        region += [
            replace(ln, col=col)
            for ln, col in ordered
            if ln.text.strip() and id(ln) not in skipped and not _NOTE_MARK.match(ln.text)
        ]
    region = _without_running(_without_line_numbers(region), lines)
    if not region:
        return []
    size = _entry_size(region)
    out: list[Line] = []
    for ln in region:
        if _stops(ln, size) and out:
            break
        if abs(ln.size - size) <= 1.1:
            out.append(ln)
    return out


def _without_line_numbers(region: list[Line]) -> list[Line]:
    """Review copies number every line in the margin: bare numbers stacked at one x."""
    at: Counter[int] = Counter(round(ln.x0) for ln in region if ln.text.strip().isdigit())
    margin = {x for x, n in at.items() if n >= 5}
    return [ln for ln in region if not (ln.text.strip().isdigit() and round(ln.x0) in margin)]


def _without_running(region: list[Line], lines: Sequence[Line]) -> list[Line]:
    """Running headers and footers the extraction kept (too few pages, just inside its margin):
    the topmost or bottommost line of its page, set apart from the text, repeated (numbers
    aside) as the topmost or bottommost line of another page at the same height."""
    edges: dict[int, list[Line]] = {}
    for ln in lines:
        top, bottom = edges.setdefault(ln.page, [ln, ln])
        if ln.y0 < top.y0:
            edges[ln.page][0] = ln
        if ln.y0 > bottom.y0:
            edges[ln.page][1] = ln
    seen: dict[str, set[tuple[int, int]]] = {}
    for page, pair in edges.items():
        for ln in pair:
            seen.setdefault(_running_key(ln.text), set()).add((page, round(ln.y0)))
    ys: dict[int, list[float]] = {}
    for ln in lines:
        ys.setdefault(ln.page, []).append(ln.y0)
    out = []
    for ln in region:
        edge = any(ln.text is e.text and ln.y0 == e.y0 for e in edges[ln.page])
        apart = all(abs(y - ln.y0) > 1.6 * ln.size or y == ln.y0 for y in ys[ln.page])
        if edge and apart:
            spots = seen.get(_running_key(ln.text), set())
            y = round(ln.y0)
            if any(p != ln.page and abs(at - y) <= 2 for p, at in spots):
                continue
        out.append(ln)
    return out


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _entry_size(region: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in region[:60]:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0]


def _stops(ln: Line, size: float) -> bool:
    """A heading after the list: bold and larger, short, not an entry label."""
    text = ln.text.strip()
    if len(text) > 90 or _starts_label(text):
        return False
    if ln.size >= size + 0.9 and (ln.bold or _NUMBERED_HEADING.match(text)):
        return True
    if ln.size >= size + 2.5 and len(text) < 60 and not text.endswith((".", ",")):
        return True  # a heading in a font that does not say bold
    if _RECEIVED.match(text):
        return True
    return ln.size >= size + 0.9 and bool(_HEADING_WORDS.match(text)) and len(text) < 40


def _starts_label(text: str) -> bool:
    return bool(_LABELS[0].match(text) or _ALPHA_LABEL.match(text))


def _page_order(lines: list[Line], width: float) -> list[tuple[Line, str]]:
    """One page's lines read column by column, in bands between full-width lines, each with
    its column. Columns are the extraction's when it found them, else the lines' sides of the
    page (a page of references beside a few lines of appendix text, or two short columns of
    references above a one-column appendix)."""
    cols = {id(ln): ln.col for ln in lines}
    if width and all(c == "F" for c in cols.values()):
        center = width / 2
        side = {
            id(ln): (
                "L"
                if ln.x1 < center + 5 and ln.x0 < center - 5
                else "R"
                if ln.x0 > center - 5
                else "F"
            )
            for ln in lines
        }
        n_left = sum(v == "L" for v in side.values())
        n_right = sum(v == "R" for v in side.values())
        # two short columns of references over a one-column appendix are still two columns
        if n_left >= 2 and n_right >= 2:
            cols = side
    two = any(c != "F" for c in cols.values())
    ordered: list[tuple[Line, str]] = []
    band: list[Line] = []
    for ln in sorted(lines, key=lambda x: (x.y0, x.x0)):
        if two and cols[id(ln)] == "F":
            ordered += _band(band, cols, closed=True)
            band = []
            ordered.append((ln, "F"))
        else:
            band.append(ln)
    return ordered + _band(band, cols)


def _band(
    lines: list[Line], cols: dict[int, str], *, closed: bool = False
) -> list[tuple[Line, str]]:
    """Left column, then right. A band closed by full-width text below it holds balanced
    columns: a heading on the left below the right column's end (and what follows it) comes
    after the right column."""
    by_col = {
        col: _rows(sorted((x for x in lines if cols[id(x)] == col), key=lambda x: (x.y1, x.x0)))
        for col in "FLR"
    }
    tail: list[Line] = []
    if closed and by_col["L"] and by_col["R"]:
        bottom = max(x.y1 for x in by_col["R"])
        usual = Counter(x.size for x in by_col["R"]).most_common(1)[0][0]
        left = by_col["L"]
        cut = next(
            (
                i
                for i, x in enumerate(left)
                if x.y0 > bottom and (x.bold or abs(x.size - usual) >= 0.9)
            ),
            len(left),
        )
        by_col["L"], tail = left[:cut], left[cut:]
    return [(x, col) for col in "FLR" for x in by_col[col]] + [(x, "L") for x in tail]


def _rows(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines sharing a baseline (a label and its entry) left to right."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and lines[j].y1 - lines[i].y1 < 2.0:
            j += 1
        out += sorted(lines[i:j], key=lambda x: x.x0)
        i = j
    return out


def _trailing_unlabelled(
    lines: Sequence[Line],
    boxes: dict[int, tuple[float, float]],
    skipped: set[int],
    vocab: Vocabulary,
) -> list[ReferenceSpec]:
    """No heading and no labels (AIP, some APS styles): the run of lines at the end of the
    document in one font size smaller than the body's, if it splits by a hanging indent into
    entries that read as references."""
    if not lines:
        return []
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    body = sizes.most_common(1)[0][0]
    last_pages = sorted({ln.page for ln in lines})[-3:]
    ordered = [
        replace(ln, col=col)
        for page in last_pages
        for ln, col in _page_order([x for x in lines if x.page == page], boxes[page][0])
        if id(ln) not in skipped and ln.text.strip()
    ]
    ordered = _without_running(_without_line_numbers(ordered), lines)
    size = ordered[-1].size if ordered else body
    if size > body - 0.9:
        return []
    run: list[Line] = []
    for ln in reversed(ordered):
        if abs(ln.size - size) > 0.3:
            if ln.size >= body - 0.5:
                break
            continue
        run.append(ln)
    run.reverse()
    groups = _by_indent(run)
    if groups is None or len(groups) < 5:
        return []
    entries = references(run, vocab)
    # no heading to go by: most entries must have both names and a year (not an index, code
    # or footnotes)
    both = sum(bool(e.authors and (e.year or e.doi or e.arxiv_id)) for e in entries)
    return entries if both >= 0.5 * len(entries) else []


def _trailing_list(lines: Sequence[Line]) -> int | None:
    """Where the document's last run of ``[1]``, ``[2]``, ``[3]`` … begins, if it has one."""
    label = _LABELS[0]
    for i in range(len(lines) - 1, -1, -1):
        m = label.match(lines[i].text.strip())
        if m and m[1] == "1":
            later = {
                int(n[1])
                for ln in lines[i : i + 400]
                if (n := label.match(ln.text.strip())) is not None
            }
            if {2, 3} <= later:
                return i
    return None


def split_entries(lines: list[Line]) -> list[list[Line]]:
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    for splitter in (_by_labels, _by_indent, _by_gaps):
        groups = splitter(lines)
        if groups is not None and len(groups) > 1:
            return groups
    return [lines]


def _by_labels(lines: list[Line]) -> list[list[Line]] | None:
    best: list[list[Line]] | None = None
    for k, pattern in enumerate(_LABELS):
        groups: list[list[Line]] = []
        expected = 1
        for ln in lines:
            m = pattern.match(ln.text.strip())
            n = int(m[1]) if m else 0
            jump = MAX_JUMP if k == 0 else 2
            if m and expected <= n <= expected + jump and (groups or n <= 3):
                expected = n + 1
                groups.append([ln])
            elif groups:
                groups[-1].append(ln)
        if len(groups) >= 3 and (best is None or len(groups) > len(best)):
            best = groups
    alpha = _by_alpha_labels(lines)
    if alpha is not None and (best is None or len(alpha) > len(best)):
        best = alpha
    return best


def _by_alpha_labels(lines: list[Line]) -> list[list[Line]] | None:
    """``[Vas17]``, ``[BCD+20]``: alphabetic labels do not count up, so every one starts one."""
    groups: list[list[Line]] = []
    for ln in lines:
        if _ALPHA_LABEL.match(ln.text.strip()):
            groups.append([ln])
        elif groups:
            groups[-1].append(ln)
    return groups if len(groups) >= 3 else None


def _by_indent(lines: list[Line]) -> list[list[Line]] | None:
    """Entries start flush with their column; continuation lines are indented."""
    left: dict[tuple[int, str], float] = {}
    for ln in lines:
        key = (ln.page, ln.col)
        left[key] = min(left.get(key, ln.x0), ln.x0)
    starts = [ln.x0 - left[(ln.page, ln.col)] < 2.5 for ln in lines]
    indented = sum(
        1
        for ln, s in zip(lines, starts, strict=True)
        if not s and ln.x0 - left[(ln.page, ln.col)] < 40
    )
    if indented < 0.2 * len(lines) or sum(starts) < 2:
        return None
    groups: list[list[Line]] = []
    for ln, start in zip(lines, starts, strict=True):
        if start or not groups:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups


def _by_gaps(lines: list[Line]) -> list[list[Line]] | None:
    steps = [
        b.y0 - a.y0
        for a, b in pairwise(lines)
        if a.page == b.page and a.col == b.col and b.y0 > a.y0
    ]
    if len(steps) < 3:
        return None
    usual = statistics.median(steps)
    groups: list[list[Line]] = [[lines[0]]]
    for a, b in pairwise(lines):
        same_column = a.page == b.page and a.col == b.col and b.y0 > a.y0
        if same_column and b.y0 - a.y0 > 1.35 * usual:
            groups.append([b])
        else:
            groups[-1].append(b)
    return groups
