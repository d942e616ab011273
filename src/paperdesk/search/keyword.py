"""Keyword search over passages: FTS5 ``bm25`` on SQLite, ``ts_rank_cd`` on PostgreSQL.

What a user types is natural language, not query syntax: it is reduced to its words, which are
quoted (so ``AND``, ``-``, ``:`` or ``"`` can never be misread as operators) and OR-ed, so
that a passage matching most of the words ranks first instead of only passages matching all.
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
MAX_TERMS = 64
#: Column weights for bm25(text, section): a section title matching counts, but less.
FTS_WEIGHTS = (1.0, 0.5)


def query_terms(query: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The distinct words of ``query`` that are worth matching, in order of appearance."""
    words = [w.lower() for w in _WORD.findall(_CITATION.sub(" ", query))]
    content = [w for w in words if w not in STOPWORDS and not (w.isdigit() and len(w) < 3)]
    seen: dict[str, None] = {}
    for w in content or words:
        seen.setdefault(w, None)
    return list(seen)[:limit]


def fts5_query(terms: list[str]) -> str:
    """FTS5 MATCH text: each word a quoted string, OR-ed."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def tsquery(terms: list[str]) -> str:
    """PostgreSQL to_tsquery text: only alphanumerics survive, OR-ed."""
    cleaned = [re.sub(r"[^\w]", "", t) for t in terms]
    return " | ".join(t for t in cleaned if t)


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
