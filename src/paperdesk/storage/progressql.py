"""The SQL of the roadmap, study plans and progress stats (``paperdesk next``, ``plan``,
``stats``), shared like :mod:`paperdesk.storage.queries` by the fast read path (stdlib sqlite3)
and SQLAlchemy: plain SQL with ``:name`` parameters, rows as tuples in the order written.
Reading states, history, plans and reading time are a member's: ``:member`` is the member's
id (``Reader.member()``; -1 matches nothing)."""

from __future__ import annotations

# Lists in roadmap order: placed lists by position, then the others in creation order.
ROADMAP_ORDER = "CASE WHEN l.position IS NULL THEN 1 ELSE 0 END, l.position, l.id"

LISTS = f"SELECT l.id, l.name, l.title FROM reading_lists l ORDER BY {ROADMAP_ORDER}"

# Unordered: the caller sorts by (list, position, paper), faster than SQLite's sorter here.
ENTRIES = """
SELECT e.list_id, e.paper_id, e.stage, e.position, e.why,
       p.key, p.arxiv_id, p.title, COALESCE(r.state, 'unread')
FROM list_entries e JOIN papers p ON p.id = e.paper_id
LEFT JOIN readings r ON r.paper_id = p.id AND r.member_id = :member
"""

# Every citation link: the ordering keeps those between its candidates. (Filtering here with
# "IN (SELECT paper_id FROM list_entries)" on both ends made SQLite probe every pair: 80 s on
# 10,000 papers.)
CITES = "SELECT c.citing_id, c.cited_id FROM cites c"

PLANS = f"""
SELECT l.name, l.title, sp.pace, sp.start, sp.days, sp.created_at
FROM study_plans sp JOIN reading_lists l ON l.id = sp.list_id
WHERE sp.member_id = :member
ORDER BY {ROADMAP_ORDER}
"""

# When each read or skimmed paper entered that state (its latest change into it): a paper read,
# unmarked by mistake and read again counts once, at the last time. A correlated subquery, so
# that only those papers' history is read, through the paper_id index (8 ms on 100,000 rows;
# a join with GROUP BY scanned them all).
FINISHED_AT = """
SELECT r.paper_id, r.state,
       (SELECT MAX(sc.at) FROM state_changes sc
        WHERE sc.paper_id = r.paper_id AND sc.track = 'reading' AND sc.new_state = r.state
          AND sc.member_id = :member)
FROM readings r WHERE r.member_id = :member AND r.state IN ('read', 'skimmed')
"""

# When papers now read were queued, to measure the time from queued to read (IN rather than a
# join: 8 ms instead of 19 on 100,000 history rows).
QUEUED = """
SELECT sc.paper_id, sc.at FROM state_changes sc
WHERE sc.track = 'reading' AND sc.new_state = 'queued' AND sc.member_id = :member
  AND sc.paper_id IN (SELECT r.paper_id FROM readings r
                      WHERE r.member_id = :member AND r.state = 'read')
"""

PAPER_COUNT = "SELECT COUNT(*) FROM papers"

# Unordered: the stats keep a set per list (and take the lists' order from LISTS).
LIST_MEMBERS = (
    "SELECT l.name, e.paper_id FROM list_entries e JOIN reading_lists l ON l.id = e.list_id"
)

CLAIMS = "SELECT c.id, c.paper_id FROM claims c"

ATTEMPTS = "SELECT a.paper_id, a.created_at FROM repro_attempts a ORDER BY a.created_at, a.id"

RESULTS = """
SELECT c.id, c.paper_id, c.value, c.higher_is_better, c.tolerance, rr.value, r.ran_at
FROM run_results rr JOIN runs r ON r.id = rr.run_id JOIN claims c ON c.id = rr.claim_id
ORDER BY r.ran_at, rr.id
"""

# Time spent in the TUI's reading view and note editor: every period's paper, view and length
# (summed in Python: a GROUP BY here sorts them first, 3x slower on 20,000 periods), and the
# time per day a period started, summed in the database (DATE() is SQLite's and PostgreSQL's;
# {scope} is "1 = 1" or IN_LIST, with :list the list's name).
READING_TIME = (
    "SELECT rp.paper_id, rp.view, rp.seconds FROM reading_periods rp WHERE rp.member_id = :member"
)
IN_LIST = """rp.paper_id IN (SELECT e.paper_id FROM list_entries e
    JOIN reading_lists l ON l.id = e.list_id WHERE l.name = :list)"""
STARTED_SINCE = "DATE(rp.started_at) >= :since"  # :since an ISO day (stats --since)
READING_DAYS = """
SELECT DATE(rp.started_at), SUM(rp.seconds) FROM reading_periods rp
WHERE rp.member_id = :member AND {scope}
GROUP BY DATE(rp.started_at)
"""

# The names of a few papers; "%s" is a comma-separated list of integer ids made by the caller.
PAPER_NAMES = "SELECT p.id, p.key, p.arxiv_id, p.title FROM papers p WHERE p.id IN (%s)"
