"""A small library with a made-up list and a reading history at fixed times, for the roadmap,
plan and stats tests (independent of the seeded lists)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from paperdesk import tracking
from paperdesk.library import Library, load_list
from paperdesk.readinglists import parse_list_text
from paperdesk.storage.models import Cite, Paper


def list_yaml(name: str, ids: list[str], per_stage: int = 3) -> str:
    lines = [f"name: {name}", f"title: {name.title()}", "stages:"]
    for i in range(0, len(ids), per_stage):
        lines += [f'  - stage: "{i // per_stage + 1}. Part"', "    papers:"]
        for aid in ids[i : i + per_stage]:
            lines += [f'      - id: "{aid}"', f"        title: Paper {aid}"]
    return "\n".join(lines) + "\n"


def add_list(lib: Library, name: str, ids: list[str], per_stage: int = 3) -> None:
    spec = parse_list_text(list_yaml(name, ids, per_stage), Path(f"{name}.yaml"))
    with lib.session() as s:
        load_list(s, spec, source="user")


def paper_id(lib: Library, arxiv: str) -> int:
    with lib.session() as s:
        return s.scalar(select(Paper.id).where(Paper.arxiv_id == arxiv))


def mark(lib: Library, arxiv: str, state: str, at: datetime) -> None:
    """Move a paper to ``state`` with the history row dated ``at``."""
    with lib.session() as s:
        paper = s.scalar(select(Paper).where(Paper.arxiv_id == arxiv))
        tracking.set_state(s, paper, "reading", state, at=at)


def cite(lib: Library, citing: str, cited: str) -> None:
    with lib.session() as s:
        s.add(Cite(citing_id=paper_id(lib, citing), cited_id=paper_id(lib, cited), method="arxiv"))
