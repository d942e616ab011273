"""The reference list split into entries, each with the arXiv id and DOI it cites.

Entries are found, in order of reliability, by their labels (``[12]``, ``12.`` counting up), by a
hanging indent (first line flush, the rest indented: ACL, NeurIPS, ICLR author-year styles), or
by the vertical gap between entries.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

from paperdesk.ids import find_arxiv_ids, find_dois
from paperdesk.parse.extract import Line
from paperdesk.parse.text import Vocabulary, join_lines

_BRACKET = re.compile(r"\[(\d{1,3})\]")
_DOTTED = re.compile(r"(\d{1,3})\.\s+\S")


@dataclass(slots=True)
class ReferenceSpec:
    text: str
    arxiv_id: str | None
    doi: str | None


def split_entries(lines: list[Line]) -> list[list[Line]]:
    lines = [ln for ln in lines if ln.text.strip() and not ln.footnote]
    if not lines:
        return []
    for splitter in (_by_labels, _by_indent, _by_gaps):
        groups = splitter(lines)
        if groups is not None and len(groups) > 1:
            return groups
    return [lines]


def _by_labels(lines: list[Line]) -> list[list[Line]] | None:
    for pattern in (_BRACKET, _DOTTED):
        groups: list[list[Line]] = []
        expected = 1
        for ln in lines:
            m = pattern.match(ln.text.strip())
            if m and (int(m[1]) == expected or (pattern is _BRACKET and int(m[1]) > expected)):
                expected = int(m[1]) + 1
                groups.append([ln])
            elif groups:
                groups[-1].append(ln)
        if len(groups) >= 3:
            return groups
    return None


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


def references(lines: list[Line], vocab: Vocabulary) -> list[ReferenceSpec]:
    """The entries of a reference section with the first arXiv id and DOI of each."""
    out: list[ReferenceSpec] = []
    for group in split_entries(lines):
        text = join_lines(group, vocab)
        if len(text) < 12:
            continue
        ids = find_arxiv_ids(text)
        dois = find_dois(text)
        out.append(ReferenceSpec(text, ids[0].base if ids else None, dois[0] if dois else None))
    return out
