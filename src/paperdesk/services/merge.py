"""``paperdesk merge A B``: fold paper B into paper A, losing nothing, in one transaction.

Everything the members made on B moves to A, each member's own to that member: reading and
replication history (the current state is whichever changed last), notes (both texts kept,
B's under a marker), tags, claims,
attempts and their runs, list entries (one per list), the parsed text when A has none, the PDF
when A has none, citation links both ways, and B's key, which stays a name of A (an alias), so
that ``\\cite{B}`` and ``paperdesk show B`` keep working. A's own values always win; B only
fills what A lacks.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from paperdesk.errors import InvalidIdError
from paperdesk.library import Library
from paperdesk.members import member_id_for_read, reading_state
from paperdesk.paths import pdf_file, pdf_target, stored_pdf_path
from paperdesk.storage import repository as repo
from paperdesk.storage.db import changed
from paperdesk.storage.models import (
    Cite,
    Claim,
    ListEntry,
    Note,
    Paper,
    PaperLink,
    PaperTag,
    Passage,
    Reading,
    ReadingPeriod,
    Reference,
    ReproAttempt,
    RunResult,
    Section,
    StateChange,
    utcnow_precise,
)

MERGE_MARK = "<!-- paperdesk: the note below was merged from {key} at {at} -->"

# bibliographic fields B may fill on A (never overwriting A's value)
_FIELDS = (
    "authors",
    "abstract",
    "year",
    "doi",
    "venue",
    "journal_ref",
    "comment",
    "url",
    "pdf_url",
    "categories",
    "primary_category",
    "published",
    "updated",
    "version",
    "metadata_fetched_at",
)
# the tables that point at papers, and who handles them here (a test keeps this complete)
HANDLED_TABLES = frozenset(
    {
        "paper_key_aliases",
        "list_entries",
        "readings",
        "state_changes",
        "reading_periods",
        "notes",
        "paper_tags",
        "cites",
        "paper_references",
        "sections",
        "passages",
        "paper_links",
        "repro_attempts",
        "claims",
    }
)


@dataclass
class MergeReport:
    kept: str
    merged: str  # B's key: an alias of the kept paper now
    filled: list[str] = field(default_factory=list)  # A's empty fields that B filled
    history: int = 0
    note: str = "none"  # "none", "moved" or "appended"
    tags: int = 0
    claims: int = 0
    attempts: int = 0
    list_entries: int = 0
    cites: int = 0
    text: str = "kept"  # "kept" (A's parse), "moved" (B's), "none"
    pdf: str = "kept"  # "kept", "moved", "none"
    pdf_left: str | None = None  # B's PDF file, left on disk when A kept its own
    reading: str = "unread"
    replication: str = "none"


def merge_papers(lib: Library, keep_ref: str, gone_ref: str) -> MergeReport:
    """Merge ``gone_ref`` (B) into ``keep_ref`` (A); see the module docstring."""
    moved_file: tuple[Path, Path] | None = None
    try:
        with lib.session() as s:
            a = repo.find_paper(s, keep_ref)
            b = repo.find_paper(s, gone_ref)
            if a.id == b.id:
                raise InvalidIdError(
                    f"{keep_ref!r} and {gone_ref!r} are the same paper ({a.key}): nothing to merge"
                )
            report = MergeReport(kept=a.key, merged=b.key)
            _fields(s, a, b, report)
            _states(s, a, b, report)
            _note(s, a, b, report)
            _tags(s, a, b, report)
            _replication(s, a, b, report)
            _lists(s, a, b, report)
            _text(s, a, b, report)
            moved_file = _pdf(lib, a, b, report)
            _cites(s, a, b, report)
            from paperdesk.storage.keying import absorb

            report.kept = absorb(s, a, b)
            s.flush()
            s.expire(b)
            s.delete(b)
            s.flush()
            report.reading, report.replication = reading_state(s, a.id), a.replication_state
    except BaseException:
        if moved_file is not None:  # the transaction rolled back: the file goes back too
            with contextlib.suppress(OSError):
                os.replace(moved_file[1], moved_file[0])
        raise
    from paperdesk.parse.store import relink_citations

    with lib.session() as s:
        relink_citations(s)
    return report


def _fields(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    sources = dict(a.metadata_sources or {})
    theirs = dict(b.metadata_sources or {})
    if b.arxiv_id and not a.arxiv_id:
        arxiv, b.arxiv_id = b.arxiv_id, None
        s.flush()  # the column is unique: free it on B first
        a.arxiv_id = arxiv
        report.filled.append("arxiv_id")
    placeholder = not a.title or a.title == f"arXiv:{a.arxiv_id}"
    if placeholder and b.title and b.title != f"arXiv:{b.arxiv_id}":
        a.title = b.title
        report.filled.append("title")
    for name in _FIELDS:
        mine, other = getattr(a, name), getattr(b, name)
        if other not in (None, "", []) and mine in (None, "", []):
            setattr(a, name, other)
            report.filled.append(name)
    for name in report.filled:
        if name in theirs:
            sources[name] = theirs[name]
    if sources != (a.metadata_sources or {}):
        a.metadata_sources = sources


def _last_change(
    s: Session, paper: Paper, track: str, member_id: int | None = None
) -> StateChange | None:
    stmt = select(StateChange).where(StateChange.paper_id == paper.id, StateChange.track == track)
    if member_id is not None:
        stmt = stmt.where(StateChange.member_id == member_id)
    return s.scalar(stmt.order_by(StateChange.at.desc(), StateChange.id.desc()).limit(1))


def _later(theirs: StateChange | None, mine: StateChange | None) -> bool:
    return theirs is not None and (mine is None or (theirs.at, theirs.id) > (mine.at, mine.id))


def _states(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """History rows move to A; on each track the state that changed last is A's state now (a
    paper read as B and still queued as A is read), for each member on the reading track."""
    if a.replication_state != b.replication_state and _later(
        _last_change(s, b, "replication"), _last_change(s, a, "replication")
    ):
        a.replication_state = b.replication_state
    for row in s.scalars(select(Reading).where(Reading.paper_id == b.id)).all():
        mine = s.get(Reading, (row.member_id, a.id))
        if mine is None:
            s.add(
                Reading(
                    member_id=row.member_id,
                    paper_id=a.id,
                    state=row.state,
                    updated_at=row.updated_at,
                )
            )
        elif mine.state != row.state and _later(
            _last_change(s, b, "reading", row.member_id),
            _last_change(s, a, "reading", row.member_id),
        ):
            mine.state, mine.updated_at = row.state, row.updated_at
    s.flush()
    s.execute(delete(Reading).where(Reading.paper_id == b.id))
    report.history = changed(
        s, update(StateChange).where(StateChange.paper_id == b.id).values(paper_id=a.id)
    )
    s.execute(update(ReadingPeriod).where(ReadingPeriod.paper_id == b.id).values(paper_id=a.id))


def _note(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """Each member's note on B joins that member's note on A; ``report.note`` says what
    happened to mine (or to anyone's, when I had none on B)."""
    me = member_id_for_read(s)
    for theirs in s.scalars(select(Note).where(Note.paper_id == b.id)).all():
        if theirs.body.strip():
            what = _note_into(s, a, b, theirs)
            if theirs.member_id == me or report.note == "none":
                report.note = what
        s.delete(theirs)
    s.flush()


def _note_into(s: Session, a: Paper, b: Paper, theirs: Note) -> str:
    mine = s.scalar(select(Note).where(Note.paper_id == a.id, Note.member_id == theirs.member_id))
    now = utcnow_precise()
    if mine is None:
        s.add(
            Note(
                paper_id=a.id,
                member_id=theirs.member_id,
                body=theirs.body,
                revision=1,
                updated_at=now,
            )
        )
        return "moved"
    if not mine.body.strip():
        mine.body, mine.revision, mine.updated_at = theirs.body, mine.revision + 1, now
        return "moved"
    mark = MERGE_MARK.format(key=b.key, at=now.isoformat())
    mine.body = f"{mine.body.rstrip()}\n\n{mark}\n{theirs.body.lstrip()}"
    mine.revision, mine.updated_at = mine.revision + 1, now
    return "appended"


def _tags(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """Every member's tags on B become theirs on A; ``report.tags`` counts mine."""
    me = member_id_for_read(s)
    pairs = select(PaperTag.tag_id, PaperTag.member_id)
    have = {(t, m) for t, m in s.execute(pairs.where(PaperTag.paper_id == a.id))}
    for tag_id, member_id in s.execute(pairs.where(PaperTag.paper_id == b.id)).all():
        if (tag_id, member_id) not in have:
            s.add(PaperTag(paper_id=a.id, tag_id=tag_id, member_id=member_id))
            report.tags += member_id == me
    s.execute(delete(PaperTag).where(PaperTag.paper_id == b.id))
    s.flush()


def _replication(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """Claims and attempts move to A. A claim B shares with A (same label, metric, setting
    and value) becomes A's, with its results; a different claim under a label A uses already
    is renamed ``LABEL-BKEY``. Attempts are renumbered in the order they were made, so the
    current attempt (and the paper's replication state) is the latest one of either paper."""
    mine = {c.label: c for c in s.scalars(select(Claim).where(Claim.paper_id == a.id))}
    for claim in s.scalars(select(Claim).where(Claim.paper_id == b.id)).all():
        same = mine.get(claim.label)
        if same is not None and (same.metric, same.setting, same.value) == (
            claim.metric,
            claim.setting,
            claim.value,
        ):
            taken = set(s.scalars(select(RunResult.run_id).where(RunResult.claim_id == same.id)))
            for result in s.scalars(select(RunResult).where(RunResult.claim_id == claim.id)):
                if result.run_id in taken:
                    s.delete(result)
                else:
                    result.claim_id = same.id
            s.flush()
            s.delete(claim)
            continue
        if same is not None:
            label, n = f"{claim.label}-{b.key}"[:200], 2
            while label in mine:
                label, n = f"{claim.label}-{b.key}-{n}"[:200], n + 1
            claim.label = label
        claim.paper_id = a.id
        mine[claim.label] = claim
        report.claims += 1
    s.flush()
    report.attempts = changed(
        s, update(ReproAttempt).where(ReproAttempt.paper_id == b.id).values(paper_id=a.id)
    )
    attempts = list(
        s.scalars(
            select(ReproAttempt)
            .where(ReproAttempt.paper_id == a.id)
            .order_by(ReproAttempt.created_at, ReproAttempt.id)
        )
    )
    for number, attempt in enumerate(attempts, start=1):
        attempt.number = number
    if attempts:
        a.replication_state = attempts[-1].status
    s.flush()


def _lists(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    mine = {e.list_id: e for e in s.scalars(select(ListEntry).where(ListEntry.paper_id == a.id))}
    for entry in s.scalars(select(ListEntry).where(ListEntry.paper_id == b.id)).all():
        kept = mine.get(entry.list_id)
        if kept is None:
            entry.paper_id = a.id
            report.list_entries += 1
            continue
        kept.stage = kept.stage or entry.stage
        kept.why = kept.why or entry.why
        s.delete(entry)
    s.flush()


def _text(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """B's parse (outline, passages, references, code links) moves when A has none; else A's
    stays."""
    a_parsed = s.scalar(select(func.count()).select_from(Section).where(Section.paper_id == a.id))
    a_parsed = a_parsed or s.scalar(
        select(func.count())
        .select_from(Passage)
        .where(Passage.paper_id == a.id, Passage.kind != "abstract")
    )
    b_parsed = b.parse_status == "parsed"
    if a_parsed or a.parse_status == "parsed" or not b_parsed:
        report.text = "kept" if (a_parsed or a.parse_status) else "none"
        return
    for table in (Section, Reference, PaperLink):
        s.execute(update(table).where(table.paper_id == b.id).values(paper_id=a.id))
    s.execute(
        update(Passage)
        .where(Passage.paper_id == b.id, Passage.kind != "abstract")
        .values(paper_id=a.id)
    )
    a.parse_status, a.parsed_sha256, a.parser_version = (
        b.parse_status,
        b.parsed_sha256,
        b.parser_version,
    )
    if not a.pdf_path:
        a.pdf_sha256 = a.pdf_sha256 or b.pdf_sha256
    report.text = "moved"
    s.flush()


def _pdf(lib: Library, a: Paper, b: Paper, report: MergeReport) -> tuple[Path, Path] | None:
    """B's PDF becomes A's when A has none (renamed to A's file name when that is free).
    Returns (old, new) when a file was renamed, for undoing it on rollback."""
    a_file, b_file = pdf_file(lib.settings, a.pdf_path), pdf_file(lib.settings, b.pdf_path)
    b_has = b_file is not None and b_file.is_file()
    if a_file is not None and a_file.is_file():
        report.pdf = "kept"
        if b_has and b_file != a_file and b.pdf_sha256 != a.pdf_sha256:
            report.pdf_left = str(b_file)
        return None
    if not b_has:
        report.pdf = "none" if a_file is None else "kept"
        return None
    assert b_file is not None
    renamed = None
    target = pdf_target(lib.settings, a.key)
    location = b_file
    if b_file.parent == lib.settings.pdf_dir and not target.exists():
        with contextlib.suppress(OSError):
            os.replace(b_file, target)
            renamed, location = (b_file, target), target
    a.pdf_path = stored_pdf_path(lib.settings, location)
    a.pdf_sha256, a.pdf_version = b.pdf_sha256, b.pdf_version
    b.pdf_path = None
    report.pdf = "moved"
    return renamed


def _cites(s: Session, a: Paper, b: Paper, report: MergeReport) -> None:
    """Links from and to B become links from and to A (no self-links, no duplicates)."""
    out = {c.cited_id: c.method for c in s.scalars(select(Cite).where(Cite.citing_id == a.id))}
    into = {c.citing_id: c.method for c in s.scalars(select(Cite).where(Cite.cited_id == a.id))}
    moved = 0
    for cite in s.scalars(select(Cite).where(Cite.citing_id == b.id)).all():
        if cite.cited_id not in (a.id, b.id) and cite.cited_id not in out:
            out[cite.cited_id] = cite.method
            s.add(Cite(citing_id=a.id, cited_id=cite.cited_id, method=cite.method))
            moved += 1
    for cite in s.scalars(select(Cite).where(Cite.cited_id == b.id)).all():
        if cite.citing_id not in (a.id, b.id) and cite.citing_id not in into:
            into[cite.citing_id] = cite.method
            s.add(Cite(citing_id=cite.citing_id, cited_id=a.id, method=cite.method))
            moved += 1
    s.execute(delete(Cite).where((Cite.citing_id == b.id) | (Cite.cited_id == b.id)))
    report.cites = moved
    s.flush()
