"""The reference list split into entries, each parsed into what it cites.

Where the list runs and in what order its lines are read is :mod:`paperdesk.parse.reflist`'s.
With no reference heading at all, the document's trailing numbered list is used (APS), or its
trailing hanging-indent list when most entries have names and a year (AIP).

Entries are found, in order of reliability, by their labels (``[12]``, ``12.``, ``(12)``,
``[Vas17]``, counting up), by a hanging indent (first line flush, the rest indented: ACL,
NeurIPS, ICLR author-year styles), or by the vertical gap between entries. A section titled
References whose unlabelled entries mostly lack names and years is prose, not a list.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from paperdesk.parse.extract import Line, Page
from paperdesk.parse.reflist import (
    ALPHA_LABEL,
    BRACKET_LABEL,
    list_lines,
    page_order,
    without_line_numbers,
    without_running,
)
from paperdesk.parse.refparse import parse_entry
from paperdesk.parse.text import Vocabulary, join_lines

_LABELS = (
    BRACKET_LABEL,
    re.compile(r"(\d{1,3})\.(?:\s+|(?=[A-Z]))\S"),
    re.compile(r"\((\d{1,3})\)\s*\S"),
    re.compile(r"(\d{1,3})\)\s+\S"),  # JPSJ, PTP: "1) L. Lamport: …"
    re.compile(r"(\d{1,3})\s+[A-Z]"),
)
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
    the indices in ``skip`` (figure and table captions) are not text of any entry."""
    return find_reference_list(pages, lines, starts, vocab, skip)[0]


def find_reference_list(
    pages: Sequence[Page],
    lines: Sequence[Line],
    starts: Iterable[int],
    vocab: Vocabulary,
    skip: Iterable[int] = (),
) -> tuple[list[ReferenceSpec], list[int]]:
    """:func:`find_references`, and the indices in ``lines`` of an unheaded list's lines
    (none when the list has a heading): the caller files their text under References."""
    boxes = {p.number: (p.width, p.height) for p in pages}
    out: list[ReferenceSpec] = []
    starts = list(starts)
    skipped = {id(lines[i]) for i in skip}
    headed = bool(starts)
    if not starts:
        tail = _trailing_list(lines)
        if tail is None:
            entries, run = _trailing_unlabelled(lines, boxes, skipped, vocab)
            return entries, _indices(lines, run)
        starts = [tail]
    used: list[Line] = []
    for start, until in zip(starts, [*starts[1:], None], strict=True):
        region = list_lines(lines, start, boxes, skipped, headed=headed, until=until)
        entries = references(region, vocab)
        if _by_labels(region) is not None or _looks_like_references(entries):
            out += _without_trailing_junk(entries)
            used += region
        elif first := _labelled_prefix(entries):  # one or two entries, then other text
            out += first
            used += region
    return out, ([] if headed else _indices(lines, used))


def _indices(lines: Sequence[Line], region: list[Line]) -> list[int]:
    """Where a region's lines (copies, their column set anew) are in the line stream."""
    at = {(ln.page, ln.y0, ln.x0, ln.text): i for i, ln in enumerate(lines)}
    return sorted(i for ln in region if (i := at.get((ln.page, ln.y0, ln.x0, ln.text))) is not None)


#: "Winckelmann, J. J.", "— 2006:": how an author-year entry starts
_NAME_FIRST = re.compile(r"[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*,\s+[A-Z]\.|[–—-]+\s*\(?\d{4}")


def _without_trailing_junk(entries: list[ReferenceSpec]) -> list[ReferenceSpec]:
    """A list whose entries name their authors or a year, without what follows its last entry and is
    none: a footnote or the journal's name at the foot of the page, a change log or code
    after ``\\printbibliography`` (no names, and no year unless it starts with a bullet or a
    backslash)."""
    named = sum(bool(e.authors or e.year) for e in entries)
    if named < 0.75 * len(entries) or named < 3:
        return entries
    end = len(entries)
    while end > 0:
        e = entries[end - 1]
        ident = e.doi or e.arxiv_id or e.url
        odd = bool(re.match(r"[•·\\]", e.text.strip()))  # ("— 2006: …": the same authors)
        named_start = _NAME_FIRST.match(e.text.strip())
        if e.authors or ident or named_start or (e.year and not odd):
            break
        end -= 1
    return entries[:end]


def _labelled_prefix(entries: list[ReferenceSpec]) -> list[ReferenceSpec]:
    """The entries labelled 1, 2, … in order at the head of a list too short to split by its
    labels, each naming its authors or a year (opteng, elbioimp: one entry, then the
    authors' biographies or a change history)."""
    out: list[ReferenceSpec] = []
    for k, e in enumerate(entries, start=1):
        if not re.match(rf"[\[(]?{k}[.)\]]\s", e.text) or not (e.authors or e.year):
            break
        out.append(e)
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


