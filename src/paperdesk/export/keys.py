"""Names derived from a paper: citation keys (``vaswani2017attention``) and vault file names
(``cs_0306050-introduction-to-the-conll-2003``). Pure functions over the dicts of
:func:`paperdesk.export.backup.dump`, so that every exporter names a paper the same way."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from paperdesk.paths import safe_stem

# Words that say nothing about a paper: skipped when picking the title word of a key.
_STOP_TEXT = """a an the on of for and in to with from by at as is are be via into over under
towards toward about its it this that these those what why how when do does can we you your our
not no all using use"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)
SLUG_WORDS = 5
SLUG_CHARS = 40


def ascii_fold(text: str) -> str:
    """``Müller`` → ``Muller``, ``Łukasz`` → ``Lukasz``; letters with no ASCII form vanish."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` (LaTeX math and commands read as their letters)."""
    return re.findall(r"[a-z0-9]+", ascii_fold(text).lower())


def surname(author: str) -> str:
    """The family name of ``First Last``, ``Last, First`` or ``First Last Jr.``, folded."""
    parts = [part.strip() for part in author.split(",")]
    if len(parts) > 1 and parts[1].lower() not in _NAME_SUFFIXES:
        last = parts[0]
    else:
        tokens = [t for t in parts[0].split() if t.lower() not in _NAME_SUFFIXES]
        last = tokens[-1] if tokens else ""
    return "".join(words(last))


def title_word(title: str) -> str:
    for word in words(title):
        if word not in STOPWORDS:
            return word
    return ""


def is_placeholder_title(paper: Mapping[str, Any]) -> bool:
    """An arXiv paper added but not fetched yet carries the title ``arXiv:ID``."""
    title = (paper.get("title") or "").strip()
    return bool(paper.get("arxiv_id")) and title in ("", f"arXiv:{paper['arxiv_id']}")


def base_key(paper: Mapping[str, Any]) -> str:
    authors = paper.get("authors") or []
    if not authors and is_placeholder_title(paper):
        return "arxiv" + "".join(words(paper["arxiv_id"]))
    name = surname(authors[0]) if authors else ""
    year = paper.get("year")
    return (name or "anon") + (str(year) if year else "") + title_word(paper.get("title") or "")


def _suffixes() -> Iterable[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters[1:]
    for first in letters:
        for second in letters:
            yield first + second


def citation_keys(papers: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Paper key → citation key, unique over ``papers`` (pass the whole library so that a key
    does not depend on what is exported). Within a clash the earliest-added paper keeps the bare
    key and later ones get ``b``, ``c``, …, so adding a paper never renames an existing key."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in papers:
        groups[base_key(p)].append(p)
    taken = set(groups)
    out: dict[str, str] = {}
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda p: (str(p.get("added_at") or ""), p["key"]))
        out[members[0]["key"]] = base
        suffixes = iter(_suffixes())
        for p in members[1:]:
            candidate = base + next(suffixes)
            while candidate in taken:
                candidate = base + next(suffixes)
            taken.add(candidate)
            out[p["key"]] = candidate
    return out


def title_slug(paper: Mapping[str, Any]) -> str:
    """A short slug of the title (``introduction-to-the-conll-2003``); empty for the
    ``arXiv:ID`` placeholder an unfetched paper carries."""
    title = paper.get("title") or ""
    if is_placeholder_title(paper):
        return ""
    parts: list[str] = []
    for word in words(title)[:SLUG_WORDS]:
        if parts and len("-".join([*parts, word])) > SLUG_CHARS:
            break
        parts.append(word[:SLUG_CHARS])
    return "-".join(parts)


def file_stems(papers: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Paper key → vault file stem, unique (case-insensitively, for macOS and Windows)."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for p in sorted(papers, key=lambda p: p["key"]):
        slug = title_slug(p)
        stem = safe_stem(p["key"]) + (f"-{slug}" if slug else "")
        candidate, n = stem, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.lower())
        out[p["key"]] = candidate
    return out
