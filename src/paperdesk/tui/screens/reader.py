"""``v``: a paper's parsed text, read inside the TUI.

The outline (numbered headings by level) is on the left, the passages on the right with the
page of each; ``]``/``[`` or the outline jump by section, ``/`` searches within the paper
(matches highlighted, ``n``/``N`` move between them), ``o`` opens the PDF at the page of the
passage under the cursor and ``q`` appends that passage to the paper's note as a Markdown
quote with its page. A paper that is not parsed yet says so and what to run. The time the view
is open and in use is recorded (:mod:`paperdesk.tui.reading_timer`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from paperdesk.services import reading
from paperdesk.services.reading import Match, PaperText
from paperdesk.tui.annotations import ImportsAnnotations
from paperdesk.tui.jobs import LibraryChanged, WorkerFailures
from paperdesk.tui.keys import READER_KEYS, bindings
from paperdesk.tui.reading_timer import TimedScreen
from paperdesk.tui.screens.keyflow import OrderedKeys
from paperdesk.tui.widgets.outline import Outline
from paperdesk.tui.widgets.passages import PassageView
from paperdesk.wording import plural

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp


class ReaderScreen(TimedScreen, OrderedKeys, ImportsAnnotations, WorkerFailures, Screen[None]):
    """``ReaderScreen(key)``; from a search hit ``passage_id`` (or ``page``) says where to
    start; ``clock`` drives the reading time by hand (tests)."""

    DEFAULT_CSS = """
    ReaderScreen { layout: vertical; }
    ReaderScreen #reader-title { height: 1; padding: 0 1; text-style: bold;
                                 background: $panel; }
    ReaderScreen #reader-body { height: 1fr; }
    ReaderScreen #reader-outline { width: 32; height: 1fr; border-right: solid $panel-lighten-2; }
    ReaderScreen.-narrow #reader-outline { width: 24; }
    ReaderScreen #reader-text { width: 1fr; height: 1fr; }
    ReaderScreen #reader-find { display: none; margin: 0 1; }
    ReaderScreen #reader-find.-shown { display: block; }
    ReaderScreen #reader-status { height: 1; padding: 0 1; color: $text-muted;
                                  background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(READER_KEYS)
    KEYS = READER_KEYS
    TIMED_VIEW = "reader"

    app: PaperdeskApp

    paper: reactive[PaperText | None] = reactive(None, init=False)

    def __init__(
        self,
        key: str,
        *,
        passage_id: int | None = None,
        page: int | None = None,
        query: str = "",
        clock: Callable[[], datetime] | None = None,
    ):
        super().__init__()
        self.key = key
        self.init_timing(clock)
        self.start_passage = passage_id
        self.start_page = page
        self.search_query = query  # the search that led here: its words are highlighted
        self.searched = False  # ``matches`` are that search's, not a find typed here
        self.matches: list[Match] = []
        self.match: int | None = None  # index into ``matches``
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.key} · opening…", id="reader-title", markup=False)
        with Horizontal(id="reader-body"):
            yield Outline(id="reader-outline")
            yield PassageView(id="reader-text")
        yield Input(placeholder="find in this paper (enter: go, escape: close)", id="reader-find")
        yield Static("", id="reader-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < 100, "-narrow")
        self.set_focus(self.text)
        self.load()
        self.watch(self.app, "change", lambda _: self.reread(), init=False)  # type: ignore[arg-type]

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    @property
    def text(self) -> PassageView:
        return self.query_one(PassageView)

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def find_box(self) -> Input:
        return self.query_one("#reader-find", Input)

    # -- loading ---------------------------------------------------------------------------------

    @work(exclusive=True, group="reader-load", exit_on_error=False, description="reading")
    async def load(self) -> None:
        key = self.key
        self.paper = await asyncio.to_thread(lambda: reading.paper_text(self.app.library, key))

    @work(exclusive=True, group="reader-load", exit_on_error=False, description="reading")
    async def reread(self) -> None:
        """The library changed: show the text again only if it did (a parse finished, say),
        staying on the passage being read."""
        key = self.key
        paper = await asyncio.to_thread(lambda: reading.paper_text(self.app.library, key))
        if paper == self.paper:
            return
        old = self.paper
        if old is not None and not old.problem:
            self.start_passage = old.passages[self.text.cursor].id
        self.paper = paper

    def _start_index(self, paper: PaperText) -> int:
        if self.start_passage is not None:
            found = paper.index_of(self.start_passage)
            if found is not None:
                return found
        if self.start_page is not None:
            page = self.start_page
            return next((i for i, p in enumerate(paper.passages) if (p.page_end or 0) >= page), 0)
        return 0

    async def watch_paper(self, paper: PaperText | None) -> None:
        if paper is None:
            return
        count = plural(len(paper.passages), "passage") if not paper.problem else "no text"
        self.query_one("#reader-title", Static).update(f"{paper.title}  ({paper.key}) · {count}")
        self.outline.show(paper.outline)
        start = self._start_index(paper)
        await self.text.show(paper, start)
        if self.search_query and not paper.problem:
            self._show_search(paper, start)
        self._status()
        if not paper.problem:
            self.outline.follow(paper.section_at(self.text.cursor))

    def _show_search(self, paper: PaperText, start: int) -> None:
        """The search's words highlighted through the paper (n/N step through them), the
        passage the hit named a third of the way down with its densest run of words in view."""
        from paperdesk.search import hybrid

        query, self.search_query = self.search_query, ""  # once: a re-read keeps the cursor
        pattern = hybrid.highlight_pattern(query)
        matches = [
            Match(i, a, b)
            for i, p in enumerate(paper.passages)
            for a, b in hybrid.spans(p.text, pattern)
        ]
        if not matches:
            return
        self.matches, self.query_text, self.searched = matches, query, True
        here = hybrid.densest(paper.passages[start].text, query)
        if not here:  # (in the overlap the view shows with the passage before): stay put
            self.text.highlight(matches, None)
            return
        self.match = matches.index(Match(start, *here[0]))
        current = matches[self.match]
        self.text.highlight(matches, current)
        self.text.show_match(current, third=True)

    # -- what the status line says -----------------------------------------------------------

    def _status(self) -> None:
        paper = self.paper
        if paper is None:
            return
        if paper.problem:
            self.query_one("#reader-status", Static).update(paper.problem)
            return
        i = self.text.cursor
        p = paper.passages[i]
        parts = [f"passage {i + 1} of {len(paper.passages)}"]
        if p.pages:
            parts.append(p.pages)
        if p.section:
            parts.append(p.section)
        if self.query_text:
            if not self.matches:
                parts.append(f"no match for '{self.query_text}'")
            elif self.match is not None:
                parts.append(f"'{self.query_text}' {self.match + 1} of {len(self.matches)}")
        self.query_one("#reader-status", Static).update(" · ".join(parts))

    @on(PassageView.Moved)
    def _moved(self, event: PassageView.Moved) -> None:
        self._status()
        if self.paper is not None:
            self.outline.follow(self.paper.section_at(event.index))

    @on(Outline.Jump)
    def _jump(self, event: Outline.Jump) -> None:
        if self.paper is None or self.paper.problem:
            return
        self.text.go(self.paper.outline[event.index].first, top=True)
        self.set_focus(self.text)

    # -- sections ----------------------------------------------------------------------------

    def _usable(self) -> PaperText | None:
        paper = self.paper
        if paper is None:
            self.notify("Still opening the paper.", severity="warning")
            return None
        if paper.problem:
            self.notify(paper.problem, severity="warning")
            return None
        return paper

    def action_next_section(self) -> None:
        if (paper := self._usable()) is None or not paper.outline:
            return
        here = paper.section_at(self.text.cursor)
        nxt = 0 if here is None else here + 1
        while nxt < len(paper.outline) and paper.outline[nxt].first <= self.text.cursor:
            nxt += 1  # headings sharing the passage the cursor is on
        if nxt >= len(paper.outline):
            self.notify("This is the last section.")
            return
        self.text.go(paper.outline[nxt].first, top=True)

    def action_prev_section(self) -> None:
        if (paper := self._usable()) is None or not paper.outline:
            return
        here = paper.section_at(self.text.cursor)
        if here is None:
            self.text.go(0, top=True)
            return
        first = paper.outline[here].first
        if self.text.cursor > first:
            self.text.go(first, top=True)
            return
        prev = here - 1
        while prev >= 0 and paper.outline[prev].first >= first:
            prev -= 1
        self.text.go(paper.outline[prev].first if prev >= 0 else 0, top=True)

    def action_toggle_outline(self) -> None:
        if self.outline.has_focus:
            self.set_focus(self.text)
        else:
            self.set_focus(self.outline)

    # -- find ----------------------------------------------------------------------------------

    def action_find(self) -> None:
        if self._usable() is None:
            return
        box = self.find_box
        box.add_class("-shown")
        self.set_focus(box)

    @on(Input.Changed, "#reader-find")
    def _find_changed(self, event: Input.Changed) -> None:
        """Incremental: the first match at or after the passage being read."""
        if self.paper is None or self.paper.problem:
            return
        self.query_text, self.searched = event.value.strip(), False
        self.matches = self.paper.find(event.value)
        here = self.text.cursor
        first = next((n for n, m in enumerate(self.matches) if m.passage >= here), 0)
        self._set_match(first if self.matches else None)

    @on(Input.Submitted, "#reader-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_box.remove_class("-shown")
        self.set_focus(self.text)
        if self.query_text and not self.matches:
            self.notify(f"'{self.query_text}' is not in this paper.", severity="warning")

    def _set_match(self, index: int | None) -> None:
        self.match = index
        current = self.matches[index] if index is not None else None
        self.text.highlight(self.matches, current)
        if current is not None:
            self.text.show_match(current)
        self._status()

    def _step_match(self, delta: int) -> None:
        if not self.matches:
            hint = f"'{self.query_text}' is not in this paper" if self.query_text else "no search"
            self.notify(f"{hint}: press / to find.", severity="warning")
            return
        now = self.match if self.match is not None else -delta
        self._set_match((now + delta) % len(self.matches))

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_prev_match(self) -> None:
        self._step_match(-1)

    def _clear_find(self) -> None:
        self.query_text = ""
        self.matches = []
        with self.find_box.prevent(Input.Changed):
            self.find_box.value = ""
        self._set_match(None)

    # -- quote, open, back ---------------------------------------------------------------------

    def action_quote(self) -> None:
        if (paper := self._usable()) is None:
            return
        self.quote(paper.passages[self.text.cursor])

    @work(group="reader-quote", exit_on_error=False, description="quoting into the note")
    async def quote(self, passage: reading.ReadPassage) -> None:
        key = self.key
        await asyncio.to_thread(lambda: reading.quote_into_note(self.app.library, key, passage))
        where = f" ({passage.pages})" if passage.pages else ""
        self.notify(f"Quoted the passage{where} into the note of {key}.")
        self.post_message(LibraryChanged(key))

    def action_open_pdf(self) -> None:
        if (paper := self._usable()) is None:
            return
        self.open_pdf(paper.passages[self.text.cursor].page_start)

    @work(group="reader-open", exit_on_error=False, description="opening the PDF")
    async def open_pdf(self, page: int | None) -> None:
        from paperdesk.fetch.viewer import PAGE_VIEWERS, supports_page
        from paperdesk.services.fetch import open_pdf

        key = self.key
        path = await asyncio.to_thread(lambda: open_pdf(self.app.library, key, page=page))
        if page is None or page == 1 or supports_page():
            at = f" at page {page}" if page else ""
            self.notify(f"Opened {path}{at}.")
        else:
            names = ", ".join(name for name, _ in PAGE_VIEWERS)
            self.notify(
                f"Opened {path} at page 1: the passage is on page {page}, and no viewer that "
                f"opens at a page is installed (looked for {names}).",
                severity="warning",
                timeout=10,
            )

    def action_back(self) -> None:
        """Escape closes the find box (and its highlights), then the screen; the highlights of
        the search that opened it go with the screen (one escape back to the results)."""
        box = self.find_box
        if box.has_class("-shown") or (self.matches and not self.searched):
            box.remove_class("-shown")
            self._clear_find()
            self.set_focus(self.text)
            return
        if self.outline.has_focus:
            self.set_focus(self.text)
            return
        self.dismiss(None)
