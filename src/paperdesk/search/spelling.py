"""Forgiving a misspelt query: words the index has never seen, corrected to the library's own
words, and titles typed with a typo or two.

A query word that matches no passage at all ("atention", "tranformer", "lorra") gives keyword
search nothing and the embedding model a stray sub-word; it is replaced by the closest word of
the library's titles, reading-list names (``why`` lines: "InstructGPT, ...") and, in a library
of up to 2,000 papers, abstracts: within one edit (two from nine letters; a swap of two letters
is one edit), same first letter, the more frequent word winning a tie. A word any passage has
is never touched, so a query with no typo ranks exactly as before. A query with an unknown word
that is close to a whole title ("atention is al you need": fuzzy ratio 90 or more, the same
numbers in both) names that paper like an exact title does
(:func:`paperdesk.search.hybrid.promote`). rapidfuzz does the comparing; it is imported only
when a word is unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from paperdesk.papernames import name_words, paper_names
from paperdesk.search import keyword, store
from paperdesk.storage.fastread import Reader

#: Shortest word that is corrected: shorter ones ("gan", "rl") have too many neighbours.
MIN_LETTERS = 4
#: From this many letters a word may be two edits away ("tranformers", "reinforcment").
TWO_EDITS = 9
#: rapidfuzz ratio (0-100) from which a query is a title typed with typos; 90 allows about one
#: wrong letter in ten (two missing letters in "atention is al you need" score 95.8).
NEAR_TITLE = 90.0
#: A query shorter than this (in letters and spaces) is matched as a name only exactly, after
#: its words are corrected ("lorra" -> "lora"): short strings are all close to each other.
NEAR_MIN_CHARS = 12
#: Up to this many papers the abstracts' words are corrected to as well ("sensitve" ->
#: "sensitive"); above it only titles' (reading 2,000 abstracts costs ~0.1 s, 20,000 ~1 s).
ABSTRACT_PAPERS = 2000
_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")
#: The last vocabulary built, by (library, stamp of its papers and lists).
_VOCABULARY: dict[tuple[str, str], Counter[str]] = {}


@dataclass
class Spelled:
    """The query as searched: ``text`` with every unknown word replaced (``fixes``: word as
    typed, lower-case -> its correction); ``unknown``: the words of three letters or more that
    no passage has, corrected or not (a query with none is no mistyped title)."""

    text: str
    fixes: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)


def max_edits(word: str) -> int:
    return 2 if len(word) >= TWO_EDITS else 1


def correctable(term: str) -> bool:
    """A single word of letters only, long enough to correct (not "gpt 3", "t5", "2017")."""
    return term.isalpha() and len(term) >= MIN_LETTERS


def vocabulary(reader: Reader) -> Counter[str]:
    """Every word of the library's titles and ``why`` lines (and, up to
    :data:`ABSTRACT_PAPERS` papers, of its abstracts and summaries) -> how often it occurs;
    kept per process until the papers or the lists change (the TUI's searches, a benchmark's)."""
    from paperdesk.search.store import papers_fingerprint

    papers = papers_fingerprint(reader)
    entries = reader.rows("SELECT COUNT(*), MAX(id) FROM list_entries")[0]
    abstracts = int(papers.split(":", 1)[0]) <= ABSTRACT_PAPERS
    key = (_where(reader), f"{papers}:{entries[0]}:{entries[1]}:{abstracts}")
    if key not in _VOCABULARY:
        sources = ["SELECT title FROM papers", "SELECT why FROM list_entries"]
        if abstracts:
            sources.append("SELECT text FROM passages WHERE kind = 'abstract'")
        text = "\n".join(r[0] or "" for sql in sources for r in reader.rows(sql))
        _VOCABULARY.clear()
        _VOCABULARY[key] = Counter(_WORD.findall(text.casefold()))
    return _VOCABULARY[key]


def _where(reader: Reader) -> str:
    """Which library ``reader`` reads (its database), for the vocabulary cache."""
    return reader.settings.resolved_database_url if reader.settings is not None else ""


def closest(word: str, vocab: Counter[str]) -> str | None:
    """The vocabulary word nearest ``word`` (fewest edits, then most papers, then a-z), or None
    when none is within :func:`max_edits` with the same first letter."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    limit = max_edits(word)
    choices = [w for w in vocab if w[:1] == word[:1] and abs(len(w) - len(word)) <= limit]
    found = process.extract(
        word, choices, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
    )
    best = [(dist, -vocab[w], w) for w, dist, _ in found if w != word and correctable(w)]
    return min(best)[2] if best else None


def correct(reader: Reader, query: str) -> Spelled:
    """``query`` with each word that no passage has replaced by its :func:`closest` title word
    (left as typed when there is none)."""
    terms = [t for t in keyword.query_terms(query) if t.isalpha() and len(t) >= 3]
    unknown = [t for t, k in zip(terms, keyword.known(reader, terms), strict=True) if not k]
    if not any(correctable(t) for t in unknown):
        return Spelled(query, unknown=unknown)
    vocab = vocabulary(reader)
    fixes = {t: c for t in unknown if correctable(t) and (c := closest(t, vocab)) is not None}
    if not fixes:
        return Spelled(query, unknown=unknown)

    def fix(m: re.Match[str]) -> str:
        return fixes.get(m.group(0).lower(), m.group(0))

    return Spelled(_WORD.sub(fix, query), fixes, unknown)


def near_titles(
    reader: Reader,
    query: str,
    *,
    paper_filter_sql: str | None = None,
    params: dict[str, Any] | None = None,
) -> dict[int, int]:
    """Papers whose title (or a name) ``query`` is but for a typo or two: paper id -> its
    abstract passage id; only the closest when several are near. Only titles about as long as
    the query and with its first letter are compared."""
    wanted = name_words(query)
    if len(wanted) < NEAR_MIN_CHARS or len(wanted.split()) > 40:
        return {}
    from rapidfuzz import fuzz

    bind: dict[str, Any] = dict(params or {})
    # ratio >= 90 needs the lengths within ~22% of each other; titles carry punctuation too
    bind["lo"], bind["hi"] = int(len(wanted) * 0.75), int(len(wanted) * 1.3) + 8
    bind["first"] = wanted[0]  # a typo in the first letter is rare (and read as another word)
    where = f" AND id IN ({paper_filter_sql})" if paper_filter_sql else ""
    rows = reader.rows(
        "SELECT id, title FROM papers WHERE lower(substr(title, 1, 1)) = :first "
        f"AND length(title) BETWEEN :lo AND :hi{where}",
        bind,
    )
    numbers = set(_DIGITS.findall(wanted))
    scored: dict[int, float] = {}
    for paper_id, title in rows:
        for name in paper_names(title):
            if set(_DIGITS.findall(name)) != numbers:
                continue  # "gpt 4" is not a typo of "gpt 3"
            score = fuzz.ratio(wanted, name, score_cutoff=NEAR_TITLE)
            if score and score > scored.get(int(paper_id), 0.0):
                scored[int(paper_id)] = score
    if not scored:
        return {}
    top = max(scored.values())
    best = [pid for pid, score in scored.items() if score == top]
    sql, bind = store.in_list("p", best)
    rows = reader.rows(
        f"SELECT paper_id, MIN(id) FROM passages WHERE kind = 'abstract' AND paper_id IN {sql} "
        "GROUP BY paper_id",
        bind,
    )
    return {int(r[0]): int(r[1]) for r in sorted(rows)}
