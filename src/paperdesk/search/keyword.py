"""Keyword search over passages: FTS5 ``bm25`` on SQLite, ``ts_rank_cd`` on PostgreSQL.

What a user types is natural language, not query syntax: it is reduced to its words, which are
quoted (so ``AND``, ``-``, ``:`` or ``"`` can never be misread as operators) and OR-ed, so
that a passage matching most of the words ranks first instead of only passages matching all.
A numbered name (``GPT-3``, ``Llama-2``) stays one phrase, so it does not match ``GPT-4``; a
query of stop words only matches nothing (every passage has them).
"""

from __future__ import annotations

import re
from typing import Any

from paperdesk.parse.kinds import ranked_sql
from paperdesk.stopwords import STOPWORDS
from paperdesk.storage.fastread import Reader

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Citation markers pasted along with a sentence: [12], [3, 14], [5-7].
_CITATION = re.compile(r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
#: A name with a version number: GPT-3, Llama-2, T5-11 (a phrase: "gpt 3").
_NUMBERED = re.compile(r"(?<![\w-])([^\W\d_][^\W_]*)-(\d{1,3})(?![\w-])")
MAX_TERMS = 64
#: Column weights for bm25(text, section): a section title matching counts, but less.
FTS_WEIGHTS = (1.0, 0.5)


def query_terms(query: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The distinct words of ``query`` that are worth matching, in order of appearance; a
    numbered name is one term of two words (``"gpt 3"``). No term for stop words alone."""
    text = _CITATION.sub(" ", query)
    found: list[tuple[int, str]] = []

    def phrase(m: re.Match[str]) -> str:
        found.append((m.start(), f"{m.group(1).lower()} {m.group(2)}"))
        return " " * len(m.group(0))

    text = _NUMBERED.sub(phrase, text)
    for m in _WORD.finditer(text):
        w = m.group(0).lower()
        if w not in STOPWORDS and not (w.isdigit() and len(w) < 3):
            found.append((m.start(), w))
    seen: dict[str, None] = {}
    for _, w in sorted(found):
        seen.setdefault(w, None)
    return list(seen)[:limit]


def fts5_query(terms: list[str]) -> str:
    """FTS5 MATCH text: each term a quoted string (a phrase when it has two words), OR-ed."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def tsquery(terms: list[str]) -> str:
    """PostgreSQL to_tsquery text: only alphanumerics survive, OR-ed; a numbered name is a
    phrase either way PostgreSQL's parser reads it ("GPT-3" is ``gpt``, ``-3``; "GPT 3" is
    ``gpt``, ``3``)."""
    out = []
    for t in terms:
        words = [w for w in (re.sub(r"[^\w]", "", part) for part in t.split()) if w]
        if len(words) == 2:
            out.append(f"({words[0]} <-> '-{words[1]}') | ({words[0]} <-> {words[1]})")
        elif words:
            out.append(" <-> ".join(words))
    return " | ".join(out)


def search(
    reader: Reader,
    query: str,
    *,
    limit: int = 100,
    paper_filter_sql: str | None = None,
    params: dict[str, Any] | None = None,
    exclude_paper: int | None = None,
) -> list[tuple[int, int, float]]:
    """Best passages for ``query``: (passage id, paper id, score), higher is better.

    ``paper_filter_sql`` is a SELECT of allowed paper ids (with its ``params``).
    """
    from paperdesk.search.store import dialect as dialect_of

    terms = query_terms(query)
    if not terms:
        return []
    bind: dict[str, Any] = dict(params or {})
    bind["limit"] = limit
    where = f" AND {ranked_sql('ps')}"  # never a reference list or a contents page
    if paper_filter_sql:
        where += f" AND ps.paper_id IN ({paper_filter_sql})"
    if exclude_paper is not None:
        where += " AND ps.paper_id <> :exclude_paper"
        bind["exclude_paper"] = exclude_paper
    dialect = dialect_of(reader)
    if dialect == "sqlite":
        bind["q"] = fts5_query(terms)
        w_text, w_section = FTS_WEIGHTS
        sql = (
            f"SELECT ps.id, ps.paper_id, -bm25(passages_fts, {w_text}, {w_section}) AS score "
            "FROM passages_fts JOIN passages ps ON ps.id = passages_fts.rowid "
            f"WHERE passages_fts MATCH :q{where} ORDER BY bm25(passages_fts, {w_text}, "
            f"{w_section}) LIMIT :limit"
        )
    elif dialect == "postgresql":
        q = tsquery(terms)
        if not q:
            return []
        bind["q"] = q
        sql = (
            "SELECT ps.id, ps.paper_id, ts_rank_cd(ps.tsv, to_tsquery('english', :q), 1) AS score "
            f"FROM passages ps WHERE ps.tsv @@ to_tsquery('english', :q){where} "
            "ORDER BY score DESC, ps.id LIMIT :limit"
        )
    else:  # pragma: no cover - only the two supported databases
        raise NotImplementedError(dialect)
    return [(int(r[0]), int(r[1]), float(r[2])) for r in reader.rows(sql, bind)]


def known(reader: Reader, terms: list[str]) -> list[bool]:
    """For each term, whether any ranked passage has it (stemmed as the index stems it), in
    one statement: a word no passage has is a typo or news to the library
    (:mod:`paperdesk.search.spelling`)."""
    from paperdesk.search.store import dialect as dialect_of

    if not terms:
        return []
    sqlite = dialect_of(reader) == "sqlite"
    checks, bind = [], {}
    for i, term in enumerate(terms):
        if sqlite:
            bind[f"q{i}"] = fts5_query([term])
            checks.append(
                "EXISTS (SELECT 1 FROM passages_fts JOIN passages ps ON ps.id = passages_fts.rowid "
                f"WHERE passages_fts MATCH :q{i} AND {ranked_sql('ps')})"
            )
        else:
            bind[f"q{i}"] = tsquery([term]) or "''"
            checks.append(
                "EXISTS (SELECT 1 FROM passages ps WHERE ps.tsv @@ to_tsquery('english', "
                f":q{i}) AND {ranked_sql('ps')})"
            )
    row = reader.rows("SELECT " + ", ".join(checks), bind)[0]
    return [bool(v) for v in row]


def named_papers(
    reader: Reader,
    query: str,
    *,
    paper_filter_sql: str | None = None,
    params: dict[str, Any] | None = None,
) -> dict[int, int]:
    """Papers whose title or name the query is (``hybrid.names_paper``, or the name a
    reading-list ``why`` line opens with: "InstructGPT, ..."): paper id → its abstract passage
    id. Only titles and lines starting with the query's first word are read."""
    from paperdesk.papernames import name_words, why_name
    from paperdesk.search.hybrid import names_paper

    words = _WORD.findall(query.lower())
    if not words or len(words) > 40:
        return {}
    bind: dict[str, Any] = dict(params or {})
    bind["prefix"] = words[0] + "%"
    where = f" AND p.id IN ({paper_filter_sql})" if paper_filter_sql else ""
    join = "FROM papers p JOIN passages ps ON ps.paper_id = p.id AND ps.kind = 'abstract'"
    rows = reader.rows(
        f"SELECT p.id, p.title, ps.id {join} WHERE lower(p.title) LIKE :prefix{where} "
        "ORDER BY p.id",
        bind,
    )
    found = {int(r[0]): int(r[2]) for r in rows if names_paper(query, r[1] or "")}
    wanted = name_words(query)
    # the lines first: a few hundred, where the papers are thousands
    rows = reader.rows("SELECT paper_id, why FROM list_entries WHERE lower(why) LIKE :prefix", bind)
    whys = sorted({int(r[0]) for r in rows if why_name(r[1]) == wanted} - set(found))
    if whys:
        from paperdesk.search.store import in_list

        ids, more = in_list("w", whys)
        rows = reader.rows(
            f"SELECT p.id, MIN(ps.id) {join} WHERE p.id IN {ids}{where} GROUP BY p.id",
            {**bind, **more},
        )
        found.update({int(r[0]): int(r[1]) for r in rows})
    return dict(sorted(found.items()))
