"""Whether what a parsed reference calls its title (or venue) reads as one.

Physics-style references (``J. Appl. Phys. 98, 1234 (2005)``, ``arXiv:hep-th/0106109``) often
carry no title at all, so the parser's "title" is a piece of the venue, a bare identifier or a
run of numbers. :mod:`paperdesk.services.suggest` keeps such a reference out of title matching
and never shows its "title" as a work's name; its venue the same when it is a broken fragment
(``a), J. Appl. Phys. (submitted``). Cheap checks: they run on every stored reference.
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_LETTERS = 8  # "Molecular dynamics" is a title; "Nature" or "ibid." is not
MIN_LETTER_SHARE = 0.6  # of the characters that are not spaces
MIN_VENUE_LETTER_SHARE = 0.5

_IDENTIFIER = re.compile(
    r"\barxiv\s*:|\bdoi\s*:|\b10\.\d{4,9}/|https?://|www\.|\b[a-z-]+(?:\.[A-Z]{2})?/\d{7}\b|"
    r"^\d{4}\.\d{4,5}(?:v\d+)?$",
    re.I,
)
# A venue named where the title should be: "Proceedings of the 5th International …",
# "Trans. R. Soc. London", "Phys. Rev. Lett.", "International Conference on …".
_VENUE_START = re.compile(
    r"^(?:in:?\s+)?(?:(?:the\s+)?proceedings\b|proc\.|transactions\s+(?:on|of)\b|trans\.|"
    r"journal\s+of\b|j\.\s|ann\.\s|annals\s+of\b|bull\.\s|phys\.\s|rev\.\s|lecture\s+notes\b|"
    r"(?:(?:\d+(?:st|nd|rd|th)|annual)\s+)?international\s+(?:conference|workshop|symposium|"
    r"journal)\b|(?:conference|workshop|symposium)\s+(?:on|of)\b)",
    re.I,
)
# "Res.", "R.", "Soc.", "Phys.," as words
_ABBREVIATION = re.compile(r"(?<!\S)[A-Z][a-z]{0,5}\.(?=[,;:]?(?:\s|$))")
_OPENERS = {")": "(", "]": "["}


@lru_cache(maxsize=65536)
def is_title(text: str | None) -> bool:
    """A work's title, not a venue phrase, an identifier, numbers or a fragment (cached: a
    classic is cited thousands of times under the same title)."""
    if not text:
        return False
    t = text.strip()
    words = t.count(" ") + 1
    if words < 2 or _VENUE_START.match(t):
        return False
    if ("/" in t or ":" in t or "www." in t) and _IDENTIFIER.search(t):
        return False
    letters = sum(map(str.isalpha, t))
    if letters < MIN_LETTERS or letters < MIN_LETTER_SHARE * (len(t) - words + 1):
        return False
    if "." not in t:
        return True
    abbreviated = len(_ABBREVIATION.findall(t))
    return abbreviated < 2 or abbreviated < 0.4 * words


def is_venue(text: str | None) -> bool:
    """A venue worth showing: mostly letters and whole (brackets closed, not the tail of a
    split list item such as ``a), J. Appl. Phys. (submitted``)."""
    if not text:
        return False
    t = text.strip()
    letters = sum(map(str.isalpha, t))
    if letters < 3 or letters < MIN_VENUE_LETTER_SHARE * (len(t) - t.count(" ")):
        return False
    depth: list[str] = []
    for c in t:
        if c in "([":
            depth.append(c)
        elif c in ")]" and (not depth or depth.pop() != _OPENERS[c]):
            return False
    return not depth
