"""The schema of the first release (0.1, 2026-11-22), frozen: what ``0001_initial`` creates.

A copy, not an import of ``models``: the models describe the head of the migrations, so
creating them in ``0001`` would make every database start at today's tables and leave the later
migrations untested. Never edit this file; change the schema with a new migration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

FIRST_RELEASE = MetaData()

Table(
    "embeddings",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("model", String(300), nullable=False),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    UniqueConstraint("content_hash", "model"),
)
Table(
    "meta",
    FIRST_RELEASE,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
Table(
    "papers",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("arxiv_id", String(40), unique=True),
    Column("version", Integer),
    Column("title", Text, nullable=False),
    Column("authors", JSON, nullable=False),
    Column("abstract", Text),
    Column("categories", JSON, nullable=False),
    Column("primary_category", String(40)),
    Column("published", DateTime),
    Column("updated", DateTime),
    Column("year", Integer, index=True),
    Column("doi", String(200), index=True),
    Column("journal_ref", Text),
    Column("comment", Text),
    Column("url", Text),
    Column("pdf_url", Text),
    Column("pdf_path", Text),
    Column("pdf_sha256", String(64)),
    Column("pdf_version", Integer),
    Column("metadata_fetched_at", DateTime),
    Column("fetch_error", Text),
    Column("parse_status", Text),
    Column("parsed_sha256", String(64)),
    Column("parser_version", String(20)),
    Column("reading_state", String(20), nullable=False, index=True),
    Column("replication_state", String(20), nullable=False, index=True),
    Column("added_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Table(
    "reading_lists",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("description", Text),
    Column("source", String(20), nullable=False),
    Column("source_path", Text),
    Column("created_at", DateTime, nullable=False),
)
Table(
    "tags",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
)
Table(
    "cites",
    FIRST_RELEASE,
    Column("citing_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "cited_id",
        Integer,
        ForeignKey("papers.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)
Table(
    "claims",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("label", String(200), nullable=False),
    Column("metric", String(100), nullable=False),
    Column("setting", Text),
    Column("value", Float, nullable=False),
    Column("unit", String(40)),
    Column("higher_is_better", Boolean, nullable=False),
    Column("source", Text),
    Column("tolerance", Float),
    Column("seeded", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("paper_id", "label"),
)
Table(
    "list_entries",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column("list_id", Integer, ForeignKey("reading_lists.id", ondelete="CASCADE"), nullable=False),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("stage", Text),
    Column("position", Integer, nullable=False),
    Column("why", Text),
    UniqueConstraint("list_id", "paper_id"),
)
Table(
    "notes",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id",
        Integer,
        ForeignKey("papers.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("body", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("revision", Integer, nullable=False),
)
Table(
    "paper_references",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("arxiv_id", String(40), index=True),
    Column("doi", String(200)),
)
Table(
    "paper_tags",
    FIRST_RELEASE,
    Column("paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)
Table(
    "passages",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("kind", String(10), nullable=False),
    Column("position", Integer, nullable=False),
    Column("section", Text),
    Column("page_start", Integer),
    Column("page_end", Integer),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
)
Table(
    "repro_attempts",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("number", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("goal", Text),
    Column("scope", Text),
    Column("repo_url", Text),
    Column("repo_commit", String(80)),
    Column("environment", Text),
    Column("environment_kv", JSON, nullable=False),
    Column("compute_budget", Float),
    Column("compute_spent", Float),
    Column("compute_unit", String(40)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
Table(
    "sections",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("position", Integer, nullable=False),
    Column("level", Integer, nullable=False),
    Column("number", String(20)),
    Column("title", Text, nullable=False),
    Column("page", Integer),
)
Table(
    "repro_log",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "attempt_id",
        Integer,
        ForeignKey("repro_attempts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime, nullable=False),
    Column("text", Text, nullable=False),
)
Table(
    "runs",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "attempt_id",
        Integer,
        ForeignKey("repro_attempts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("ran_at", DateTime, nullable=False),
    Column("command", Text),
    Column("commit", String(80)),
    Column("notes", Text),
)
Table(
    "state_changes",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "paper_id", Integer, ForeignKey("papers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("track", String(20), nullable=False),
    Column("old_state", String(20)),
    Column("new_state", String(20), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("attempt_id", Integer, ForeignKey("repro_attempts.id", ondelete="SET NULL")),
)
Table(
    "run_results",
    FIRST_RELEASE,
    Column("id", Integer, primary_key=True),
    Column(
        "run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column(
        "claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("value", Float, nullable=False),
    UniqueConstraint("run_id", "claim_id"),
)
