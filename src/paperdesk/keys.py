"""The one citation-key algorithm: ``vaswani2017attention``, ``radford2018improving``.

A key is the first author's surname transliterated to ASCII, the year, and the first
significant word of the title; a clash gets ``b``, ``c``, … (the first paper keeps the bare
key, so that a paper added later never renames one already cited). A paper gets its key once,
when it enters the library, and keeps it (:mod:`paperdesk.storage.keying` applies this); the CLI,
``show``, BibTeX, CSL-JSON and the Markdown vault all name a paper by it.

A paper that enters knowing no author (an arXiv id added offline, title ``arXiv:ID``) gets a
*provisional* key (``arxiv170603762``, ``anon2017attention``), replaced once, when its first
real metadata arrives.

Pure functions, no I/O. Transliteration is :mod:`anyascii` (ISC licence, no dependencies,
covers all of Unicode: ``Łukasz`` → ``Lukasz``, ``Merriënboer`` → ``Merrienboer``,
``Çağlar`` → ``Caglar``), where ``unicodedata`` alone drops letters such as ``ł`` or ``ø``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii

from paperdesk.stopwords import TITLE_WORDS

# Generational suffixes after a family name ("Charles Babbage, Jr.", "Thurston Howell III").
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# ... and those that are also initials ("John Smith V", but "Smith, V." is V. Smith): taken as a
# suffix only after a given name and a family name
_INITIAL_SUFFIXES = frozenset({"v", "vi"})
# Lower-case name particles that belong to the family name ("Ludwig van Beethoven"): CSL-JSON
# splits names with them, the reference parser accepts them inside an author list.
NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "vander",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "ter",
        "ten",
        "dos",
        "das",
        "bin",
        "al",
    ]
)
MAX_PART = 40  # a surname or title word longer than this is cut (keys stay under 100)


def ascii_fold(text: str) -> str:
    """``Müller`` → ``Muller``, ``Łukasz`` → ``Lukasz``, ``Gülçehre`` → ``Gulcehre``."""
    return anyascii(text)


def words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` (LaTeX math and commands read as their letters)."""
    return re.findall(r"[a-z0-9]+", ascii_fold(text).lower())


@dataclass(frozen=True)
class NameParts:
    """An author's name in BibTeX's and CSL's parts: ``Charles Babbage, Jr.`` is given
    ``Charles``, family ``Babbage``, suffix ``Jr.``. ``family`` keeps its particles (``van
    Beethoven``) when the name was written ``First von Last``."""

    given: str
    family: str
    suffix: str = ""


def _is_suffix(word: str, *, after_given: bool) -> bool:
    low = word.strip().lower()
    return low in _NAME_SUFFIXES or (after_given and low.rstrip(".") in _INITIAL_SUFFIXES)


def name_parts(author: str) -> NameParts:
    """Split ``First Last``, ``First Last Jr.``, ``First Last, Jr.``, ``Last, First`` and
    ``Last, Jr., First`` (BibTeX's three forms) into given name, family name and suffix."""
    parts = [part.strip() for part in author.split(",") if part.strip()]
    if not parts:
        return NameParts("", "")
    if len(parts) >= 3 and _is_suffix(parts[1], after_given=False):  # Last, Jr., First
        return NameParts(", ".join(parts[2:]), parts[0], parts[1])
    suffix = ""
    if len(parts) == 2 and _is_suffix(parts[1], after_given=False):  # First Last, Jr.
        parts, suffix = parts[:1], parts[1]
    if len(parts) >= 2:  # Last, First
        return NameParts(", ".join(parts[1:]), parts[0], suffix)
    tokens = parts[0].split()
    if not suffix and len(tokens) >= 2 and _is_suffix(tokens[-1], after_given=len(tokens) > 2):
        suffix = tokens.pop()
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return NameParts(" ".join(tokens[:start]), " ".join(tokens[start:]), suffix)


def surname(author: str) -> str:
    """The family name of ``First Last``, ``Last, First`` or ``First Last Jr.``, folded: the
    last word of a ``First von Last`` name (``beethoven``), all of a ``Last, First`` one."""
    parts = name_parts(author)
    family = parts.family if "," in author else (parts.family.split() or [""])[-1]
    return "".join(words(family))[:MAX_PART]


def title_word(title: str) -> str:
    for word in words(title):
        if word not in TITLE_WORDS:
            return word[:MAX_PART]
    return ""


def is_placeholder_title(title: str | None, arxiv_id: str | None) -> bool:
    """An arXiv paper added but not fetched yet carries the title ``arXiv:ID``."""
    text = (title or "").strip()
    return bool(arxiv_id) and text in ("", f"arXiv:{arxiv_id}")


@dataclass(frozen=True)
class KeyBasis:
    """What a key is made of: the paper's first author, year, title and arXiv id."""

    authors: Sequence[str]
    year: int | None
    title: str | None
    arxiv_id: str | None = None

    @classmethod
    def of(cls, paper: Any) -> KeyBasis:
        """From a Paper row, or a mapping with the same field names."""
        get = paper.get if isinstance(paper, Mapping) else lambda name: getattr(paper, name)
        return cls(list(get("authors") or []), get("year"), get("title"), get("arxiv_id"))

    @property
    def provisional(self) -> bool:
        """No author known yet: the key made now is replaced once real metadata arrives."""
        return not any(a.strip() for a in self.authors)


def base_key(basis: KeyBasis) -> str:
    """The key before any clash suffix: ``vaswani2017attention``; ``arxiv170603762`` for an
    unfetched arXiv paper; ``anon2017attention`` for a title with no author."""
    if basis.provisional and is_placeholder_title(basis.title, basis.arxiv_id):
        return "arxiv" + "".join(words(basis.arxiv_id or ""))
    name = next((surname(a) for a in basis.authors if surname(a)), "") or "anon"
    if not name[0].isalpha():
        name = "paper" + name
    year = str(basis.year) if basis.year else ""
    return name + year + title_word(basis.title or "")


def candidates(base: str) -> Iterator[str]:
    """``base``, then ``baseb`` … ``basez``, then ``baseaa`` … (``a`` is the bare key)."""
    yield base
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from (base + c for c in letters[1:])
    for first in letters:
        for second in letters:
            yield base + first + second


def first_free(base: str, taken: Callable[[str], bool]) -> str:
    """The first of :func:`candidates` that ``taken`` says is free."""
    for key in candidates(base):
        if not taken(key):
            return key
    raise ValueError(f"no free key for {base!r}")  # 700 papers with one base key


def library_keys(papers: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Paper ``key`` field → the key the algorithm gives it, over a whole library at once:
    within a clash the earliest-added paper keeps the bare key. This is what the exports of
    releases before stable keys computed on every run; migration ``0005_stable_keys`` and the
    restore of an old backup use it to keep the keys a user already cited."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in papers:
        groups[base_key(KeyBasis.of(p))].append(p)
    taken = set(groups)
    out: dict[str, str] = {}
    for base in sorted(groups):
        members = sorted(groups[base], key=lambda p: (str(p.get("added_at") or ""), p["key"]))
        out[members[0]["key"]] = base
        for p in members[1:]:
            key = first_free(base, taken.__contains__)
            taken.add(key)
            out[p["key"]] = key
    return out
