"""Migration ``0014_members``: reading state, its history, notes, tags, study plans and reading
time become each member's own; replication records say who made them.

Everything personal that exists moves to one default member, named as
:func:`paperdesk.membername.configured_name` names the user running the migration
(``conn.info["member_name"]`` when :meth:`Database.migrate` was told it). The member row is made
only when there is something to move: a fresh library gets its first member on its first
personal write. Shared rows (papers, lists, claims, attempts) stay as they are; non-seeded
claims, attempts, runs and log entries get the default member as ``created_by``.

Idempotent: every step looks at the schema first. SQLite cannot change a table's unique key in
place, so ``notes``, ``paper_tags``, ``study_plans`` and ``reading_periods`` are rebuilt (no
table refers to them); ``papers.reading_state`` goes with ``ALTER TABLE DROP COLUMN``
(SQLite >= 3.35) after its index, never by rebuilding ``papers`` (whose children would cascade).
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, inspect, text

from paperdesk.storage.models import Member, Note, PaperTag, Reading, ReadingPeriod, StudyPlan
from paperdesk.storage.models import utcnow as _utcnow

#: Personal tables that get a ``member_id`` (NOT NULL, CASCADE) and their new unique key.
_PERSONAL: tuple[tuple[Table, str | None], ...] = (
    (Note.__table__, "paper_id, member_id"),
    (PaperTag.__table__, None),  # the key is the primary key (paper_id, tag_id, member_id)
    (StudyPlan.__table__, "list_id, member_id"),
    (ReadingPeriod.__table__, None),
)
#: Shared tables whose rows say who made them; ``state_changes`` says whose state it was.
_AUTHORED = ("repro_attempts", "claims", "runs", "repro_log")

_ANYTHING = (
    "SELECT 1 FROM papers WHERE reading_state <> 'unread'",
    "SELECT 1 FROM state_changes",
    "SELECT 1 FROM notes",
    "SELECT 1 FROM paper_tags",
    "SELECT 1 FROM study_plans",
    "SELECT 1 FROM reading_periods",
    "SELECT 1 FROM repro_attempts",
    "SELECT 1 FROM claims WHERE NOT seeded",
)


def members(conn: Connection) -> None:
    Member.__table__.create(conn, checkfirst=True)
    Reading.__table__.create(conn, checkfirst=True)
    insp = inspect(conn)
    cols = {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}
    old_personal = [t for t, _ in _PERSONAL if "member_id" not in cols[t.name]]
    old_states = "reading_state" in cols["papers"]
    todo = old_states or old_personal or "member_id" not in cols["state_changes"]
    member = _default_member(conn, old_states) if todo else None

    if "member_id" not in cols["state_changes"]:
        _add_reference(conn, "state_changes", "member_id")
        if member is not None:
            conn.execute(text("UPDATE state_changes SET member_id = :m"), {"m": member})
    for name in _AUTHORED:
        if "created_by" not in cols[name]:
            _add_reference(conn, name, "created_by")
            if member is not None:
                seeded = " WHERE NOT seeded" if name == "claims" else ""
                conn.execute(text(f"UPDATE {name} SET created_by = :m{seeded}"), {"m": member})
    for table in old_personal:
        unique = dict(_PERSONAL)[table]
        if conn.dialect.name == "sqlite":
            _rebuild_sqlite(conn, table, member)
        else:
            _alter_postgres(conn, table, unique, member)
    if old_states:
        if member is not None:
            conn.execute(
                text(
                    "INSERT INTO readings (member_id, paper_id, state, updated_at) "
                    "SELECT :m, p.id, p.reading_state, COALESCE((SELECT MAX(sc.at) "
                    "FROM state_changes sc WHERE sc.paper_id = p.id AND sc.track = 'reading'), "
                    "p.updated_at) FROM papers p WHERE p.reading_state <> 'unread'"
                ),
                {"m": member},
            )
        conn.execute(text("DROP INDEX IF EXISTS ix_papers_reading_state"))
        conn.execute(text("ALTER TABLE papers DROP COLUMN reading_state"))


def _default_member(conn: Connection, old_states: bool) -> int | None:
    """The id of the member the existing personal rows move to; None when there are none."""
    checks = _ANYTHING if old_states else _ANYTHING[1:]
    if not any(conn.execute(text(f"{sql} LIMIT 1")).first() for sql in checks):
        return None
    name = conn.info.get("member_name")
    if not name:
        from paperdesk.membername import configured_name

        name = configured_name()[0]
    found = conn.execute(text("SELECT id FROM members WHERE name = :n"), {"n": name}).scalar()
    if found is not None:
        return int(found)
    conn.execute(
        text("INSERT INTO members (name, created_at) VALUES (:n, :t)"),
        {"n": name, "t": _utcnow()},
    )
    return int(
        conn.execute(text("SELECT id FROM members WHERE name = :n"), {"n": name}).scalar_one()
    )


def _add_reference(conn: Connection, table: str, column: str) -> None:
    conn.execute(
        text(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            "REFERENCES members (id) ON DELETE SET NULL"
        )
    )


def _rebuild_sqlite(conn: Connection, table: Table, member: int | None) -> None:
    """Make ``table`` anew from the model and copy its rows in, owned by ``member``."""
    old = f"{table.name}__pre_members"
    conn.execute(text(f"ALTER TABLE {table.name} RENAME TO {old}"))
    insp = inspect(conn)
    for index in insp.get_indexes(old):
        conn.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
    had = {c["name"] for c in insp.get_columns(old)}
    table.create(conn)
    # the columns both have (a later migration may add one to the model)
    names = [c.name for c in table.columns if c.name != "member_id" and c.name in had]
    listed = ", ".join(names)
    if member is not None:
        conn.execute(
            text(f"INSERT INTO {table.name} ({listed}, member_id) SELECT {listed}, :m FROM {old}"),
            {"m": member},
        )
    conn.execute(text(f"DROP TABLE {old}"))


def _alter_postgres(conn: Connection, table: Table, unique: str | None, member: int | None) -> None:
    name = table.name
    conn.execute(
        text(
            f"ALTER TABLE {name} ADD COLUMN member_id INTEGER "
            "REFERENCES members (id) ON DELETE CASCADE"
        )
    )
    if member is not None:
        conn.execute(text(f"UPDATE {name} SET member_id = :m"), {"m": member})
    conn.execute(text(f"ALTER TABLE {name} ALTER COLUMN member_id SET NOT NULL"))
    insp = inspect(conn)
    if unique is None and name == "paper_tags":
        pk = insp.get_pk_constraint(name)["name"]
        conn.execute(text(f'ALTER TABLE {name} DROP CONSTRAINT "{pk}"'))
        conn.execute(text(f"ALTER TABLE {name} ADD PRIMARY KEY (paper_id, tag_id, member_id)"))
    elif unique is not None:
        for constraint in insp.get_unique_constraints(name):
            conn.execute(text(f'ALTER TABLE {name} DROP CONSTRAINT "{constraint["name"]}"'))
        conn.execute(text(f"ALTER TABLE {name} ADD UNIQUE ({unique})"))
