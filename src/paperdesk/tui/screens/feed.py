"""``N``: the Feed, new arXiv papers ranked by a model of the library (``paperdesk feed``).

It shows what is stored at once (ranking reads stored vectors only); ``r`` fetches what is new
since the last run, embeds it and re-ranks, in a thread worker, so the screen stays usable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import BindingType
from textual.worker import Worker, WorkerState

from paperdesk.tui.keys import FEED_KEYS, Key, bindings
from paperdesk.tui.screens.discovery import SHOWN, DiscoveryScreen, short_authors
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.services.feedlist import FeedItem, FeedRanking


def feed_status(r: FeedRanking) -> str:
    how = {
        "classifier": f"a classifier of your {r.positives} abstracts",
        "centroid": f"likeness to your {r.positives} abstracts",
        "none": "date (nothing of yours embedded yet)",
    }[r.model]
    if not r.total:
        extra = f" ({r.unembedded} not embedded yet)" if r.unembedded else ""
        return f"Nothing in the feed{extra}: r fetches the latest submissions."
    more = f" (first {len(r.items)})" if len(r.items) < r.total else ""
    papers = plural(r.total, "new paper")
    return f"{papers}{more} ranked by {how} · a add · x dismiss · o open · r refresh"


class FeedScreen(DiscoveryScreen):
    """``FeedScreen()``; the categories and days come from the settings."""

    KEYS: ClassVar[tuple[Key, ...]] = FEED_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(FEED_KEYS)
    WHAT = "the entry"

    def title_text(self) -> str:
        s = self.app.settings
        cats = ", ".join(c for c in s.feed_categories.replace(" ", ",").split(",") if c)
        return f"Feed · new on arXiv in {cats} · last {s.feed_days} days"

    def columns(self, width: int) -> list[tuple[str, int]]:
        fixed = 3 + 14 + 5 + 5 * 2  # rank, authors, date and the cell padding
        like = min(32, max(22, (width - fixed) * 2 // 5))  # two arXiv ids at least
        return [
            ("#", 3),
            ("title", max(16, width - fixed - like - 1)),
            ("authors", 14),
            ("date", 5),
            ("like", like),
        ]

    def _model_name(self) -> str:
        from paperdesk.search.embedder import get_embedder

        return (self.app.given_embedder or get_embedder(self.app.settings)).name

    def read(self) -> tuple[list[Any], str]:
        from paperdesk.services.feedlist import rank_feed

        ranking = rank_feed(self.app.library, self._model_name(), limit=SHOWN)
        return ranking.items, feed_status(ranking)

    def row_key(self, row: FeedItem) -> str:
        return row.arxiv_id

    def cells(self, row: FeedItem) -> list[str]:
        day = row.published.strftime("%m-%d") if row.published else ""
        return [str(row.rank), row.title, short_authors(row.authors), day, row.like_short]

    def details(self, row: FeedItem) -> str:
        when = row.published.strftime("%Y-%m-%d") if row.published else "?"
        parts = [
            row.title,
            ", ".join(row.authors),
            f"arXiv:{row.arxiv_id} · {when} · {' '.join(row.categories)}",
        ]
        if row.reason:
            parts.append(row.reason.capitalize())
        parts.append(row.abstract)
        return "\n\n".join(p for p in parts if p)

    def url(self, row: FeedItem) -> str | None:
        return row.url

    def add_rows(self, rows: list[Any], list_name: str) -> str:
        from paperdesk.services.feedlist import add_feed

        added = add_feed(self.app.library, [r.arxiv_id for r in rows], list_name)
        return f"Added {', '.join(a.paper_key for a in added)} to {list_name}."

    def dismiss_rows(self, rows: list[Any]) -> str:
        from paperdesk.services.feedlist import dismiss_feed

        dismiss_feed(self.app.library, [r.arxiv_id for r in rows])
        return f"Dismissed {rows[0].arxiv_id}: it will not come back."

    def action_refresh(self) -> None:
        self.set_status("fetching what is new since the last run…")
        self.refresh_feed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A refresh that failed (offline, say: WorkerFailures shows the notice) or was
        cancelled gives the status line back, so it does not say "fetching…" for ever."""
        if event.worker.group == "feed-refresh" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            how = "failed" if event.state == WorkerState.ERROR else "stopped"
            self.set_status(f"Refresh {how}: r tries again · {self.status}")

    @work(
        thread=True,
        exclusive=True,
        group="feed-refresh",
        exit_on_error=False,
        description="refresh the feed",
    )
    def refresh_feed(self) -> None:
        """Fetch (since the last run), embed, then re-read: the new entries rank in."""
        from paperdesk.search.embedder import get_embedder
        from paperdesk.services.feed import embed_feed, fetch_feed

        lib = self.app.library
        report = fetch_feed(lib, since_last=True)
        embedded = embed_feed(lib, self.app.given_embedder or get_embedder(lib.settings))
        self.app.call_from_thread(
            self.notify,
            f"Feed: {plural(report.new, 'new entry', 'new entries')} "
            f"({plural(report.requests, 'request')}), {embedded} embedded.",
        )
        self.app.call_from_thread(self.load)
