"""``c``: Suggestions, the works the library's papers cite that it lacks (``paperdesk
suggest``), most cited first, with who cites them beside; read from the parsed references
alone, so it needs no network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import BindingType

from paperdesk.tui.keys import SUGGEST_KEYS, Key, bindings
from paperdesk.tui.screens.discovery import SHOWN, DiscoveryScreen, short_authors

if TYPE_CHECKING:
    from paperdesk.services.suggest import Suggestion, SuggestReport


def suggest_status(r: SuggestReport) -> str:
    if not r.total:
        return (
            f"No suggestions: the {r.references} parsed references name no work missing from "
            "the library (parse PDFs to read their reference lists)."
        )
    more = f" (first {len(r.suggestions)})" if len(r.suggestions) < r.total else ""
    return f"{r.total} works cited but missing{more} · a add · x dismiss · o open"


class SuggestionsScreen(DiscoveryScreen):
    KEYS: ClassVar[tuple[Key, ...]] = SUGGEST_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(SUGGEST_KEYS)
    WHAT = "the work"

    def title_text(self) -> str:
        return "Suggestions · cited by your papers, not in your library"

    def columns(self, width: int) -> list[tuple[str, int]]:
        fixed = 3 + 7 + 14 + 4 + 5 * 2  # rank, cited, authors, year and the cell padding
        return [
            ("#", 3),
            ("cited", 7),
            ("title", max(16, width - fixed - 1)),
            ("authors", 14),
            ("year", 4),
        ]

    def read(self) -> tuple[list[Any], str]:
        from paperdesk.services.suggest import suggest

        report = suggest(self.app.library, limit=SHOWN)
        return report.suggestions, suggest_status(report)

    def row_key(self, row: Suggestion) -> str:
        return row.key

    def cells(self, row: Suggestion) -> list[str]:
        read = f" ({row.read_cites}r)" if row.read_cites else ""
        return [
            str(row.rank),
            f"{row.cites}{read}",
            row.title,
            short_authors(row.authors),
            str(row.year or ""),
        ]

    def details(self, row: Suggestion) -> str:
        ids = " · ".join(
            x for x in (f"arXiv:{row.arxiv_id}" if row.arxiv_id else "", row.doi or "") if x
        )
        head = [
            row.title,
            ", ".join(row.authors),
            " · ".join(x for x in (str(row.year or ""), row.venue or "", ids) if x),
        ]
        read = f", {row.read_cites} of them read" if row.read_cites else ""
        citers = [f"Cited by {row.cites} of your papers{read}:"] + [
            f"• {c.key}{' (read)' if c.read else ''}: {c.title}" for c in row.cited_by
        ]
        return "\n\n".join([*(h for h in head if h), "\n".join(citers)])

    def url(self, row: Suggestion) -> str | None:
        return row.link

    def add_rows(self, rows: list[Any], list_name: str) -> str:
        from paperdesk.services.suggest import add_suggestions

        added = add_suggestions(self.app.library, rows, list_name)
        fetch = " ('f' on it fetches its arXiv metadata)" if rows[0].arxiv_id else ""
        return f"Added {', '.join(a.paper_key for a in added)} to {list_name}{fetch}."

    def dismiss_rows(self, rows: list[Any]) -> str:
        from paperdesk.services.suggest import dismiss

        dismiss(self.app.library, [r.key for r in rows])
        return f"Dismissed {rows[0].title!r}: it will not be suggested again."
