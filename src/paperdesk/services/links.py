"""The code and data links a paper prints (found by :mod:`paperdesk.parse.links` at parse time),
stored with their page, read back for ``show``, the TUI and ``repro ID repo --from-paper``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper, PaperLink


def save_links(session: Session, paper: Paper, links: list[dict[str, Any]]) -> int:
    """Replace the paper's links with those of its latest parse, in the parse's order."""
    session.execute(delete(PaperLink).where(PaperLink.paper_id == paper.id))
    rows, seen = [], set()
    for i, link in enumerate(links):
        url = str(link["url"])[:500]
        if url in seen:
            continue
        seen.add(url)
        rows.append(
            {
                "paper_id": paper.id,
                "position": i,
                "url": url,
                "kind": str(link["kind"])[:20],
                "host": str(link["host"])[:100],
                "page": link.get("page"),
                "found": str(link.get("found") or "text")[:20],
                "context": link.get("context") or None,
            }
        )
    if rows:
        session.execute(insert(PaperLink), rows)
    return len(rows)


@dataclass(frozen=True)
class LinkView:
    """A code or data link the paper prints: ``kind`` is ``"code"``, ``"data"`` or ``"model"``,
    ``page`` where it is, ``found`` how (``"text"``, or ``"link"`` for a hyperlink)."""

    url: str
    kind: str
    host: str
    page: int | None
    found: str

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "kind": self.kind,
            "host": self.host,
            "page": self.page,
            "found": self.found,
        }


def link_views(session: Session, paper: Paper) -> list[LinkView]:
    """The paper's links in the parse's order, the likeliest repository first."""
    rows = session.scalars(
        select(PaperLink).where(PaperLink.paper_id == paper.id).order_by(PaperLink.position)
    )
    return [LinkView(r.url, r.kind, r.host, r.page, r.found) for r in rows]


def paper_links(lib: Library, ref: str) -> tuple[str, list[LinkView]]:
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        return paper.key, link_views(s, paper)


def repository_from_paper(lib: Library, ref: str) -> str:
    """The first code link the paper prints (else its first link), or :class:`NotFoundError`
    saying why there is none."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        links = link_views(s, paper)
        key, parsed = paper.key, paper.parse_status == "parsed"
    code = [x for x in links if x.kind == "code"] or links
    if code:
        return code[0].url
    if not parsed:
        raise NotFoundError(
            f"{key} is not parsed yet, so its links are not known "
            f"(run 'paperdesk fetch {key}' and 'paperdesk parse {key}')"
        )
    raise NotFoundError(f"{key} prints no code or data link; give the URL: repro {key} repo URL")
