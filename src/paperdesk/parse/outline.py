"""The PDF's own outline (bookmarks) as evidence for the headings.

LaTeX's hyperref writes a bookmark for every sectioning command, with its page, and Word and
most publishers' pipelines do the same: when a PDF has one, it names the headings exactly. Each
bookmark is looked for on its page (or the next: a destination at a page's foot) as a line that
reads the same, with or without its number, wrapped over up to three lines, or run in at the
start of a paragraph (``First section. Lorem ...``); the lines must come in the bookmarks'
order. Found bookmarks become headings with the outline's levels (``A Appendixes`` is no child
of the acknowledgements); when most bookmarks are found, the outline is trusted: a heading the
style rules found at a level the outline covers but that no bookmark names (a bold table row,
the same title on a contents page) is dropped, while deeper headings (outlines often stop at
subsections) and the usual unnumbered names (Abstract) stay.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from paperdesk.parse.extract import Line
from paperdesk.parse.headings import ABSTRACT_TITLES, CITED, KNOWN, Heading

Bookmark = Sequence[object]  # PyMuPDF's get_toc(simple=True) row: [level, title, page]

#: a section number before a title: "3.1", "3.1.", "A", "A.2", "IV.", "Appendix B"
_NUM = r"(?-i:(?P<num>\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z](?:\.\d{1,3}){0,4}|[IVXLC]{1,6}(?=\.)))"
_NAMED = r"(?:(?i:appendix|chapter|section|part|anexo|annexe|ap[êe]ndice|anhang)\s+)?"
_LEAD = re.compile(r"^\s*" + _NAMED + _NUM + r"\.?\s+(?=\S)")
#: in the text, any word may come before the number ("Aufgabe 5.1: Titelei", "Exercise 2.")
_NUMBER = r"(?:[^\W\d_]{3,12}\s+)?" + _NUM
_WORD = re.compile(r"[^\W_]+")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK_SPLIT = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_MARK = re.compile(r"^\d{1,2}(?=\s*[.:—–]\s)")  # a footnote mark after a run-in heading
_RUN_IN = re.compile(r"\s*[.:—–]\s*(?P<rest>\S.*)")
MAX_WRAP = 3  # lines one heading may wrap over
TRUSTED = 0.5  # share of bookmarks found for the outline to decide what is a heading


def _strip_number(title: str, letters: bool) -> tuple[str | None, str]:
    """(number, title) of a bookmark; ``letters``: whether the outline numbers with letters
    at all (it has a "B"), else "A Section" is a title with an article."""
    m = _LEAD.match(title)
    rest = title[m.end() :].strip() if m else ""
    letter = m is not None and m["num"][:1].isalpha() and m["num"][:1].isupper()
    if not m or (letter and len(m["num"].split(".")[0]) == 1 and not letters):
        return None, title.strip()
    return m["num"], rest


def _pattern(title: str) -> re.Pattern[str] | None:
    # CJK text is extracted with or without spaces between characters: each one a word
    words = [p for w in _WORD.findall(title) for p in _CJK_SPLIT.findall(w)]
    if not words:
        return None
    body = r"[\W_]*".join(re.escape(w) for w in words)
    return re.compile(rf"\s*(?:{_NUMBER}\s*[.:—–-]?\s*)?{body}(?P<rest>.*)", re.I | re.S)


def _match(
    lines: list[Line], i: int, pattern: re.Pattern[str], skip: set[int], want: str | None
) -> tuple[int, str | None, str] | None:
    """(lines taken, number, run-in rest) when the bookmark's heading starts at line ``i``
    (``want``: the bookmark's number; a line starting with it may run in without a stop)."""
    text = ""
    for k in range(MAX_WRAP):
        j = i + k
        if j >= len(lines) or j in skip or lines[j].page != lines[i].page:
            return None
        text = f"{text} {lines[j].text.strip()}" if text else lines[j].text.strip()
        m = pattern.fullmatch(text)
        if m is None:
            continue
        rest = CITED.sub("", m["rest"].strip())
        rest = _MARK.sub("", rest) if k == 0 else rest  # "Version Number4. The version…"
        lead = _LEAD.match(text) if m["num"] else None
        number = lead["num"] if lead else None
        if not _WORD.search(rest):  # "Author(s)", "The ``Teaser''": closing marks only
            return k + 1, number, ""
        if k == 0 and (r := _RUN_IN.fullmatch(rest)):
            return 1, number, r["rest"]
        if k == 0 and want and number == want and rest[:1].isupper():
            return 1, number, rest  # "3.1 Second-Level Headings The second-level ..."
        return None
    return None


def outline_headings(
    lines: list[Line], outline: Sequence[Bookmark], skip: set[int]
) -> tuple[list[Heading], int]:
    """Headings for the bookmarks found in the text, and how many bookmarks could be looked
    for (those with a page)."""
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if i not in skip and not ln.footnote:
            by_page.setdefault(ln.page, []).append(i)
    letters = any(re.match(r"\s*(?:appendix\s+)?B\b", str(b[1]), re.I) for b in outline)
    out: list[Heading] = []
    wanted = 0
    after = -1
    # the open bookmarks above this one: (level, found in the text)
    above: list[tuple[int, bool]] = []
    for bookmark in outline:
        level, title, page = int(str(bookmark[0])), str(bookmark[1]), int(str(bookmark[2]))
        while above and above[-1][0] >= level:
            above.pop()
        above.append((level, False))
        number, name = _strip_number(" ".join(title.split()), letters)
        pattern = _pattern(name)
        if page < 1 or pattern is None:
            continue
        wanted += 1
        found = None
        for pg in (page, page + 1):
            for i in by_page.get(pg, ()):
                if i > after and (found := _match(lines, i, pattern, skip, number)):
                    break
            else:
                continue
            break
        if not found:
            continue
        taken, line_number, rest = found
        if rest:  # run-in: the paragraph's text stays, without its heading
            lines[i].text = rest
        start = i if rest else i + taken
        name = KNOWN.get(CITED.sub("", name).lower(), name)  # "REFERENCES" is References
        # a bookmark no heading prints (ASME's "APPENDICES" over "APPENDIX A. …") leaves its
        # children one level up: under References they would read as its subsections
        level -= sum(not seen for _, seen in above[:-1])
        above[-1] = (above[-1][0], True)
        out.append(Heading(line_number or number, name, level, lines[i].page, i, start))
        after = i + taken - 1
    # a root bookmark (the paper's title, a Word file's name) is no heading: its children
    # are the top level
    shift = min((h.level for h in out), default=1) - 1
    for h in out:
        h.level -= shift
    if _ladder(outline):  # each bookmark a child of the one before: levels from the numbers
        for h in out:
            digits = h.number and re.fullmatch(r"\d+(?:\.\d+)*", h.number)
            h.level = h.number.count(".") + 1 if h.number and digits else 1
    return out, wanted


def _ladder(outline: Sequence[Bookmark]) -> bool:
    """A broken outline whose every bookmark sits one level below the one before (pracjourn:
    "Introduction" 1, "Usage" 2, … "Base class and options" 10)."""
    run = longest = 0
    levels = [int(str(b[0])) for b in outline]
    for a, b in pairwise(levels):
        run = run + 1 if b == a + 1 else 0
        longest = max(longest, run)
    return longest >= 6  # seven levels deep, one after the other: no document nests so


def merge(heads: list[Heading], found: list[Heading], wanted: int) -> list[Heading]:
    """The style rules' headings completed (and, when the outline is trusted, checked) by the
    bookmarks found in the text."""
    if not found:
        return heads
    taken = {h.index for h in found}
    covered = {i for h in found for i in range(h.index, max(h.start, h.index + 1))}
    trusted = len(found) >= 3 and len(found) >= TRUSTED * wanted
    depth = max(h.level for h in found)
    names = {h.title.lower() for h in found}
    kept = []
    for h in heads:
        if h.index in taken or h.index in covered:
            continue
        if trusted:
            known = h.title.lower() in KNOWN
            if known and h.title.lower() in names and not _front_abstract(h, found):
                continue  # the bookmarked heading is elsewhere: this one is a contents line
            if not known and (h.number is None or h.level <= depth):
                continue
        kept.append(h)
    return sorted(found + kept, key=lambda h: h.index)


def _front_abstract(h: Heading, found: list[Heading]) -> bool:
    """The paper's own Abstract above every bookmarked heading, while the bookmark of that
    name is a numbered section's subsection further on (a class manual documenting its
    abstract environment, ut-thesis): not a contents line."""
    if h.title not in ABSTRACT_TITLES or h.number is not None or h.page > 2:
        return False
    if any(f.index < h.index for f in found):
        return False
    same = [f.index for f in found if f.title == h.title]
    return bool(same) and any(f.index < same[0] and f.number is not None for f in found)
