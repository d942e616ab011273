"""What a stored passage is, and which kinds search ranks.

The parser stores every part of a paper so that it can be read in full, but only running text
answers a search: a reference list matches every query that names a cited title, a contents page
every query that names a section, and neither is what a reader was looking for.
"""

from __future__ import annotations

ABSTRACT = "abstract"  # title + abstract, written by the search stage (search/abstracts.py)
BODY = "body"  # running text of a section
CAPTION = "caption"  # one figure or table caption: ranked, shown as a caption
REFS = "refs"  # the reference list: stored, never ranked
TOC = "toc"  # a table of contents: stored, never ranked
ACK = "ack"  # acknowledgements: stored, never ranked

RANKED: tuple[str, ...] = (ABSTRACT, BODY, CAPTION)
PARSED: tuple[str, ...] = (BODY, CAPTION, REFS, TOC, ACK)


def ranked_sql(alias: str = "ps") -> str:
    """``alias.kind IN ('abstract', 'body', 'caption')``: the filter every ranking query uses
    (a literal list, so it reads the same on sqlite3, SQLAlchemy and PostgreSQL)."""
    column = f"{alias}.kind" if alias else "kind"
    return f"{column} IN (" + ", ".join(f"'{k}'" for k in RANKED) + ")"
