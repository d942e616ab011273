"""A paper's parsed reference list stored as ``paperdesk parse`` stores it, from the texts of
its entries: what the suggestion and citation tests build libraries with."""

from __future__ import annotations

from sqlalchemy.orm import Session

from paperdesk.parse.refparse import parse_entry, title_norm
from paperdesk.storage.models import Paper, Reference


def add_references(s: Session, paper: Paper, texts: list[str]) -> None:
    """Store ``texts`` as the paper's reference list, each entry parsed as the parser does."""
    for n, text in enumerate(texts, start=1):
        f = parse_entry(text)
        s.add(
            Reference(
                paper_id=paper.id,
                position=n,
                text=text,
                arxiv_id=f.arxiv_id,
                doi=f.doi,
                title=f.title,
                title_norm=title_norm(f.title),
                authors=f.authors,
                year=f.year,
                venue=f.venue,
                url=f.url,
            )
        )
