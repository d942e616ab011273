"""Tables of contents (and lists of figures or tables): found so that their lines are neither
headings nor running text.

A contents page is a page of short lines that end in a page number, after dot leaders
(``2.1 Data . . . . 7``) or a gap (``15 Acknowledgments 49``), whose page numbers mostly rise.
Taken as headings, such lines made a whole paper's body sit under its last contents entry;
taken as text, they made the contents page answer every query naming a section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from paperdesk.parse.extract import Line

_PAGE = r"(?P<page>\d{1,4}|[ivxlc]{1,6})"
#: dot leaders (``. . . .``, ``.....``, ``····``, ``…``), collapsed to one mark before matching
_DOTS = re.compile(r"\s*(?:(?:[.·]\s?){3,}|…+)\s*")
_LEADERS = re.compile(r"(?P<label>.*?[^\W\d_].*?) … " + _PAGE, re.I)
#: ``15 Acknowledgments 49`` / ``A.2 Details 51`` / ``References 52``: no other digits
_GAP = re.compile(
    r"(?P<label>(?:(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){0,3}\.?\s+)?[^\W\d_][^\d]{1,90}?)\s+"
    r"(?P<page>\d{1,4})"
)
_TITLES = frozenset(
    {"contents", "table of contents", "content", "list of figures", "list of tables"}
)
MIN_WITH_TITLE = 3  # entries on a page that has a "Contents" title
MIN_WITHOUT_TITLE = 6  # entries on a page without one (or its continuation)
MIN_SHARE = 0.4  # of the page's rows, when there is no title
MIN_RISING = 0.8  # share of entries whose page number is not below the previous one


@dataclass(slots=True)
class _Row:
    indices: list[int]  # positions in the document's line stream
    text: str


def _rows(lines: list[Line], idx: Iterable[int]) -> list[_Row]:
    """The page's lines grouped by baseline (a number, a title and a page number may be
    separate blocks, their baselines a point or two apart), each read left to right."""
    groups: list[list[int]] = []
    last: Line | None = None
    for i in idx:
        ln = lines[i]
        near = last is not None and abs(ln.y1 - last.y1) < max(2.0, 0.4 * ln.size)
        if near and last is not None and ln.col == last.col:
            groups[-1].append(i)
        else:
            groups.append([i])
        last = ln
    rows = []
    for group in groups:
        group.sort(key=lambda i: lines[i].x0)
        rows.append(_Row(group, " ".join(lines[i].text.strip() for i in group)))
    return rows


def entry_page(text: str, *, leaders: bool = False) -> int | None:
    """The page number a contents line points to, or None when it is not such a line
    (``leaders``: only a line with dot leaders before its number)."""
    text = text.rstrip()
    if not text or not (text[-1].isdigit() or text[-1] in "ivxlcIVXLC"):
        return None  # most lines: no page number at the end
    text = _DOTS.sub(" … ", " ".join(text.split())).strip()
    if len(text) > 140 or len(text.split()) > 20:
        return None
    m = _LEADERS.fullmatch(text) or (None if leaders else _GAP.fullmatch(text))
    if m is None:
        return None
    page = m["page"]
    if page.isdigit():
        return int(page)
    return 0  # a roman page number (front matter): comes before every arabic one


#: a contents line's dot leaders with no page number after them
_LEADERS_END = re.compile(r"[^\W\d_].*(?:\.\s?){6,}$")
#: "Table of contents: for review only, disable for final" (SUG's skeleton)
_TITLE_NOTE = re.compile(r"(?:table\s+of\s+)?contents\s*:", re.I)


def _titled(text: str) -> bool:
    return _key(text) in _TITLES or bool(_TITLE_NOTE.match(text.strip()))


def _key(text: str) -> str:
    return re.sub(r"[^a-z ]", "", text.lower()).strip()


def _rising(pages: list[int]) -> bool:
    if len(pages) < 2:
        return True
    ups = sum(b >= a for a, b in pairwise(pages))
    return ups >= MIN_RISING * (len(pages) - 1)


def find_contents(lines: list[Line]) -> set[int]:
    """Indices of the lines that belong to a table of contents (or a list of figures)."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if not ln.footnote:
            by_page.setdefault(ln.page, []).append(i)
    out: set[int] = set()
    previous = False  # the page before was a contents page
    previous_rows: list[_Row] = []
    for page in sorted(by_page):
        rows = _rows(lines, by_page[page])
        titled = [k for k, r in enumerate(rows) if _titled(r.text)]
        entries = [(k, p) for k, r in enumerate(rows) if (p := entry_page(r.text)) is not None]
        if titled and not previous:  # they begin at their title: "1 Feb 2011" above is a date
            entries = [(k, p) for k, p in entries if k > titled[0]] or entries
        n = len(entries)
        pages = [p for _, p in entries]
        toc = _rising(pages) and (
            (titled and n >= MIN_WITH_TITLE)
            or (n >= MIN_WITHOUT_TITLE and n >= MIN_SHARE * len(rows))
            or (previous and n >= MIN_WITH_TITLE and n >= MIN_SHARE * len(rows))
        )
        run = None if toc else _leader_run(rows)
        if run and not previous:  # the page before holds the first entries (ijmart)
            top = entry_page(rows[run[0]].text, leaders=True) or 0
            before = [
                (r, p) for r in previous_rows if (p := entry_page(r.text, leaders=True)) is not None
            ]
            pages = [p for _, p in before]
            if before and _rising(pages) and max(pages) <= top:
                for r, _ in before:
                    out.update(r.indices)
            else:  # an index's page: its page numbers do not rise
                run = None
        previous = bool(toc or run)
        previous_rows = rows
        if run:
            for r in rows[run[0] : run[1]]:
                out.update(r.indices)
        if not toc:
            continue
        first = min([k for k, _ in entries] + [k for k in titled if k < entries[0][0]])
        last = entries[-1][0]
        while last + 1 < len(rows) and _LEADERS_END.search(rows[last + 1].text):
            last += 1  # an entry whose page number is not printed (a draft's skeleton)
        for r in rows[first : last + 1]:
            out.update(r.indices)
    return out


def _leader_run(rows: list[_Row]) -> tuple[int, int] | None:
    """Where a page holds the rest of a contents list above its text (its title on the page
    before): rows ``[start, end)`` of at least MIN_WITHOUT_TITLE consecutive entries with dot
    leaders and rising page numbers from the top of the page (below a running header),
    however little of the page they fill."""
    k = 0
    while k < min(len(rows), 2):
        if entry_page(rows[k].text, leaders=True) is None:
            k += 1
            continue
        end = k
        while end < len(rows) and entry_page(rows[end].text, leaders=True) is not None:
            end += 1
        pages = [entry_page(r.text, leaders=True) or 0 for r in rows[k:end]]
        if end - k >= MIN_WITHOUT_TITLE and _rising(pages):
            return k, end
        k = end
    return None
