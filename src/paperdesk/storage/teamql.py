"""The SQL of the Team screen and the detail pane's "also reading" line, shared like
:mod:`paperdesk.storage.queries` by the fast read path (stdlib sqlite3) and SQLAlchemy: plain
SQL with ``:name`` parameters, rows as tuples in the order written. ``:since`` is an ISO day
(compared with ``DATE()``, which SQLite and PostgreSQL both have)."""

from __future__ import annotations

# Every member with the reading time recorded since :since (the periods read once, grouped by
# member: a correlated sum per member scanned them all once per member, 50 ms on 40,000).
MEMBERS_WEEK = """
SELECT m.id, m.name, m.created_at, COALESCE(t.seconds, 0)
FROM members m
LEFT JOIN (SELECT rp.member_id, SUM(rp.seconds) AS seconds FROM reading_periods rp
           WHERE DATE(rp.started_at) >= :since GROUP BY rp.member_id) t ON t.member_id = m.id
ORDER BY m.name
"""

# Each member's papers being read, and the ones read or skimmed since :since with when they
# entered that state (the member's latest change into it, as in progressql.FINISHED_AT).
# readings.updated_at is never before that change, so it narrows the rows cheaply first.
MEMBER_PAPERS = """
SELECT m.name, p.key, p.arxiv_id, p.title, r.state,
       (SELECT MAX(sc.at) FROM state_changes sc
        WHERE sc.paper_id = r.paper_id AND sc.member_id = r.member_id
          AND sc.track = 'reading' AND sc.new_state = r.state),
       r.updated_at
FROM readings r
JOIN members m ON m.id = r.member_id
JOIN papers p ON p.id = r.paper_id
WHERE r.state = 'reading'
   OR (r.state IN ('read', 'skimmed') AND DATE(r.updated_at) >= :since)
"""

# Replication attempts under way (planned or running), whoever made them, with their last run.
ATTEMPTS_ACTIVE = """
SELECT p.key, p.arxiv_id, p.title, a.number, a.status, m.name, a.updated_at,
       (SELECT MAX(ru.ran_at) FROM runs ru WHERE ru.attempt_id = a.id)
FROM repro_attempts a
JOIN papers p ON p.id = a.paper_id
LEFT JOIN members m ON m.id = a.created_by
WHERE a.status IN ('planned', 'running')
ORDER BY a.updated_at DESC, a.id DESC
"""
