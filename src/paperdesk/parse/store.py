"""Writing a parse result into the library: outline, passages, references, citation links.

A paper's parsed rows are replaced as a whole (in the caller's transaction), so a reader never
sees half of an old parse and half of a new one. Body passages that come out identical are left
alone, so that re-parsing with an unchanged result does not make the search index stale.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.orm import Session

from paperdesk.parse import PARSER_VERSION
from paperdesk.parse.citations import link_citations, relink_citations, relink_citing
from paperdesk.parse.fill import fill_missing
from paperdesk.parse.kinds import ABSTRACT, BODY
from paperdesk.parse.refparse import title_norm
from paperdesk.parse.result import ParseResult
from paperdesk.storage.models import Paper, Passage, Reference, Section

FAILED = "parse_failed"
__all__ = ["FAILED", "link_citations", "relink_citations", "save_failure", "save_result"]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_result(session: Session, paper: Paper, result: ParseResult, sha256: str) -> int:
    """Store a successful parse of ``paper``'s PDF (whose content hash is ``sha256``); returns
    how many cites links to library papers were added."""
    pid = paper.id
    session.execute(delete(Section).where(Section.paper_id == pid))
    sections = [
        {
            "paper_id": pid,
            "position": i,
            "level": s["level"],
            "number": s["number"],
            "title": s["title"][:2000],
            "page": s["page"],
        }
        for i, s in enumerate(result["sections"], start=1)
    ]
    if sections:
        session.execute(insert(Section), sections)
    _replace_passages(session, pid, result["passages"])
    session.execute(delete(Reference).where(Reference.paper_id == pid))
    refs = [_reference_row(pid, i, r) for i, r in enumerate(result["references"], start=1)]
    if refs:
        session.execute(insert(Reference), refs)
    if not (paper.abstract or "").strip() and result.get("abstract"):
        paper.abstract = result["abstract"]
    fill_missing(paper, result.get("metadata"))
    paper.parse_status = "parsed"
    paper.parsed_sha256 = sha256
    paper.parser_version = PARSER_VERSION
    session.flush()
    return relink_citing(session, pid)


def save_failure(session: Session, paper: Paper, reason: str, sha256: str | None) -> None:
    """Record why a paper could not be parsed. Earlier parsed rows stay: a timeout on a busy
    machine should not wipe text that was fine before."""
    paper.parse_status = f"{FAILED}: {reason}"
    paper.parsed_sha256 = sha256
    paper.parser_version = PARSER_VERSION


def _replace_passages(session: Session, pid: int, passages: list[dict[str, Any]]) -> None:
    """Every parsed passage of the paper (all kinds but the search stage's ``abstract``)."""
    rows = [
        {
            "paper_id": pid,
            "kind": p.get("kind") or BODY,
            "position": i,
            "section": p["section"],
            "page_start": p["page_start"],
            "page_end": p["page_end"],
            "pages": p.get("pages") or None,
            "text": p["text"],
            "content_hash": content_hash(p["text"]),
        }
        for i, p in enumerate(passages, start=1)
    ]
    mine = and_(Passage.paper_id == pid, Passage.kind != ABSTRACT)
    old = session.execute(
        select(
            Passage.kind,
            Passage.position,
            Passage.section,
            Passage.page_start,
            Passage.page_end,
            Passage.pages,
            Passage.content_hash,
        )
        .where(mine)
        .order_by(Passage.position)
    ).all()
    fields = ("kind", "position", "section", "page_start", "page_end", "pages", "content_hash")
    new = [tuple(r[f] for f in fields) for r in rows]
    if [tuple(o) for o in old] == new:
        return
    session.execute(delete(Passage).where(mine))
    if rows:
        session.execute(insert(Passage), rows)


def _reference_row(pid: int, position: int, r: dict[str, Any]) -> dict[str, Any]:
    """A ``paper_references`` row; results of parser version 1 carry no parsed fields."""
    title = r.get("title") or None
    return {
        "paper_id": pid,
        "position": position,
        "text": r["text"],
        "arxiv_id": r["arxiv_id"],
        "doi": (r["doi"] or None) and r["doi"][:200],
        "title": title,
        "title_norm": title_norm(title),
        "authors": list(r.get("authors") or []),
        "year": r.get("year"),
        "venue": r.get("venue") or None,
        "url": r.get("url") or None,
    }
