"""``/`` search and ``s`` similar papers. Both dismiss with (paper key, page, passage id, the
query: "" for similar) to jump to: the paper in the table, and the reading view at the passage
for a full-text hit.

Queries run in a worker as the user pauses typing. The embedding model loads in the background
the first time search is used; until it is there, hybrid and dense queries run as keyword
queries and the status line says so. The filters are those of ``paperdesk search`` (list,
reading state, replication state, year); a year that is not four digits is ignored with a hint
under the filters, so a half-typed year never stops the search.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.validation import Regex
from textual.widgets import Footer, Header, Input, Label, OptionList, Select

from paperdesk.services import search as search_service
from paperdesk.states import READING_STATES, REPLICATION_STATES
from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import SEARCH_KEYS, Key, bindings
from paperdesk.tui.screens.typeahead import TypeAhead
from paperdesk.tui.widgets.hits import HitsList

if TYPE_CHECKING:
    from paperdesk.services.search import SearchHit
    from paperdesk.tui.app import PaperdeskApp

TYPING_PAUSE = 0.3  # seconds
RESULTS = 20
MODES = ("hybrid", "keyword", "dense")
Result = tuple[str, int | None, int | None, str]  # key, page, passage id, query
YEAR_PATTERN = r"[0-9]{4}"
YEAR_HINT = "year: type four digits, like 2017 (ignored until then)"


def parse_year(text: str) -> tuple[int | None, str]:
    """The year filter from what is typed: (year or None, hint). Blank means no filter and no
    hint; anything but four digits is no filter with a hint, never an error."""
    text = text.strip()
    if not text:
        return None, ""
    if re.fullmatch(YEAR_PATTERN, text):
        return int(text), ""
    return None, YEAR_HINT


class HitsScreen(WorkerFailures, Screen[Result | None]):
    """What search and similar share: the hits list, jumping and opening PDFs."""

    KEYS: ClassVar[tuple[Key, ...]] = SEARCH_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(SEARCH_KEYS)
    DEFAULT_CSS = """
    HitsScreen .search--status { height: 1; padding: 0 1; color: $text-muted;
                                 background: $panel; }
    """

    app: PaperdeskApp

    @property
    def hits_list(self) -> HitsList:
        return self.query_one(HitsList)

    def status(self, text: str) -> None:
        self.query_one("#search-status", Label).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits_list.hit_for(event.option.id)
        if hit is not None:
            # a full-text hit also opens the reading view at its passage (the main screen shows
            # the paper underneath); an abstract hit only shows the paper
            full_text = hit.kind != "abstract"
            passage = (hit.passage_id or None) if full_text else None
            self.dismiss((hit.key, hit.page, passage, self.hit_query()))

    def action_open_pdf(self) -> None:
        hit = self.hits_list.current
        if hit is None:
            self.notify("No result selected.", severity="warning")
            return
        self.app.open_pdf(hit.key, hit.page)

    def action_read(self) -> None:
        """The reading view of the selected hit's paper, at the matched passage."""
        from paperdesk.tui.screens.reader import ReaderScreen

        hit = self.hits_list.current
        if hit is None:
            self.notify("No result selected.", severity="warning")
            return
        passage = hit.passage_id or None
        query = self.hit_query()
        self.app.push_screen(ReaderScreen(hit.key, passage_id=passage, page=hit.page, query=query))

    def hit_query(self) -> str:
        """The words the hits matched, highlighted in the reading view ("": none typed)."""
        return ""

    def action_back(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, group="query", exit_on_error=False, description="search")
    async def run_query(
        self, find: Callable[[], list[SearchHit]], describe: Callable[[int], str]
    ) -> None:
        """Run ``find()`` in a thread and show its hits; a newer query cancels this one."""
        from paperdesk.errors import PaperdeskError
        from paperdesk.search.store import take_notes

        try:
            hits = await asyncio.to_thread(find)
        except PaperdeskError as exc:
            self.status(f"search failed: {exc}")
            self.notify(str(exc), severity="error", title="Search failed")
            return
        self.hits_list.show_hits(hits)
        weak = "weak: nothing has these words or comes close · " if hits and hits[0].weak else ""
        spelled = f"searched for '{hits[0].searched}' · " if hits and hits[0].searched else ""
        self.status(spelled + weak + describe(len(self.hits_list.hits)))
        for note in take_notes():  # e.g. the index folder cannot be written
            self.app.notify(note, severity="warning", timeout=8)


