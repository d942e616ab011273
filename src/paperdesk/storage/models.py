"""ORM tables (SQLAlchemy 2.0 declarative). The database is the source of truth; the schema is
created and evolved only by ``migrations``; these classes must match its head."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Naive UTC now, at second precision: what every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def utcnow_precise() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[str]: JSON}
    if TYPE_CHECKING:  # every model maps one Table (migrations call __table__.create)
        __table__: ClassVar[Table]


class Paper(Base):
    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the citation key (``vaswani2017attention``), made once by paperdesk.storage.keying
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # made before any author was known: replaced once, when the first real metadata arrives
    key_provisional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    arxiv_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    version: Mapped[int | None]
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    abstract: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    primary_category: Mapped[str | None] = mapped_column(String(40))
    published: Mapped[datetime | None] = mapped_column(DateTime)
    updated: Mapped[datetime | None] = mapped_column(DateTime)
    year: Mapped[int | None] = mapped_column(index=True)
    doi: Mapped[str | None] = mapped_column(String(200), index=True)
    journal_ref: Mapped[str | None] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    # what the paper is as a reference (migration 0011): the BibTeX entry type it came in as
    # ("article", "inproceedings", ...; None: told from journal_ref/venue), volume and pages
    entry_type: Mapped[str | None] = mapped_column(String(40))
    volume: Mapped[str | None] = mapped_column(String(40))
    pages: Mapped[str | None] = mapped_column(String(40))
    # field name -> where its value came from ("user", "arxiv", "seed", "pdf:stamp",
    # "pdf:layout", "pdf:info", "pdf:xmp", ...): later stages fill only what is missing
    metadata_sources: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=dict)
    comment: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    pdf_url: Mapped[str | None] = mapped_column(Text)
    pdf_path: Mapped[str | None] = mapped_column(Text)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_version: Mapped[int | None]
    metadata_fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    fetch_error: Mapped[str | None] = mapped_column(Text)
    parse_status: Mapped[str | None] = mapped_column(Text)
    parsed_sha256: Mapped[str | None] = mapped_column(String(64))
    parser_version: Mapped[str | None] = mapped_column(String(20))
    replication_state: Mapped[str] = mapped_column(String(20), default="none", index=True)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow_precise, onupdate=utcnow_precise
    )

    entries: Mapped[list[ListEntry]] = relationship(back_populates="paper", passive_deletes=True)
    # reading state, notes and tags are a member's (migration 0014): read them through
    # paperdesk.members and the services, which filter on the current member

    @property
    def newer_version_available(self) -> bool:
        return bool(
            self.pdf_sha256
            and self.version
            and self.pdf_version
            and self.version > self.pdf_version
        )


class Member(Base):
    """A person using the library (migration 0014): reading state and its history, notes,
    tags, study plans and reading time are each member's own; see :mod:`paperdesk.members`."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _member(ondelete: str = "CASCADE", **kw: Any) -> Any:
    return mapped_column(ForeignKey("members.id", ondelete=ondelete), **kw)


class Reading(Base):
    """A member's reading state of a paper; no row reads as "unread"."""

    __tablename__ = "readings"

    member_id: Mapped[int] = _member(primary_key=True)
    paper_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="unread")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)


class KeyAlias(Base):
    """An earlier key of a paper (its key before migration 0005, a provisional key, or one set
    before ``paperdesk key``): it still names the paper, and is never given to another."""

    __tablename__ = "paper_key_aliases"

    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)


class ReadingList(Base):
    __tablename__ = "reading_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="user")  # "seed" or "user"
    source_path: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # place in the roadmap (1 = first); None follows the placed lists in creation order
    position: Mapped[int | None]

    entries: Mapped[list[ListEntry]] = relationship(
        back_populates="reading_list", order_by="ListEntry.position", cascade="all, delete-orphan"
    )


