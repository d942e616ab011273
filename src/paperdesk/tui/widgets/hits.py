"""Search results: one entry per paper with its best passage, section, page and the query's
words highlighted (the spans come from the search service)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

SNIPPET_CHARS = 260


def hit_attr(hit: Any, name: str, default: Any = None) -> Any:
    if isinstance(hit, dict):
        return hit.get(name, default)
    return getattr(hit, name, default)


def best_per_paper(hits: list[Any]) -> list[Any]:
    """Keep each paper's first (best-ranked) hit, in rank order."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = hit_attr(hit, "key")
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def where(hit: Any) -> str:
    parts = []
    if section := hit_attr(hit, "section"):
        parts.append(f"§ {section}")
    if hit_attr(hit, "kind") == "caption":  # a figure or table caption, not running text
        parts.append("caption")
    if (page := hit_attr(hit, "page")) is not None:
        parts.append(f"p. {page}")
    return " · ".join(parts)


def snippet_text(hit: Any) -> Text:
    snippet = " ".join(str(hit_attr(hit, "snippet") or "").split("\n"))
    text = Text(snippet[:SNIPPET_CHARS] + ("…" if len(snippet) > SNIPPET_CHARS else ""))
    for start, end in hit_attr(hit, "highlights") or []:
        if start < SNIPPET_CHARS:
            text.stylize("bold reverse", start, min(end, SNIPPET_CHARS))
    return text


def hit_prompt(rank: int, hit: Any) -> Text:
    title = str(hit_attr(hit, "title") or hit_attr(hit, "key"))
    year = hit_attr(hit, "year")
    out = Text()
    out.append(f"{rank:>2}. ", style="dim")
    out.append(title, style="bold")
    if year:
        out.append(f" ({year})")
    out.append(f"  {hit_attr(hit, 'key')}", style="dim")
    out.append("\n    ")
    place = where(hit)
    out.append(place or "abstract", style="italic")
    states = [
        s
        for s in (hit_attr(hit, "reading"), hit_attr(hit, "replication"))
        if s and s not in ("unread", "none")
    ]
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
        self.hits: list[Any] = []

    def show_hits(self, hits: list[Any]) -> None:
        self.hits = best_per_paper(hits)
        self.clear_options()
        options: list[Option | None] = []
        for rank, hit in enumerate(self.hits, start=1):
            if rank > 1:
                options.append(None)  # a separator line
            options.append(Option(hit_prompt(rank, hit), id=str(hit_attr(hit, "key"))))
        self.add_options(options)
        if self.hits:
            self.highlighted = 0

    @property
    def current(self) -> Any | None:
        if self.highlighted is None or not self.hits:
            return None
        option = self.get_option_at_index(self.highlighted)
        for hit in self.hits:
            if str(hit_attr(hit, "key")) == option.id:
                return hit
        return None

    def hit_for(self, option_id: str | None) -> Any | None:
        for hit in self.hits:
            if str(hit_attr(hit, "key")) == option_id:
                return hit
        return None
