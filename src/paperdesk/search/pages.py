"""The page a hit names: the page of the passage's best-matching words, not its first page.

A passage of 250 words often runs over a page break. The parser stores where its pages change
(``passages.pages``: ``[word offset, page]`` pairs); the hit's page is the page whose stretch
of the passage holds the most distinct query words (then the most matches, then the earliest).
Dense hits are scored the same way: the stretch sharing most words with the query is where the
sentence that matched the meaning most likely is. Without stored breaks (a passage of an older
parse, or one page only) the passage's first page is the answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from paperdesk.search.hybrid import highlight_pattern, stem


@dataclass(frozen=True, slots=True)
class Stretch:
    page: int
    start: int  # character offsets in the passage text (words joined by single spaces)
    end: int


def breaks(raw: Any) -> list[tuple[int, int]]:
    """``[(word offset, page), ...]`` from the stored column (JSON text on sqlite3, a list
    through SQLAlchemy); [] when absent or malformed."""
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            try:
                out.append((int(item[0]), int(item[1])))
            except (TypeError, ValueError):
                return []
    return out


def stretches(text: str, raw_pages: Any) -> list[Stretch]:
    """The passage cut into its runs of words on one page, as character ranges of ``text``."""
    marks = breaks(raw_pages)
    if not marks:
        return []
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    out: list[Stretch] = []
    for k, (offset, page) in enumerate(marks):
        if offset >= len(starts):
            break
        nxt = marks[k + 1][0] if k + 1 < len(marks) else len(starts)
        end = starts[nxt] - 1 if nxt < len(starts) else len(text)
        out.append(Stretch(page, starts[offset], end))
    return out


def best_stretch(text: str, raw_pages: Any, query: str) -> Stretch | None:
    """The stretch of ``text`` holding most of the query's words (None: no stored breaks)."""
    parts = stretches(text, raw_pages)
    if len(parts) < 2:
        return parts[0] if parts else None
    pattern = highlight_pattern(query)
    if pattern is None:
        return parts[0]
    best, best_score = parts[0], (0, 0)
    for part in parts:
        found = [m.group(0).lower() for m in pattern.finditer(text, part.start, part.end)]
        score = (len({stem(w) for w in found}), len(found))
        if score > best_score:
            best, best_score = part, score
    return best


def hit_page(text: str, raw_pages: Any, query: str, page_start: int | None) -> int | None:
    """The page to name for a hit on this passage."""
    part = best_stretch(text, raw_pages, query)
    return part.page if part is not None else page_start
