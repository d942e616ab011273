"""Where a reference list runs: its lines in the list's own reading order, from its heading
to the next heading, without what interrupts it.

A page whose reference column sits beside a few lines of appendix, or two short columns of
references above a one-column appendix, is still read column by column. The list stops at the
next heading-like line (bold or much larger than the entries, a numbered heading, ACM's
"Received" line, a line in the bold style of the list's own heading), or with a page it leaves
early (APA and Word documents start their tables and appendices on a new page). Lines set
in another size than the entries (figure labels, captions, a table on a page the list runs
across), margin line numbers of review copies and running headers the extraction kept are
skipped, not taken as text of the entry they interrupt.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from paperdesk.parse.extract import MARGIN, Line, baseline_rows

BRACKET_LABEL = re.compile(r"\[(\d{1,3})\]")
ALPHA_LABEL = re.compile(r"\[[A-Za-z][A-Za-z+.\- ]{0,20}\d{2,4}[a-z]?\]")
_HEADING_WORDS = re.compile(
    r"(appendix|appendices|supplementary|acknowledge?ments?|checklist|author contributions|"
    r"broader impacts?|ethics statement|limitations)\b",
    re.I,
)
_RECEIVED = re.compile(r"received:?\s+(?:\d{1,2}\s+)?[a-z]+\.?\s+\d", re.I)  # ACM's history line
_NOTE_MARK = re.compile(r"\s*[∗*†‡§¶]")  # a table's or figure's footnote, not an entry
_LABELLED = re.compile(r"\(?\d{1,3}[.)]?\s")  # "12. ", "(12) ", "12 "
_NUMBERED_HEADING = re.compile(r"(?:[A-Z]|\d{1,2})(?:\.\d{1,2})*\.?\s+[A-Z]")


def list_lines(
    lines: Sequence[Line],
    at: int,
    boxes: dict[int, tuple[float, float]],
    skipped: set[int] | frozenset[int] = frozenset(),
    *,
    headed: bool = True,
    until: int | None = None,
) -> list[Line]:
    """The lines of the list under the heading ``lines[at]`` (or, not ``headed``, beginning
    with ``lines[at]``), in the list's reading order, up to the next heading (at the latest
    ``lines[until]``, the next reference heading), without lines in another font size or
    margin line numbers. Returns copies whose ``col`` is the column the list is read in (the
    document's lines are left as they are)."""
    if at >= len(lines) or at < 0:
        return []
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    anchor = lines[at]
    stop = lines[until] if until is not None and until < len(lines) else None
    region: list[Line] = []
    for page in sorted({ln.page for ln in lines[at : until or len(lines)]}):
        ordered = page_order(by_page[page], boxes.get(page, (0.0, 0.0))[0])
        if page == anchor.page:  # the anchor's page: from the anchor on
            first = next(i for i, (ln, _) in enumerate(ordered) if ln is anchor)
            ordered = ordered[first + 1 if headed else first :]
        end = next((i for i, (ln, _) in enumerate(ordered) if ln is stop), None)
        ordered = ordered[:end]
        region += [
            replace(ln, col=col)
            for ln, col in ordered
            if ln.text.strip() and id(ln) not in skipped and not _NOTE_MARK.match(ln.text)
        ]
    region = without_set_apart(without_running(without_line_numbers(region), lines), boxes)
    region = _until_early_end(region, by_page, boxes)
    if headed and anchor.bold:  # up to the next heading in the list's own heading style
        region = region[
            : next((k for k, ln in enumerate(region) if _styled_like(ln, anchor)), None)
        ]
    if not region:
        return []
    size = _entry_size(region) if headed else anchor.size
    out: list[Line] = []
    for ln in region:
        if _stops(ln, size) and out:
            break
        # a body footnote below the list's column is smaller still than the entries
        if abs(ln.size - size) <= 0.8 and not (ln.footnote and ln.size < size - 0.4):
            out.append(ln)
    return _without_tail(out, size)


def _without_tail(out: list[Line], size: float) -> list[Line]:
    """The list without what follows its last entry in a slightly larger size, set off by a
    gap or starting a column of its own: OUP's author biographies (8 pt under 7.5 pt
    entries), close enough in size to pass for entries."""
    last = next((k for k in range(len(out) - 1, -1, -1) if abs(out[k].size - size) < 0.3), None)
    if last is None or len(out) - last < 3:
        return out
    steps = [
        b.y0 - a.y0
        for a, b in pairwise(out[: last + 1])
        if a.page == b.page and a.col == b.col and b.y0 > a.y0
    ]
    if len(steps) < 4:
        return out
    end, first = out[last], out[last + 1]
    apart = (first.page, first.col) != (end.page, end.col) or (
        first.y0 - end.y0 > 2.5 * statistics.median(steps)
    )
    return out[: last + 1] if apart and min(x.size for x in out[last + 1 :]) > size else out


def _until_early_end(
    region: list[Line], by_page: dict[int, list[Line]], boxes: dict[int, tuple[float, float]]
) -> list[Line]:
    """The list up to a page it leaves early: its last line there is the page's lowest text,
    well above the foot of the page, so a new page was started after it (tables, figures or
    an appendix follow on the next pages; APA, Word). A list never breaks its page early."""
    for k, (ln, nxt) in enumerate(pairwise(region)):
        if nxt.page == ln.page:
            continue
        height = boxes.get(ln.page, (0.0, 0.0))[1]
        if not height or ln.y1 > 0.7 * height:
            continue
        below = [
            x
            for x in by_page.get(ln.page, ())
            if x.y0 > ln.y1 and x.y0 < (1 - MARGIN) * height and x.text.strip()
        ]
        if not below:
            return region[: k + 1]
    return region


def without_line_numbers(region: list[Line]) -> list[Line]:
    """Review copies number every line in the margin: bare numbers stacked at one x."""
    at: Counter[int] = Counter(round(ln.x0) for ln in region if ln.text.strip().isdigit())
    margin = {x for x, n in at.items() if n >= 5}
    return [ln for ln in region if not (ln.text.strip().isdigit() and round(ln.x0) in margin)]


def without_running(region: list[Line], lines: Sequence[Line]) -> list[Line]:
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


def without_set_apart(region: list[Line], boxes: dict[int, tuple[float, float]]) -> list[Line]:
    """What a column of the list holds that is not the list, told by the space around it: a
    running header alone at the top of the page (a title or author names that change from
    page to page), and a footnote of the text before the list at the bottom of a column (its
    rule is drawn, not text), each set off by more than twice the list's line spacing."""
    steps = [
        b.y0 - a.y0
        for a, b in pairwise(region)
        if a.page == b.page and a.col == b.col and b.y0 > a.y0
    ]
    if len(steps) < 6:
        return region
    step = statistics.median(steps)
    usual = Counter(ln.size for ln in region).most_common(1)[0][0]
    drop: set[int] = set()
    columns: dict[tuple[int, str], list[Line]] = {}
    for ln in region:
        columns.setdefault((ln.page, ln.col), []).append(ln)
    for (page, _), col in columns.items():
        height = boxes.get(page, (0.0, 0.0))[1]
        col = sorted(col, key=lambda x: x.y0)
        if not height or len(col) < 3:
            continue
        if (
            col[0].y0 < 0.1 * height
            and col[1].y0 - col[0].y0 > 2.5 * step
            and page != region[0].page
        ):
            drop.add(id(col[0]))  # a running header
        # a footnote: a few lines at the column's foot, after a gap, in no larger or bolder
        # type than the entries (a heading there ends the list) and with no entry label
        for k in range(len(col) - 1, max(0, len(col) - 5), -1):
            if col[k].y0 - col[k - 1].y0 > 2.5 * step and col[k].y0 > 0.75 * height:
                run = col[k:]
                if (
                    k >= 2
                    and not _starts_label(run[0].text.strip())
                    and not _LABELLED.match(run[0].text.strip())
                    and all(not x.bold and x.size <= usual + 0.3 for x in run)
                ):
                    drop.update(id(x) for x in run)
                break
    return [ln for ln in region if id(ln) not in drop]


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _entry_size(region: list[Line]) -> float:
    """The entries' font size: that of the first lines under the heading (a short list may be
    followed by more text of an appendix than it has itself)."""
    sizes: Counter[float] = Counter()
    for ln in region[:8]:
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


def _styled_like(ln: Line, heading: Line) -> bool:
    """A short line in the bold style of the list's heading, not an entry."""
    text = ln.text.strip()
    return (
        ln.bold
        and abs(ln.size - heading.size) < 0.3
        and 1 <= len(text.split()) <= 8
        and not text.endswith((".", ",", ";"))
        and not _starts_label(text)
        and not _LABELLED.match(text)
    )


def _starts_label(text: str) -> bool:
    return bool(BRACKET_LABEL.match(text) or ALPHA_LABEL.match(text))


def page_order(lines: list[Line], width: float) -> list[tuple[Line, str]]:
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
    if two:
        cols = _overruns_to_left(lines, cols)
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


def _overruns_to_left(lines: list[Line], cols: dict[int, str]) -> dict[int, str]:
    """A long URL that runs past the left column's edge into the gutter looks full-width, but
    a right-column line beside it says it is not: it belongs to the left column."""
    right = [x for x in lines if cols[id(x)] == "R"]
    out = dict(cols)
    for ln in lines:
        if cols[id(ln)] == "F" and any(
            abs(r.y0 - ln.y0) < 0.8 * ln.size and ln.x1 <= r.x0 + 2 for r in right
        ):
            out[id(ln)] = "L"
    return out


def _band(
    lines: list[Line], cols: dict[int, str], *, closed: bool = False
) -> list[tuple[Line, str]]:
    """Left column, then right. A band closed by full-width text below it holds balanced
    columns: a heading on the left below the right column's end (and what follows it) comes
    after the right column."""
    by_col = {col: baseline_rows([x for x in lines if cols[id(x)] == col]) for col in "FLR"}
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
