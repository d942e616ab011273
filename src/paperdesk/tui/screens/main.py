"""The main screen: lists panel | papers table | detail pane, and every per-paper key.

What it shows follows two attributes: its own ``view`` (the entry of the lists panel, which is
remembered for the next start) and the app's ``change`` (any write, here or in another
process), both watched. Reads run in exclusive workers, so the latest one wins.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from paperdesk.tui.annotations import ImportsAnnotations
from paperdesk.tui.data import (
    ALL,
    Reload,
    Sidebar,
    View,
    first_view,
    load_first_rows,
    load_rows,
    load_sidebar,
    save_last_view,
    view_count,
)
from paperdesk.tui.jobs import Change, LibraryChanged, WorkerFailures
from paperdesk.tui.keys import MAIN_KEYS, Key, bindings
from paperdesk.tui.reports import replication_summary
from paperdesk.tui.screens.typeahead import PassOn
from paperdesk.tui.widgets.detail import DetailPane
from paperdesk.tui.widgets.lists_panel import ListsPanel
from paperdesk.tui.widgets.papers_table import PapersTable
from paperdesk.tui.widgets.status import JobsBar

if TYPE_CHECKING:
    from paperdesk.services.detail import PaperDetail
    from paperdesk.services.listing import PaperRow
    from paperdesk.tui.app import PaperdeskApp

FIRST_PAGE = 200  # rows read before the first paint; the rest follow in a worker
DETAIL_DELAY = 0.15  # seconds the cursor must rest before the full record is loaded


def breakpoint_class(app: Any, width: int) -> str:
    """The app's width class for ``width``, so the first frame already has the right layout
    (Textual sets it on the first resize, one frame late)."""
    name = ""
    for at, cls in app.HORIZONTAL_BREAKPOINTS:
        if width >= at:
            name = cls
    return name


class MainScreen(PassOn, ImportsAnnotations, WorkerFailures, Screen[None]):
    """Keys (and a paste) typed right behind one that opens a dialog (``a`` then an arXiv id)
    go to that dialog (:class:`~paperdesk.tui.screens.typeahead.PassOn`)."""

    KEYS: ClassVar[tuple[Key, ...]] = MAIN_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(MAIN_KEYS)

    view: reactive[View] = reactive(ALL, init=False)

    app: PaperdeskApp

    def __init__(self) -> None:
        super().__init__()
        self.sidebar = Sidebar()
        self.initial_rows: list[PaperRow] | None = None
        self.hit_pages: dict[str, int] = {}
        self._pending_jump: str | None = None
        self._unapplied: Reload | None = None  # the latest reload, until its rows are shown

    # -- layout and first paint ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if cls := breakpoint_class(self.app, self.app.size.width):
            self.add_class(cls)
        reader = self.app.fast_reader()
        if reader is not None:  # the fast path: fill everything before the first paint
            try:
                self.sidebar = load_sidebar(reader)
                self.set_reactive(MainScreen.view, first_view(self.app.settings, self.sidebar))
                self.initial_rows = load_first_rows(reader, self.view, FIRST_PAGE)
            finally:
                reader.close()
        first = self.initial_rows[0] if self.initial_rows else None
        yield Header()
        with Container(id="body"):
            yield ListsPanel(self.sidebar, select=self.view, id="lists")
            yield PapersTable(id="papers")
            yield DetailPane(first, id="detail")
        yield JobsBar(id="jobs")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.table.focus()
        self.watch(self.app, "change", self._library_changed, init=False)
        if self.initial_rows is not None:
            self._fill(self.initial_rows, None, total=view_count(self.sidebar, self.view))
            self.call_after_refresh(self.app.first_paint_done)
            if len(self.initial_rows) >= FIRST_PAGE:  # the rest, right after the first paint
                self.call_after_refresh(self.reload, sidebar=False)
        else:
            self.table.set_rows([], show_stage=False, empty_text="opening the library…")
            self.call_after_refresh(self.app.first_paint_done)
            self.reload(sidebar=True, choose_view=True)

    @property
    def table(self) -> PapersTable:
        return self.query_one(PapersTable)

    @property
    def lists_panel(self) -> ListsPanel:
        return self.query_one(ListsPanel)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    # -- loading ---------------------------------------------------------------------------------

    def _fill(self, rows: list[PaperRow], keep: str | None, total: int | None = None) -> None:
        n = len(rows) if total is None else total
        self.sub_title = f"{self.view.describe()} · {n} paper{'s' if n != 1 else ''}"
        self.table.set_rows(
            rows, show_stage=self.view.is_list, keep=keep, empty_text=_empty_text(self.view)
        )
        self.detail_pane.show_row(self.table.current)
        if self._pending_jump and self.table.move_to(self._pending_jump, center=True):
            self._pending_jump = None

    @work(exclusive=True, group="rows", exit_on_error=False, description="loading papers")
    async def reload(
        self,
        *,
        keep: str | None = None,
        sidebar: bool = True,
        choose_view: bool = False,
        top: bool = False,
    ) -> None:
        """Re-read the table (and the panel's counts); when the rows arrive the cursor goes to
        ``keep``, or the first row (``top``), or stays on the paper under it then: a move made
        while the rows were read is kept. The latest call wins: it cancels an older one still
        reading and asks for what that one asked for too (:meth:`Reload.then`)."""
        ask = Reload(sidebar, choose_view, top, None if top else keep)
        if self._unapplied is not None:  # a reload this one cancelled before its rows arrived
            ask = self._unapplied.then(ask)
        self._unapplied = ask

        def read() -> tuple[Sidebar | None, View, list[PaperRow]]:
            reader = self.app.reader()
            try:
                side = load_sidebar(reader) if ask.sidebar else None
                view = (
                    first_view(self.app.settings, side) if ask.choose_view and side else self.view
                )
                return side, view, load_rows(reader, view)
            finally:
                reader.close()

        side, view, rows = await asyncio.to_thread(read)
        if self._unapplied is not ask:  # superseded (the cancel did not reach this one in time)
            return
        self._unapplied = None
        if side is not None:
            self.sidebar = side
            self.lists_panel.show(side, select=view)
        if view != self.view:
            self.set_reactive(MainScreen.view, view)
        if ask.top:
            self.table.cursor = 0
        self._fill(rows, ask.keep or (None if ask.top else self.table.current_key))
        self.load_detail(self.table.current_key, delay=0)

    def watch_view(self, view: View) -> None:
        self.table.cursor = 0
        self.lists_panel.select(view)
        save_last_view(self.app.settings, view)
        self.reload(sidebar=False, top=True)

    def _library_changed(self, change: Change) -> None:
        """Something was written (here: ``change.key``; elsewhere: None): re-read counts, rows
        and the detail of the paper under the cursor, which stays where it is."""
        self.reload(sidebar=True)

    def on_lists_panel_chosen(self, event: ListsPanel.Chosen) -> None:
        self.view = event.view

    def on_papers_table_highlighted(self, event: PapersTable.Highlighted) -> None:
        self.detail_pane.show_row(event.row)
        self.load_detail(event.row.id if event.row else None)

    def on_papers_table_selected(self, event: PapersTable.Selected) -> None:
        self.action_note()

    @work(exclusive=True, group="detail", exit_on_error=False, description="loading the paper")
    async def load_detail(self, key: str | None, delay: float = DETAIL_DELAY) -> None:
        """The full record of ``key``, once the cursor has rested there for ``delay``."""
        if key is None:
            return
        await asyncio.sleep(delay)
        while self.app.first_paint_at is None:  # the first paint needs no SQLAlchemy import
            await asyncio.sleep(0.05)
        if self.app.quitting:
            return

        def read() -> tuple[PaperDetail, str | None]:
            from paperdesk.services.papers import paper_detail

            lib = self.app.library
            return paper_detail(lib, key), replication_summary(lib, key)

        detail, replication = await asyncio.to_thread(read)
        self.detail_pane.show_detail(key, detail, replication)

    def jump_to(self, key: str, page: int | None = None) -> None:
        """Show paper ``key`` (from a search hit), scrolled into view: in the current view if it
        is there, else in All papers."""
        if page is not None:
            self.hit_pages[key] = page
        self.table.focus()
        if self.table.move_to(key, center=True):
            return
        self._pending_jump = key
        if self.view != ALL:
            self.view = ALL
        else:
            self.reload(sidebar=False, keep=key)

    # -- helpers -------------------------------------------------------------------------------

    def _selected(self) -> PaperRow | None:
        row = self.table.current
        if row is None:
            self.notify("No paper selected: the list shown is empty.", severity="warning")
        return row

    def changed(self, key: str | None) -> None:
        self.post_message(LibraryChanged(key))

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_lists(self) -> None:
        self.set_focus(self.lists_panel.options)  # at once: the next key typed goes there

    def action_focus_table(self) -> None:
        self.set_focus(self.table)

    def action_reading(self) -> None:
        self._pick_state("reading")

    def action_replication(self) -> None:
        from paperdesk.tui.screens.replication import ReplicationScreen

        if (row := self._selected()) is not None:
            self.app.push_screen(ReplicationScreen(row.id), lambda _: self.changed(row.id))

    def _pick_state(self, track: str) -> None:
        from paperdesk.tui.screens.pickers import StatePicker

        if (row := self._selected()) is None:
            return
        key = row.id
        current = row.reading if track == "reading" else row.replication

        def chosen(state: str | None) -> None:
            if state and state != current:
                self.mark(key, state)

        self.app.push_screen(StatePicker(track, key, current, row.title or key), chosen)

    @work(exclusive=True, group="write", exit_on_error=False, description="marking the paper")
    async def mark(self, key: str, state: str) -> None:
        from paperdesk.services.papers import mark

        _, track, _old = await asyncio.to_thread(mark, self.app.library, key, state)
        self.table.update_row(key, **{track: state})
        self.detail_pane.show_row(self.table.current, loading=False)
        self.changed(key)

    def annotation_paper(self) -> str | None:
        return row.id if (row := self._selected()) is not None else None

    def action_note(self) -> None:
        from paperdesk.tui.screens.note import NoteScreen

        if (row := self._selected()) is not None:
            key = row.id
            self.app.push_screen(NoteScreen(key, row.title or key))

    def action_search(self) -> None:
        from paperdesk.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.sidebar.list_names()), self._jump_result)

    def action_similar(self) -> None:
        from paperdesk.tui.screens.search import SimilarScreen

        if (row := self._selected()) is not None:
            self.app.push_screen(SimilarScreen(row.id, row.title or row.id), self._jump_result)

    def _jump_result(
        self,
        result: tuple[str, int | None, int | None] | tuple[str, int | None, int | None, str] | None,
    ) -> None:
        """(key, page, passage id), and from a search its query (highlighted when reading)."""
        if not result:
            return
        key, page, passage, *query = result
        self.jump_to(key, page)
        if passage:
            from paperdesk.tui.screens.reader import ReaderScreen

            words = query[0] if query else ""
            self.app.push_screen(ReaderScreen(key, passage_id=passage, page=page, query=words))

    def action_add(self) -> None:
        from paperdesk.tui.screens.add import AddScreen

        list_name = self.view.name if self.view.is_list else None
        self.app.push_screen(AddScreen(list_name), self._add)

    def _add(self, result: tuple[str, str | None] | None) -> None:
        if result:
            self.add(*result)

    @work(group="write", exit_on_error=False, description="adding the paper")
    async def add(self, ref: str, list_name: str | None) -> None:
        from paperdesk.services.papers import add_papers

        res = (await asyncio.to_thread(add_papers, self.app.library, [ref], list_name=list_name))[0]
        if res.status == "error":
            self.notify(res.message, severity="error")
            return
        if res.status == "exists":  # as the CLI says it
            text = res.message or f"{res.id} is already in the library"
            if res.lists:
                text += f" (added to {', '.join(res.lists)})"
            elif list_name:
                text += f" (already in {list_name})"
            self.notify(text)
        else:
            where = f" to {list_name}" if list_name else ""
            self.notify(f"Added {res.id}{where}. Press f to fetch its metadata and PDF.")
        self._pending_jump = res.id
        self.changed(res.id)

    def action_fetch(self) -> None:
        if (row := self._selected()) is not None:
            self.app.fetch([row.id], what=row.id, key=row.id)

    def action_fetch_view(self) -> None:
        view = self.view
        if view.is_list:
            self.app.fetch(None, list_name=view.name, what=f"list {view.name}")
        elif view == ALL:
            self.app.fetch(None, all_papers=True, what="all papers")
        elif keys := [r.id for r in self.table.rows]:
            self.app.fetch(keys, what=view.describe())
        else:
            self.notify(f"Nothing to fetch: {view.describe()} is empty.", severity="warning")

    def action_open_pdf(self) -> None:
        if (row := self._selected()) is not None:
            self.app.open_pdf(row.id, self.hit_pages.get(row.id))

    def action_read(self) -> None:
        from paperdesk.tui.screens.reader import ReaderScreen

        if (row := self._selected()) is not None:
            self.app.push_screen(ReaderScreen(row.id, page=self.hit_pages.get(row.id)))

    def action_up_next(self) -> None:
        from paperdesk.tui.screens.upnext import UpNextScreen

        list_name = self.view.name if self.view.is_list else None
        self.app.push_screen(UpNextScreen(list_name), self._jump_result)

    def action_progress(self) -> None:
        from paperdesk.tui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.view.name if self.view.is_list else None))

    def action_export(self) -> None:
        from paperdesk.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.view.name if self.view.is_list else None))

    def action_tags(self) -> None:
        from paperdesk.tui.screens.pickers import TagsScreen

        if (row := self._selected()) is None:
            return
        key = row.id

        def chosen(result: tuple[list[str], list[str]] | None) -> None:
            if result:
                self.set_tags(key, *result)

        self.app.push_screen(TagsScreen(key, list(row.tags)), chosen)

    @work(group="write", exit_on_error=False, description="tagging the paper")
    async def set_tags(self, key: str, add: list[str], remove: list[str]) -> None:
        from paperdesk.services.papers import set_tags

        tags = await asyncio.to_thread(set_tags, self.app.library, key, add, remove)
        self.notify(f"{key}: tags " + (" ".join(f"#{t}" for t in tags) or "(none)"))
        self.changed(key)


def _empty_text(view: View) -> str:
    if view.kind == "reading":
        return "nothing in progress: press r on a paper and choose 'reading'"
    if view.kind == "all":
        return "the library is empty: press a to add a paper"
    return "no papers here"
