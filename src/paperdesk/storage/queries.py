"""The list views' SQL, shared by the fast read path (stdlib sqlite3) and SQLAlchemy.

Plain SQL with ``:name`` parameters works unchanged in both. Keep these free of dialect
specifics; rows come back as tuples in the column order written here.
"""

from __future__ import annotations

import json
from typing import Any

from paperdesk.parse.kinds import ranked_sql

LIST_SUMMARIES = """
SELECT l.name, l.title, l.description, l.source,
       COUNT(e.id) AS total,
       COALESCE(SUM(CASE WHEN p.reading_state = 'read' THEN 1 ELSE 0 END), 0) AS n_read,
       COALESCE(SUM(CASE WHEN p.reading_state = 'reading' THEN 1 ELSE 0 END), 0) AS n_reading,
       COALESCE(SUM(CASE WHEN p.replication_state = 'reproduced' THEN 1 ELSE 0 END), 0) AS n_repro,
       COALESCE(SUM(CASE WHEN p.replication_state <> 'none' THEN 1 ELSE 0 END), 0) AS n_planned,
       l.position
FROM reading_lists l
LEFT JOIN list_entries e ON e.list_id = l.id
LEFT JOIN papers p ON p.id = e.paper_id
GROUP BY l.id, l.name, l.title, l.description, l.source, l.position
ORDER BY CASE WHEN l.position IS NULL THEN 1 ELSE 0 END, l.position, l.id
"""

_PAPER_COLUMNS = """
p.id, p.key, p.arxiv_id, p.version, p.title, p.authors, p.year, p.doi, p.url,
p.reading_state, p.replication_state, p.pdf_sha256, p.pdf_version, p.parse_status
"""


def papers_sql(
    *, list_name: bool, reading: bool, replication: bool, tag: bool, year: bool = False
) -> str:
    """SELECT for ``paperdesk papers``: list order when a list is given, else by id."""
    where: list[str] = []
    if reading:
        where.append("p.reading_state = :reading")
    if replication:
        where.append("p.replication_state = :replication")
    if year:
        where.append("p.year = :year")
    if tag:
        where.append(
            "p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE t.name = :tag)"
        )
    if list_name:
        sql = (
            f"SELECT {_PAPER_COLUMNS}, e.stage, e.position, e.why FROM list_entries e "
            "JOIN reading_lists l ON l.id = e.list_id JOIN papers p ON p.id = e.paper_id "
            "WHERE l.name = :list"
        )
        if where:
            sql += " AND " + " AND ".join(where)
        return sql + " ORDER BY e.position"
    sql = f"SELECT {_PAPER_COLUMNS}, NULL, NULL, NULL FROM papers p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY p.id"


PAPER_COUNT = "SELECT COUNT(*) FROM papers"
LIST_EXISTS = "SELECT 1 FROM reading_lists WHERE name = :list"
PAPER_LISTS = (
    "SELECT e.paper_id, l.name FROM list_entries e JOIN reading_lists l ON l.id = e.list_id "
    "ORDER BY l.name"
)
PAPER_TAGS = (
    "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id ORDER BY t.name"
)
# A paper is indexed when every passage search ranks has a vector for the model the library was
# last indexed with (meta 'search:model', written by paperdesk.search.store); reference lists,
# contents and acknowledgements are never embedded.
INDEXED_PAPERS = (
    "SELECT ps.paper_id FROM passages ps LEFT JOIN embeddings em "
    "ON em.content_hash = ps.content_hash "
    "AND em.model = (SELECT value FROM meta WHERE key = 'search:model') "
    f"WHERE {ranked_sql('ps')} "
    "GROUP BY ps.paper_id HAVING COUNT(em.id) = COUNT(*)"
)
HAS_TABLE_EMBEDDINGS = "SELECT COUNT(*) FROM embeddings"
# shell completion (``paperdesk completion``): names to offer, filtered by prefix in Python
COMPLETE_PAPERS = "SELECT key, arxiv_id, title FROM papers ORDER BY id"
COMPLETE_LISTS = "SELECT name, title FROM reading_lists ORDER BY name"
COMPLETE_TAGS = "SELECT name FROM tags ORDER BY name"


def _json_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return list(json.loads(value))
    return list(value)


def paper_row(
    row: tuple[Any, ...], lists: dict[int, list[str]], tags: dict[int, list[str]], indexed: set[int]
) -> dict[str, Any]:
    """One row of ``papers_sql`` as the documented JSON object."""
    (
        pid,
        key,
        arxiv_id,
        version,
        title,
        authors,
        year,
        doi,
        url,
        reading,
        replication,
        pdf_sha,
        pdf_version,
        parse_status,
        stage,
        position,
        why,
    ) = row
    item: dict[str, Any] = {
        "id": key,
        "arxiv_id": arxiv_id,
        "version": version,
        "title": title,
        "authors": _json_list(authors),
        "year": year,
        "doi": doi,
        "url": url,
        "reading": reading,
        "replication": replication,
        "pdf": pdf_sha is not None,
        "parsed": parse_status == "parsed",
        "parse_status": parse_status,
        "indexed": pid in indexed,
        "newer_version": bool(pdf_sha and version and pdf_version and version > pdf_version),
        "lists": lists.get(pid, []),
        "tags": tags.get(pid, []),
    }
    if position is not None:
        item.update(stage=stage, position=position, why=why)
    return item
