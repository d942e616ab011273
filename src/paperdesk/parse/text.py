"""Joining lines into running text: de-hyphenation across line ends, words with their page.

A hyphen at a line end is usually a break inside one word (``repre-`` + ``sentations``) but
sometimes part of a compound (``citation-`` + ``informed``). The document itself decides: when it
writes ``citation-informed`` elsewhere and never ``citationinformed``, the hyphen stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from paperdesk.parse.extract import Line

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")
_KEEP_PREFIX = re.compile(r"(?:.*[0-9])|(?:.*[A-Z].*[A-Z].*)|(?:.*[/_.:@]).*")
_ABBREV = frozenset(
    (
        "al",
        "e.g",
        "i.e",
        "cf",
        "fig",
        "figs",
        "eq",
        "eqs",
        "sec",
        "secs",
        "vs",
        "etc",
        "approx",
        "resp",
        "no",
        "nos",
        "ref",
        "refs",
        "tab",
        "dr",
        "mr",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "vol",
        "pp",
        "ed",
        "eds",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "appx",
    )
)


@dataclass(slots=True)
class Token:
    word: str
    page: int


class Vocabulary:
    """Which spellings a document uses, to decide what to do with a line-end hyphen."""

    def __init__(self, lines: Iterable[Line]) -> None:
        text = "\n".join(ln.text[:-1] if ln.text.endswith("-") else ln.text for ln in lines)
        words = set(_WORD.findall(text.lower()))
        self.hyphenated = {w for w in words if "-" in w}
        self.plain = words - self.hyphenated

    def join(self, head: str, tail: str) -> str:
        """``head`` ended a line with a hyphen; ``tail`` is the first word of the next line."""
        stem = head[:-1]
        if not stem or not stem[-1].isalpha():
            return head + tail
        # a name set in mixed case broken inside its capitals: "SciB-" + "ERT", "RoB-" + "ERTa"
        camel = stem[-1].isupper() and any(c.islower() for c in stem) and tail[:2].isupper()
        keep = _KEEP_PREFIX.fullmatch(stem) or not tail[:1].islower()
        if "-" in stem or (keep and not camel):
            return head + tail  # "state-of-the-" + "art", "BERT-" + "based", "Ming-" + "Wei"
        first = re.match(r"[A-Za-z]+", tail)
        rest = first.group(0).lower() if first else ""
        last = re.search(r"[A-Za-z]+$", stem)
        lead = last.group(0).lower() if last else ""
        compound = f"{lead}-{rest}"
        if compound in self.hyphenated and f"{lead}{rest}" not in self.plain:
            return head + tail
        return stem + tail


def tokens(lines: Iterable[Line], vocab: Vocabulary) -> list[Token]:
    """The words of ``lines`` in order, each with its page; lines joined across breaks."""
    out: list[Token] = []
    pending = False  # the last token ended its line with a joining character
    for ln in lines:
        words = ln.text.replace("\ufffd", " ").split()
        if not words:
            continue
        if pending and out:
            prev = out[-1]
            if prev.word.endswith("-"):
                prev.word = vocab.join(prev.word, words[0])
            else:  # a URL or path broken after "/"
                prev.word += words[0]
            words = words[1:]
        page = ln.page
        out += [Token(w, page) for w in words]
        pending = bool(out) and _joins(out[-1].word)
    return out


def _joins(word: str) -> bool:
    if word.endswith("-"):
        return len(word) > 1 and word[-2] not in "-–—"
    return word.endswith("/") and ("://" in word or word.count("/") > 1)


def join_lines(lines: Iterable[Line], vocab: Vocabulary) -> str:
    return " ".join(t.word for t in tokens(lines, vocab))


def sentence_ends(toks: list[Token]) -> list[int]:
    """Indices of tokens that end a sentence (a cheap splitter: good enough to cut passages)."""
    ends: list[int] = []
    for i, tok in enumerate(toks[:-1]):
        w = tok.word.rstrip("\"'”’)]")
        if not w or w[-1] not in ".!?":
            continue
        core = w[:-1].lower().lstrip("([\"'“‘")
        if core in _ABBREV or (len(core) == 1 and core.isalpha()):
            continue
        nxt = toks[i + 1].word.lstrip("([\"'“‘")
        if nxt[:1].isupper() or nxt[:1].isdigit():
            ends.append(i)
    if toks:
        ends.append(len(toks) - 1)
    return ends
