"""Ordered, named schema migrations recorded in ``schema_migrations``.

Each migration runs once, in order, in its own transaction. ``0001_initial`` creates the tables
of the first release, frozen in :mod:`paperdesk.storage.first_schema` (never today's models);
every later migration creates what it adds (``Table.create(conn, checkfirst=True)``, ``ALTER
TABLE`` after ``inspect``) and is idempotent, so it is safe on a database of any earlier release.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    inspect,
    text,
)

from paperdesk.storage.first_schema import FIRST_RELEASE
from paperdesk.storage.migrate_keys import stable_keys
from paperdesk.storage.migrate_members import members
from paperdesk.storage.models import FeedEntry, PaperLink, SuggestionDismissal
from paperdesk.storage.models import utcnow as _utcnow
from paperdesk.storage.revision import MIGRATION_NAMES

_TRACKING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(name VARCHAR(100) PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)"
)


# Tables as 0006 and 0008 made them, before 0014 gave them a member: frozen here, because the
# models' tables now refer to ``members``, which does not exist yet when they run.
_EARLIER = MetaData()
_STUDY_PLANS = Table(
    "study_plans",
    _EARLIER,
    Column("id", Integer, primary_key=True),
    Column(
        "list_id",
        Integer,
        ForeignKey("reading_lists.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("pace", Integer, nullable=False),
    Column("start", Date, nullable=False),
    Column("days", String(40)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
_READING_PERIODS = Table(
    "reading_periods",
    _EARLIER,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("view", String(10), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime, nullable=False),
    Column("seconds", Integer, nullable=False),
)
Table("reading_lists", _EARLIER, Column("id", Integer, primary_key=True))
Table("papers", _EARLIER, Column("id", Integer, primary_key=True))


def _initial(conn: Connection) -> None:
    FIRST_RELEASE.create_all(conn)


def _keyword_index(conn: Connection) -> None:
    """Full-text keyword index over passages: FTS5 on SQLite, a tsvector column on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5("
                "text, section, content='passages', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS passages_ai AFTER INSERT ON passages BEGIN "
                "INSERT INTO passages_fts(rowid, text, section) "
                "VALUES (new.id, new.text, new.section); END"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS passages_ad AFTER DELETE ON passages BEGIN "
                "INSERT INTO passages_fts(passages_fts, rowid, text, section) "
                "VALUES ('delete', old.id, old.text, old.section); END"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS passages_au AFTER UPDATE ON passages BEGIN "
                "INSERT INTO passages_fts(passages_fts, rowid, text, section) "
                "VALUES ('delete', old.id, old.text, old.section); "
                "INSERT INTO passages_fts(rowid, text, section) "
                "VALUES (new.id, new.text, new.section); END"
            )
        )
        conn.execute(text("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')"))
    elif conn.dialect.name == "postgresql":
        columns = {c["name"] for c in inspect(conn).get_columns("passages")}
        if "tsv" not in columns:
            conn.execute(
                text(
                    "ALTER TABLE passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
                    "(to_tsvector('english', coalesce(section, '') || ' ' || text)) STORED"
                )
            )
        conn.execute(
            text("CREATE INDEX IF NOT EXISTS passages_tsv_idx ON passages USING GIN (tsv)")
        )


_NEW_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "papers": (("venue", "TEXT"), ("metadata_sources", "JSON")),
    "paper_references": (
        ("title", "TEXT"),
        ("title_norm", "VARCHAR(300)"),
        ("authors", "JSON"),
        ("year", "INTEGER"),
        ("venue", "TEXT"),
        ("url", "TEXT"),
    ),
    "cites": (("method", "VARCHAR(20)"),),
}


def _paper_metadata(conn: Connection) -> None:
    """Venue and per-field provenance on papers; parsed fields on references (for title
    matching); how each citation link was made."""
    for table, columns in _NEW_COLUMNS.items():
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        for name, sql_type in columns:
            if name not in have:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_paper_references_title_norm "
            "ON paper_references (title_norm)"
        )
    )
    conn.execute(text("UPDATE papers SET metadata_sources = '{}' WHERE metadata_sources IS NULL"))
    conn.execute(text("UPDATE paper_references SET authors = '[]' WHERE authors IS NULL"))