class StudyPlan(Base):
    """A pace for one list: ``pace`` papers a week from ``start``, on ``days`` ("mon,wed,fri";
    None = spread over the whole week). What is due is computed, never stored."""

    __tablename__ = "study_plans"
    __table_args__ = (UniqueConstraint("list_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("reading_lists.id", ondelete="CASCADE"))
    member_id: Mapped[int] = _member()
    pace: Mapped[int]
    start: Mapped[date] = mapped_column(Date)
    days: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ListEntry(Base):
    __tablename__ = "list_entries"
    __table_args__ = (UniqueConstraint("list_id", "paper_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("reading_lists.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int]
    why: Mapped[str | None] = mapped_column(Text)

    reading_list: Mapped[ReadingList] = relationship(back_populates="entries")
    paper: Mapped[Paper] = relationship(back_populates="entries")


class StateChange(Base):
    __tablename__ = "state_changes"
    __table_args__ = (Index("ix_state_changes_progress", "track", "new_state", "paper_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    track: Mapped[str] = mapped_column(String(20))  # "reading" or "replication"
    old_state: Mapped[str | None] = mapped_column(String(20))
    new_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)
    attempt_id: Mapped[int | None] = mapped_column(
        ForeignKey("repro_attempts.id", ondelete="SET NULL")
    )
    # reading track: whose state changed; replication track: who changed it
    member_id: Mapped[int | None] = _member("SET NULL")


class ReadingPeriod(Base):
    """A stretch of time a paper's reading view or note editor was open and in use (migration
    0008): it ends at the last key or mouse event before an idle pause, a blur or a close."""

    __tablename__ = "reading_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = _member()
    view: Mapped[str] = mapped_column(String(10))  # "reader" or "note"
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime] = mapped_column(DateTime)
    seconds: Mapped[int]  # ended_at - started_at, summed by the stats


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("paper_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    member_id: Mapped[int] = _member()
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)
    revision: Mapped[int] = mapped_column(default=0)
    # the PDF whose annotations were last merged into this note (``sync`` skips it unchanged)
    annotations_sha256: Mapped[str | None] = mapped_column(String(64))

    paper: Mapped[Paper] = relationship()


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class PaperTag(Base):
    __tablename__ = "paper_tags"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = _member(primary_key=True)


class Cite(Base):
    """``citing`` cites ``cited``; both are papers of the library."""

    __tablename__ = "cites"

    citing_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True
    )
    cited_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # how the link was made: "arxiv", "doi" or "title" (normalised title, checked by year and
    # first author)
    method: Mapped[str | None] = mapped_column(String(20))


class Reference(Base):
    """One entry of a paper's parsed reference list."""

    __tablename__ = "paper_references"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    arxiv_id: Mapped[str | None] = mapped_column(String(40), index=True)
    doi: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    # normalised title (lower-case ASCII words joined by one space): the title-match join key
    title_norm: Mapped[str | None] = mapped_column(String(300), index=True)
    authors: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    year: Mapped[int | None]
    venue: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    level: Mapped[int] = mapped_column(default=1)
    number: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None]


class Passage(Base):
    """A stored chunk of a paper; its ``kind`` (see :mod:`paperdesk.parse.kinds`) says whether
    search ranks it: ``abstract`` (title + abstract), ``body`` and ``caption`` are ranked;
    ``refs``, ``toc`` and ``ack`` are kept for reading only."""

    __tablename__ = "passages"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="body")
    position: Mapped[int] = mapped_column(default=0)
    section: Mapped[str | None] = mapped_column(Text)
    page_start: Mapped[int | None]
    page_end: Mapped[int | None]
    # [word offset, page] where each run of words on one page starts (migration 0004)
    pages: Mapped[list[list[int]] | None] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)


class PaperLink(Base):
    """A code or data link the paper prints (migration 0010): a repository, a model hub page,
    a dataset, with the page it is on and where it was found (``link``: a hyperlink of the
    PDF, ``text``: a URL in the text, ``footnote``)."""

    __tablename__ = "paper_links"
    __table_args__ = (UniqueConstraint("paper_id", "url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    url: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))  # "code", "data", "model"
    host: Mapped[str] = mapped_column(String(100))
    page: Mapped[int | None]
    found: Mapped[str] = mapped_column(String(20), default="text")
    context: Mapped[str | None] = mapped_column(Text)


class Embedding(Base):
    """A stored vector, keyed by (content hash, model): nothing unchanged is embedded twice."""

    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("content_hash", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(300))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class Meta(Base):
    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReproAttempt(Base):
    __tablename__ = "repro_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    goal: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)
    repo_url: Mapped[str | None] = mapped_column(Text)
    repo_commit: Mapped[str | None] = mapped_column(String(80))
    environment: Mapped[str | None] = mapped_column(Text)
    environment_kv: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    compute_budget: Mapped[float | None] = mapped_column(Float)
    compute_spent: Mapped[float | None] = mapped_column(Float)
    compute_unit: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[int | None] = _member("SET NULL")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)


class Claim(Base):
    """What the paper reports. Claims belong to the paper; every attempt measures against them."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("paper_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(100))
    setting: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str | None] = mapped_column(Text)
    tolerance: Mapped[float | None] = mapped_column(Float)
    seeded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = _member("SET NULL")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("repro_attempts.id", ondelete="CASCADE"), index=True
    )
    ran_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)
    command: Mapped[str | None] = mapped_column(Text)
    commit: Mapped[str | None] = mapped_column(String(80))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = _member("SET NULL")


class RunResult(Base):
    __tablename__ = "run_results"
    __table_args__ = (UniqueConstraint("run_id", "claim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)


class ReproLog(Base):
    __tablename__ = "repro_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("repro_attempts.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow_precise)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = _member("SET NULL")


class FeedEntry(Base):
    """A recent arXiv submission fetched by ``paperdesk feed`` (migration 0009): a candidate,
    not a paper of the library, so that papers, search and exports never show it. Its vector
    is an :class:`Embedding` keyed by ``content_hash`` (the hash of the text its abstract
    passage would have), so adding it to the library re-uses it."""

    __tablename__ = "feed_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    arxiv_id: Mapped[str] = mapped_column(String(40), unique=True)
    version: Mapped[int | None]
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    abstract: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    primary_category: Mapped[str | None] = mapped_column(String(40))
    published: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    updated: Mapped[datetime | None] = mapped_column(DateTime)
    doi: Mapped[str | None] = mapped_column(String(200))
    journal_ref: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    pdf_url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # dismissed with ``x`` in the TUI or ``feed --dismiss``: hidden, and a negative for ranking
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)


class SuggestionDismissal(Base):
    """A cited-but-missing work the user does not want suggested again (migration 0009),
    named by its merge key (``arxiv:…``, ``doi:…`` or ``title:…``)."""

    __tablename__ = "suggestion_dismissals"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    dismissed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
