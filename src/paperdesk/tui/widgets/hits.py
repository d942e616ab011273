"""Search results: one entry per paper with its best passage, section, page and the query's
words highlighted (the spans come from the search service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from paperdesk.services.search import SearchHit

SNIPPET_CHARS = 260


def best_per_paper(hits: list[SearchHit]) -> list[SearchHit]:
    """Keep each paper's first (best-ranked) hit, in rank order."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        if hit.key not in seen:
            seen.add(hit.key)
            out.append(hit)
    return out


def where(hit: SearchHit) -> str:
    parts = []
    if hit.section:
        parts.append(f"§ {hit.section}")
    if hit.kind == "caption":  # a figure or table caption, not running text
        parts.append("caption")
    if hit.page is not None:
        parts.append(f"p. {hit.page}")
    return " · ".join(parts)


def snippet_text(hit: SearchHit) -> Text:
    snippet = " ".join(hit.snippet.split("\n"))
    text = Text(snippet[:SNIPPET_CHARS] + ("…" if len(snippet) > SNIPPET_CHARS else ""))
    for start, end in hit.highlights:
        if start < SNIPPET_CHARS:
            text.stylize("bold reverse", start, min(end, SNIPPET_CHARS))
    return text


def hit_prompt(rank: int, hit: SearchHit) -> Text:
    out = Text()
    out.append(f"{rank:>2}. ", style="dim")
    out.append(hit.title or hit.key, style="bold")
    if hit.year:
        out.append(f" ({hit.year})")
    out.append(f"  {hit.key}", style="dim")
    out.append("\n    ")
    place = where(hit)
    out.append(place or "abstract", style="italic")
    states = [s for s in (hit.reading, hit.replication) if s and s not in ("unread", "none")]
    if states:
        out.append("  " + " · ".join(states), style="dim")
    out.append("\n    ")
    out.append_text(snippet_text(hit))
    return out


class HitsList(OptionList):
    DEFAULT_CSS = """
    HitsList { height: 1fr; border: none; padding: 0 1; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.hits = best_per_paper(hits)
        self.clear_options()
        options: list[Option | None] = []
        for rank, hit in enumerate(self.hits, start=1):
            if rank > 1:
                options.append(None)  # a separator line
            options.append(Option(hit_prompt(rank, hit), id=hit.key))
        self.add_options(options)
        if self.hits:
            self.highlighted = 0

    @property
    def current(self) -> SearchHit | None:
        if self.highlighted is None or not self.hits:
            return None
        return self.hit_for(self.get_option_at_index(self.highlighted).id)

    def hit_for(self, option_id: str | None) -> SearchHit | None:
        return next((hit for hit in self.hits if hit.key == option_id), None)
