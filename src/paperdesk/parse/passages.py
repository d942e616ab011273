"""Search-sized passages: about 200–300 words, cut at sentence ends where possible, with a small
overlap so that a sentence split between two passages is whole in one of them, and never across a
section boundary (a hit always names one section).

Each passage records where its pages change (``pages``: ``[word offset, page]`` pairs, the first
at offset 0), so that a search hit can name the page its matching words are on rather than the
page the passage starts on."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperdesk.parse.kinds import BODY
from paperdesk.parse.text import Token, sentence_ends

MIN_WORDS = 200
TARGET_WORDS = 250
MAX_WORDS = 300
OVERLAP_WORDS = 40  # at most this much of the previous passage is repeated
MERGE_TAIL = 80  # a section's last piece shorter than this joins the previous passage


@dataclass(slots=True)
class PassageSpec:
    section: str | None
    page_start: int
    page_end: int
    text: str
    words: int
    kind: str = BODY
    pages: list[list[int]] = field(default_factory=list)  # [word offset, page] at each change


def _sentences(toks: list[Token]) -> list[list[Token]]:
    out: list[list[Token]] = []
    start = 0
    for end in sentence_ends(toks):
        sent = toks[start : end + 1]
        while len(sent) > MAX_WORDS:  # a "sentence" that never ends: a table, a formula dump
            out.append(sent[:TARGET_WORDS])
            sent = sent[TARGET_WORDS:]
        if sent:
            out.append(sent)
        start = end + 1
    return out


def _overlap(sents: list[list[Token]]) -> list[list[Token]]:
    """The trailing sentences of a passage that fit in the overlap budget (or, when its last
    sentence is longer than that, the end of it)."""
    tail: list[list[Token]] = []
    n = 0
    for sent in reversed(sents):
        if n + len(sent) > OVERLAP_WORDS:
            break
        tail.insert(0, sent)
        n += len(sent)
    if not tail and sents:
        tail = [sents[-1][-(OVERLAP_WORDS // 2) :]]
    return tail


def chunk(section: str | None, toks: list[Token], kind: str = BODY) -> list[PassageSpec]:
    """Passages of one section's words."""
    groups: list[list[list[Token]]] = []
    cur: list[list[Token]] = []
    n = 0  # words in ``cur``
    first_new = 0  # sentences of ``cur`` before this index repeat the previous passage
    for sent in _sentences(toks):
        if n + len(sent) > MAX_WORDS and len(cur) > first_new:
            if n < MIN_WORDS:  # too short to stop here: take the head of this long sentence
                cut = TARGET_WORDS - n
                cur.append(sent[:cut])
                sent = sent[cut:]
            groups.append(cur)
            cur = _overlap(cur)
            n = sum(len(s) for s in cur)
            first_new = len(cur)
        if sent:
            cur.append(sent)
            n += len(sent)
    new = cur[first_new:]
    fresh = sum(len(s) for s in new)
    if fresh:
        if groups and fresh < MERGE_TAIL and _words(groups[-1]) + fresh <= MAX_WORDS + 50:
            groups[-1].extend(new)
        else:
            groups.append(cur)
    return [_spec(section, g, kind) for g in groups]


def _words(group: list[list[Token]]) -> int:
    return sum(len(s) for s in group)


def page_breaks(toks: list[Token]) -> list[list[int]]:
    """``[offset, page]`` where each run of words on one page starts (footnotes moved to a
    section's end can bring a page back, so pages need not rise)."""
    out: list[list[int]] = []
    for i, t in enumerate(toks):
        if not out or out[-1][1] != t.page:
            out.append([i, t.page])
    return out


def whole(section: str | None, toks: list[Token], kind: str) -> PassageSpec | None:
    """All of ``toks`` as one passage (a caption, a contents page), None when empty."""
    return _spec(section, [toks], kind) if toks else None


def _spec(section: str | None, group: list[list[Token]], kind: str = BODY) -> PassageSpec:
    toks = [t for s in group for t in s]
    pages = [t.page for t in toks]
    text = " ".join(t.word for t in toks)
    return PassageSpec(section, min(pages), max(pages), text, len(toks), kind, page_breaks(toks))