#: Section labels of a reference list or acknowledgements in a parse made before passage kinds
#: (``References``, ``7 References``): such passages were stored as ``body`` and ranked.
_OLD_KINDS = {
    "refs": ("references", "bibliography", "literature cited"),
    "ack": ("acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment"),
}


def _passage_pages(conn: Connection) -> None:
    """Where each passage's pages change (``passages.pages``: ``[word offset, page]`` pairs),
    so a hit names the page of its matching words; reference lists and acknowledgements of
    earlier parses become kinds that search never ranks (until the paper is parsed again)."""
    have = {c["name"] for c in inspect(conn).get_columns("passages")}
    if "pages" not in have:
        conn.execute(text("ALTER TABLE passages ADD COLUMN pages JSON"))
    for kind, titles in _OLD_KINDS.items():
        for title in titles:
            conn.execute(
                text(
                    "UPDATE passages SET kind = :kind WHERE kind = 'body' "
                    "AND (lower(section) = :title OR lower(section) LIKE :numbered)"
                ),
                {"kind": kind, "title": title, "numbered": f"% {title}"},
            )


def _study_plans(conn: Connection) -> None:
    """Lists get a place in the roadmap (``reading_lists.position``, set from
    ``reading_lists/_roadmap.yaml`` when the lists are seeded); study plans get a table."""
    have = {c["name"] for c in inspect(conn).get_columns("reading_lists")}
    if "position" not in have:
        conn.execute(text("ALTER TABLE reading_lists ADD COLUMN position INTEGER"))
    _STUDY_PLANS.create(conn, checkfirst=True)
    # when each paper entered a state, read through the index alone (paperdesk stats, plans)
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_state_changes_progress "
            "ON state_changes (track, new_state, paper_id, at)"
        )
    )


def _reading_time(conn: Connection) -> None:
    """When the TUI's reading view or note editor was open and in use, per paper."""
    _READING_PERIODS.create(conn, checkfirst=True)


def _feed(conn: Connection) -> None:
    """``paperdesk feed`` and ``suggest``: recent arXiv submissions kept apart from the papers,
    and the suggestions a user dismissed."""
    FeedEntry.__table__.create(conn, checkfirst=True)
    SuggestionDismissal.__table__.create(conn, checkfirst=True)


def _annotations_links(conn: Connection) -> None:
    """The code and data links a paper prints (``paper_links``), and which PDF's annotations
    were last merged into its note (``papers.annotations_sha256``, so ``sync`` imports only
    the annotations of changed PDFs)."""
    PaperLink.__table__.create(conn, checkfirst=True)
    have = {c["name"] for c in inspect(conn).get_columns("papers")}
    if "annotations_sha256" not in have:
        conn.execute(text("ALTER TABLE papers ADD COLUMN annotations_sha256 VARCHAR(64)"))