def _trailing_unlabelled(
    lines: Sequence[Line],
    boxes: dict[int, tuple[float, float]],
    skipped: set[int],
    vocab: Vocabulary,
) -> tuple[list[ReferenceSpec], list[Line]]:
    """No heading and no labels (AIP, some APS styles): the run of lines at the end of the
    document in one font size smaller than the body's, if it splits by a hanging indent into
    entries that read as references; and the run's lines."""
    if not lines:
        return [], []
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    body = sizes.most_common(1)[0][0]
    last_pages = sorted({ln.page for ln in lines})[-3:]
    ordered = [
        replace(ln, col=col)
        for page in last_pages
        for ln, col in page_order([x for x in lines if x.page == page], boxes[page][0])
        if id(ln) not in skipped and ln.text.strip()
    ]
    ordered = without_running(without_line_numbers(ordered), lines)
    size = ordered[-1].size if ordered else body
    if size > body - 0.9:
        return [], []
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
        return [], []
    entries = references(run, vocab)
    # no heading to go by: most entries must have both names and a year (not an index, code
    # or footnotes)
    both = sum(bool(e.authors and (e.year or e.doi or e.arxiv_id)) for e in entries)
    return (entries, run) if both >= 0.5 * len(entries) else ([], [])


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
    for splitter in (_by_labels, _by_indent, _by_gaps, _by_name_starts):
        groups = splitter(lines)
        if groups is not None and len(groups) > 1:
            return groups
    return [lines]


#: a line that starts an author-year entry: "Jones C. D., 2015, …", "Smith, A. B. (2014)"
_ENTRY_START = re.compile(r"[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)*,?\s+(?:[A-Z]\.\s?){1,3}[,(]?\s")


def _by_name_starts(lines: list[Line]) -> list[list[Line]] | None:
    """A short list of one-line entries, no indent or gap to tell them apart (MNRAS): a new
    entry at each line that starts with a surname and initials."""
    if not _ENTRY_START.match(lines[0].text.strip()):
        return None
    groups: list[list[Line]] = []
    for ln in lines:
        if _ENTRY_START.match(ln.text.strip()) or not groups:
            groups.append([ln])
        else:
            groups[-1].append(ln)
    return groups if len(groups) >= 2 else None


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
        if ALPHA_LABEL.match(ln.text.strip()):
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
    _continued_columns(lines, left)
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


def _continued_columns(lines: list[Line], left: dict[tuple[int, str], float]) -> None:
    """A column holding only the indented end of the entry before it (the last lines of a
    list, at the top of the next column) has no flush line of its own: its edge is that of
    the same column on another page when its lines sit one indent in from there."""
    offsets = [
        ln.x0 - left[(ln.page, ln.col)]
        for ln in lines
        if 2.5 <= ln.x0 - left[(ln.page, ln.col)] < 40
    ]
    if not offsets:
        return
    indent = statistics.median(offsets)
    for (page, col), edge in list(left.items()):
        own = [ln.x0 for ln in lines if ln.page == page and ln.col == col]
        if max(own) - edge >= 2.5:
            continue  # flush and indented lines: it has its own edge
        others = [e for (p, c), e in left.items() if c == col and p != page]
        if any(abs(edge - e - indent) < 1.5 for e in others):
            left[(page, col)] = edge - indent


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
    breaks: list[int] = []  # where a column or page ends: no gap shows there
    for k, (a, b) in enumerate(pairwise(lines), start=1):
        if a.page == b.page and a.col == b.col and b.y0 > a.y0:
            if b.y0 - a.y0 > 1.35 * usual:
                groups.append([b])
                continue
        else:
            breaks.append(k)
        groups[-1].append(b)
    return _split_at_breaks(groups, breaks, lines) if breaks and len(groups) >= 3 else groups


def _shape(text: str) -> str:
    """The look of a line's first word: "ARAUJO," -> "A,", "Smith," -> "Aa,", "[3]" -> "[9]"."""
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    return re.sub(
        r"(.)\1+",
        r"\1",
        re.sub(r"[A-ZÀ-Þ]", "A", re.sub(r"[a-zß-ÿ]", "a", re.sub(r"\d", "9", word))),
    )


def _split_at_breaks(
    groups: list[list[Line]], breaks: list[int], lines: list[Line]
) -> list[list[Line]]:
    """An entry that ran to a column's or page's end, after a full stop, and a line that starts
    the way most entries start: two entries (ABNT's "ARAUJO, L. C." lists)."""
    starts = Counter(_shape(g[0].text) for g in groups)
    shape, n = starts.most_common(1)[0]
    if n < 0.7 * len(groups):
        return groups
    cut = {
        id(lines[k])
        for k in breaks
        if lines[k - 1].text.rstrip().endswith(".") and _shape(lines[k].text) == shape
    }
    out: list[list[Line]] = []
    for g in groups:
        out.append([g[0]])
        for ln in g[1:]:
            if id(ln) in cut:
                out.append([ln])
            else:
                out[-1].append(ln)
    return out