class SearchScreen(TypeAhead, HitsScreen):
    DEFAULT_CSS = """
    SearchScreen #search-top { height: auto; padding: 0 1; }
    SearchScreen #search-query { width: 1fr; margin-right: 1; }
    SearchScreen #search-year { width: 12; }
    SearchScreen #search-filters { height: auto; padding: 0 1; }
    SearchScreen #search-filters Select { width: 1fr; margin-right: 1; }
    SearchScreen #search-filters Select:last-of-type { margin-right: 0; }
    SearchScreen #search-filters SelectCurrent #label { text-wrap: nowrap;
                                                        text-overflow: ellipsis; }
    SearchScreen #search-mode { max-width: 20; }
    SearchScreen.-narrow #search-mode { max-width: 14; }
    SearchScreen #search-year-hint { height: 1; padding: 0 2; color: $text-warning;
                                     display: none; }
    SearchScreen #search-year-hint.-shown { display: block; }
    """

    FIRST_INPUT = "#search-query"

    def __init__(self, lists: list[str] | None = None, query: str = "") -> None:
        super().__init__()
        self.lists = lists or []
        self.initial_query = query
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        lists = self.lists
        yield Header()
        with Horizontal(id="search-top"):
            yield Input(
                self.initial_query,
                placeholder="search your library: words or a question…",
                id="search-query",
            )
            yield Input(
                placeholder="year",
                max_length=4,
                validators=[Regex(YEAR_PATTERN, failure_description=YEAR_HINT)],
                valid_empty=True,  # blank: no year filter
                id="search-year",
            )
        with Horizontal(id="search-filters"):
            yield Select(
                [(m, m) for m in MODES], value="hybrid", allow_blank=False, id="search-mode"
            )
            yield Select(
                [("all lists", ""), *((name, name) for name in lists)],
                value="",
                allow_blank=False,
                id="search-list",
            )
            yield Select(
                [("any reading state", ""), *((s, s) for s in READING_STATES)],
                value="",
                allow_blank=False,
                id="search-reading",
            )
            yield Select(
                [("any replication state", ""), *((s, s) for s in REPLICATION_STATES)],
                value="",
                allow_blank=False,
                id="search-replication",
            )
        yield Label("", id="search-year-hint")
        yield Label("type to search", id="search-status", classes="search--status")
        yield HitsList(id="search-hits")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "search"
        self.query_one("#search-query", Input).focus()
        self.watch(self.app, "model", self._model_changed, init=False)
        self.app.ensure_embedder()
        if self.initial_query:
            self.search_now()

    @property
    def busy(self) -> bool:
        return self._timer is not None

    def _model_changed(self, model: str) -> None:
        """The model has loaded (or failed): re-run the query as the mode asks."""
        if (
            model in ("ready", "failed")
            and self.is_mounted
            and self.query_one("#search-mode", Select).value != "keyword"
        ):
            self.search_now()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "search-year":
            self._year()
        self._restart_timer()

    def _year(self) -> int | None:
        """The year filter, showing or clearing the hint for a value that is not a year."""
        year, hint = parse_year(self.query_one("#search-year", Input).value)
        label = self.query_one("#search-year-hint", Label)
        label.update(hint)
        label.set_class(bool(hint), "-shown")
        return year

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._restart_timer()

    def _restart_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_PAUSE, self.search_now)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.search_now()
        self.hits_list.focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one("#search-query", Input):
            event.stop()
            self.hits_list.focus()

    def hit_query(self) -> str:
        return self.query_one("#search-query", Input).value.strip()

    def search_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.is_mounted:
            return
        query = self.query_one("#search-query", Input).value.strip()
        if not query:
            self.workers.cancel_group(self, "query")
            self.hits_list.show_hits([])
            self.status("type to search")
            return
        from paperdesk.services.listing import PaperFilter

        mode = str(self.query_one("#search-mode", Select).value)
        list_name = str(self.query_one("#search-list", Select).value) or None
        reading = str(self.query_one("#search-reading", Select).value) or None
        replication = str(self.query_one("#search-replication", Select).value) or None
        year = self._year()
        filters = PaperFilter(
            list_name=list_name, reading=reading, replication=replication, year=year
        )
        filtered = bool(list_name or reading or replication or year is not None)
        note = ""
        if mode != "keyword" and not self.app.embedder_ready:
            note = (
                " (keyword only: the search model is unavailable)"
                if self.app.model_error
                else " (keyword only while the search model loads)"
            )
            mode = "keyword"
        embedder = self.app.embedder
        shown = {"mode": mode, "note": note}

        def find() -> list[SearchHit]:
            hits = search_service.search(
                self.app.library,
                query,
                k=RESULTS,
                mode=mode,
                filters=filters if filtered else None,
                embedder=embedder,
            )
            if mode != "keyword":  # as the CLI says it: no vectors, no meaning half
                from paperdesk.services.autoindex import unindexed

                if unindexed(self.app.library.settings).embedded == 0:
                    shown["mode"] = "keyword"
                    shown["note"] = " (nothing is embedded yet, so these are keyword matches only)"
            return hits

        def describe(n: int) -> str:
            found = f"{n} paper{'s' if n != 1 else ''}" if n else "no matches"
            how = f"{shown['mode']}{shown['note']}"
            return f"{found} · {how} · enter: show · v: read · o: open the PDF"

        self.status(f"searching ({mode})…")
        self.run_query(find, describe)


class SimilarScreen(HitsScreen):
    """Papers like ``key`` (by the embedding of its passages)."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.paper_title = key, title

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(
            f"Papers similar to {self.paper_title} ({self.key})",
            id="similar-title",
            classes="search--status",
        )
        yield Label("", id="search-status", classes="search--status")
        yield HitsList(id="search-hits")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "similar papers"
        self.hits_list.focus()
        embedder = self.app.embedder  # similar() needs no model: it uses stored vectors

        def find() -> list[SearchHit]:
            return search_service.similar(self.app.library, self.key, k=RESULTS, embedder=embedder)

        self.status("finding similar papers…")
        self.run_query(
            find,
            lambda n: f"{n} similar papers · enter: show in the table · o: open the PDF",
        )