def _reference_fields(conn: Connection) -> None:
    """What a paper is as a reference: its BibTeX entry type, volume and pages (so that a Zotero
    or Better BibTeX import exports back as the same ``@inproceedings`` with its pages)."""
    have = {c["name"] for c in inspect(conn).get_columns("papers")}
    for name in ("entry_type", "volume", "pages"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE papers ADD COLUMN {name} VARCHAR(40)"))


def _lookup_indexes(conn: Connection) -> None:
    """Case-insensitive lookups by DOI, title, key and earlier key use an index: without them
    every paper a list or BibTeX import adds scanned the table (imports were quadratic).
    PostgreSQL gets a hash index on the title: a B-tree refuses entries over 2.7 kB."""
    title_using = " USING hash" if conn.dialect.name == "postgresql" else ""
    for sql in (
        "CREATE INDEX IF NOT EXISTS ix_papers_lower_doi ON papers (lower(doi))",
        f"CREATE INDEX IF NOT EXISTS ix_papers_lower_title ON papers{title_using} (lower(title))",
        "CREATE INDEX IF NOT EXISTS ix_papers_lower_key ON papers (lower(key))",
        "CREATE INDEX IF NOT EXISTS ix_paper_key_aliases_lower ON paper_key_aliases (lower(alias))",
    ):
        conn.execute(text(sql))


def _note_annotations(conn: Connection) -> None:
    """Which PDF's annotations were last merged is a fact of a member's note, not of the paper:
    with ``papers.annotations_sha256`` the first member to ``sync`` marked the PDF as imported
    and no one else's note ever got its annotations. The hash moves to ``notes``; when the
    library has one member, their notes keep it (nothing is imported twice), otherwise each
    member's next ``sync`` merges the annotations once (the merge skips blocks already there)."""
    have = {c["name"] for c in inspect(conn).get_columns("notes")}
    if "annotations_sha256" not in have:
        conn.execute(text("ALTER TABLE notes ADD COLUMN annotations_sha256 VARCHAR(64)"))
    if "annotations_sha256" not in {c["name"] for c in inspect(conn).get_columns("papers")}:
        return
    if conn.execute(text("SELECT COUNT(*) FROM members")).scalar_one() == 1:
        conn.execute(
            text(
                "UPDATE notes SET annotations_sha256 = (SELECT p.annotations_sha256 FROM papers p "
                "WHERE p.id = notes.paper_id) WHERE annotations_sha256 IS NULL"
            )
        )
    conn.execute(text("ALTER TABLE papers DROP COLUMN annotations_sha256"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_keyword_index", _keyword_index),
    ("0003_paper_metadata", _paper_metadata),
    ("0004_passage_pages", _passage_pages),
    ("0005_stable_keys", stable_keys),
    ("0006_study_plans", _study_plans),
    ("0008_reading_time", _reading_time),
    ("0009_feed", _feed),
    ("0010_annotations_links", _annotations_links),
    ("0011_reference_fields", _reference_fields),
    ("0013_lookup_indexes", _lookup_indexes),
    ("0014_members", members),
    ("0015_note_annotations", _note_annotations),
]
assert tuple(name for name, _ in MIGRATIONS) == MIGRATION_NAMES


def applied(conn: Connection) -> list[str]:
    conn.execute(text(_TRACKING))
    return [
        row[0] for row in conn.execute(text("SELECT name FROM schema_migrations ORDER BY name"))
    ]


#: ``pg_advisory_xact_lock`` key serialising migrations on PostgreSQL (first 8 bytes of
#: sha256("paperdesk:migrate"), signed).
MIGRATE_LOCK = -5858067440662525240


def _serialise(conn: Connection) -> None:
    """Make concurrent migrators queue: on PostgreSQL READ COMMITTED, two processes could both
    see a migration as pending and race its DDL (``pg_type_typname_nsp_index`` violations);
    the transaction-scoped advisory lock is released at commit/rollback. SQLite needs nothing:
    ``BEGIN IMMEDIATE`` (storage/db.py) already holds the write lock from the start."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})


def migrate(engine, upto: str | None = None, *, member: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Apply every pending migration (up to and including ``upto``); return the names applied.
    ``member`` names the member that existing personal data moves to (``0014_members``)."""
    with engine.begin() as conn:
        _serialise(conn)  # applied() may create schema_migrations on a blank database
        done = set(applied(conn))
    ran: list[str] = []
    for name, step in MIGRATIONS:
        if name not in done:
            with engine.begin() as conn:
                _serialise(conn)  # first statement: before the re-check below
                # Another process may have migrated meanwhile: re-check inside the transaction.
                if name in applied(conn):
                    continue
                conn.info["member_name"] = member  # the pooled connection keeps info: reset
                try:
                    step(conn)
                finally:
                    conn.info.pop("member_name", None)
                conn.execute(
                    text("INSERT INTO schema_migrations (name, applied_at) VALUES (:n, :t)"),
                    {"n": name, "t": _utcnow().isoformat()},
                )
            ran.append(name)
        if name == upto:
            break
    return ran
