"""Which stored passages search ranks: the SQL filter, run on a real SQLite table."""

from __future__ import annotations

import sqlite3

from paperdesk.parse import kinds


def test_only_ranked_kinds_pass_the_filter() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE passages (id INTEGER PRIMARY KEY, kind TEXT)")
    db.executemany("INSERT INTO passages (kind) VALUES (?)", [(k,) for k in kinds.PARSED])
    db.execute("INSERT INTO passages (kind) VALUES (?)", (kinds.ABSTRACT,))
    rows = db.execute(f"SELECT kind FROM passages ps WHERE {kinds.ranked_sql()}").fetchall()
    assert sorted(k for (k,) in rows) == sorted(kinds.RANKED)
    plain = db.execute(f"SELECT count(*) FROM passages WHERE {kinds.ranked_sql('')}").fetchone()
    assert plain == (len(kinds.RANKED),)
    assert not {kinds.REFS, kinds.TOC, kinds.ACK} & set(kinds.RANKED)
