"""What people call a paper: its title, the name before the title's colon ("BERT: Pre-training
of ..." is BERT), and the name a reading list's ``why`` line opens with ("GPT-3, in-context
few-shot learning emerges with scale."). Search puts a paper a query names first
(:mod:`paperdesk.search.hybrid`); ``show BERT`` and every other command that takes an ID find
the paper by the same names (:func:`paperdesk.storage.repository.find_paper`).

Names are compared as lower-case words, case and punctuation aside (``gpt 3`` is ``GPT-3``).
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A name is at most this many words ("Sentence-BERT", "LLM.int8()", "Kaplan scaling laws").
NAME_WORDS = 3
_WORD = re.compile(r"[^\W_]+")


def name_words(text: str) -> str:
    """``text`` as lower-case words joined by one space: the form names are compared in."""
    return " ".join(_WORD.findall(text.casefold()))


def title_names(title: str) -> set[str]:
    """What a title calls its paper, as lower-case words: the whole title, and the name before
    its colon or comma ("BERT: Pre-training of ..." → "bert"; "DistilBERT, a distilled
    version of BERT: ..." → "distilbert")."""
    names = {name_words(title)}
    head = re.split(r"[:,]", title, maxsplit=1)[0]
    if head != title and len(head.split()) <= NAME_WORDS:
        names.add(name_words(head))
    return names - {""}


def why_name(why: str | None) -> str:
    """The name a ``why`` line opens with, before its first comma ("GPT-3, in-context
    few-shot learning ..." → "gpt 3"), or "" when the line does not open with one."""
    if not why or "," not in why:
        return ""
    head = why.split(",", 1)[0].strip()
    if len(head.split()) > NAME_WORDS or not re.search(r"[A-Z0-9]", head):
        return ""  # a name has a capital or a digit ("Adam", "fastText", "word2vec")
    return name_words(head)


def paper_names(title: str | None, whys: Iterable[str | None] = ()) -> set[str]:
    """Every name of a paper: its title's and those its ``why`` lines open with."""
    names = title_names(title or "")
    names.update(n for n in (why_name(w) for w in whys) if n)
    return names
