"""The list views' SQL, shared by the fast read path (stdlib sqlite3) and SQLAlchemy.

Plain SQL with ``:name`` parameters works unchanged in both. Keep these free of dialect
specifics; rows come back as tuples in the column order written here.
"""

from __future__ import annotations

from paperdesk.parse.kinds import ranked_sql

# Members (paperdesk.members): "me" is the member named :name, or (single-user rule, applied by
# members.member_id_from_rows) the only member; at most two rows.
MEMBER_LOOKUP = (
    "SELECT m.id, m.name, (SELECT COUNT(*) FROM members) FROM members m "
    "WHERE m.name = :name OR m.id = (SELECT MIN(id) FROM members)"
)


def reading_join(paper: str = "p", alias: str = "r") -> str:
    """The join that gives a paper row my reading state: ``COALESCE(r.state, 'unread')``
    (:data:`READING_STATE`), with ``:member`` bound to ``members.member_id_for_read``."""
    return (
        f"LEFT JOIN readings {alias} "
        f"ON {alias}.paper_id = {paper}.id AND {alias}.member_id = :member"
    )


READING_STATE = "COALESCE(r.state, 'unread')"

MEMBERS = """
SELECT m.name, m.created_at,
       (SELECT COUNT(*) FROM readings r WHERE r.member_id = m.id AND r.state = 'read'),
       (SELECT COUNT(*) FROM readings r WHERE r.member_id = m.id AND r.state = 'reading'),
       (SELECT MAX(r.updated_at) FROM readings r WHERE r.member_id = m.id),
       (SELECT MAX(sc.at) FROM state_changes sc WHERE sc.member_id = m.id),
       (SELECT MAX(n.updated_at) FROM notes n WHERE n.member_id = m.id),
       (SELECT MAX(rp.ended_at) FROM reading_periods rp WHERE rp.member_id = m.id)
FROM members m ORDER BY m.name
"""

LIST_SUMMARIES = """
SELECT l.name, l.title, l.description, l.source,
       COUNT(e.id) AS total,
       COALESCE(SUM(CASE WHEN r.state = 'read' THEN 1 ELSE 0 END), 0) AS n_read,
       COALESCE(SUM(CASE WHEN r.state = 'reading' THEN 1 ELSE 0 END), 0) AS n_reading,
       COALESCE(SUM(CASE WHEN p.replication_state = 'reproduced' THEN 1 ELSE 0 END), 0) AS n_repro,
       COALESCE(SUM(CASE WHEN p.replication_state <> 'none' THEN 1 ELSE 0 END), 0) AS n_planned,
       l.position
FROM reading_lists l
LEFT JOIN list_entries e ON e.list_id = l.id
LEFT JOIN papers p ON p.id = e.paper_id
LEFT JOIN readings r ON r.paper_id = p.id AND r.member_id = :member
GROUP BY l.id, l.name, l.title, l.description, l.source, l.position
ORDER BY CASE WHEN l.position IS NULL THEN 1 ELSE 0 END, l.position, l.id
"""

_PAPER_COLUMNS = """
p.id, p.key, p.arxiv_id, p.version, p.title, p.authors, p.year, p.doi, p.url,
COALESCE(r.state, 'unread'), p.replication_state, p.pdf_sha256, p.pdf_version, p.parse_status
"""


def papers_sql(
    *, list_name: bool, reading: bool, replication: bool, tag: bool, year: bool = False
) -> str:
    """SELECT for ``paperdesk papers``: list order when a list is given, else by id."""
    where: list[str] = []
    if reading:
        where.append("COALESCE(r.state, 'unread') = :reading")
    if replication:
        where.append("p.replication_state = :replication")
    if year:
        where.append("p.year = :year")
    if tag:
        where.append(
            "p.id IN (SELECT pt.paper_id FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
            "WHERE t.name = :tag AND pt.member_id = :member)"
        )
    if list_name:
        sql = (
            f"SELECT {_PAPER_COLUMNS}, e.stage, e.position, e.why FROM list_entries e "
            "JOIN reading_lists l ON l.id = e.list_id JOIN papers p ON p.id = e.paper_id "
            f"{reading_join()} WHERE l.name = :list"
        )
        if where:
            sql += " AND " + " AND ".join(where)
        return sql + " ORDER BY e.position"
    sql = f"SELECT {_PAPER_COLUMNS}, NULL, NULL, NULL FROM papers p {reading_join()}"
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
    "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
    "WHERE pt.member_id = :member ORDER BY t.name"
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
COMPLETE_MEMBERS = "SELECT name FROM members ORDER BY name"
