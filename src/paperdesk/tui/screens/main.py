"""The main screen: lists panel | papers table | detail pane, and every per-paper key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header

from paperdesk.progress import Progress
from paperdesk.tui.data import (
    ALL,
    Sidebar,
    View,
    load_first_rows,
    load_rows,
    load_sidebar,
    view_count,
)
from paperdesk.tui.reports import replication_summary, report_failures, report_summary
from paperdesk.tui.widgets.detail import DetailPane
from paperdesk.tui.widgets.lists_panel import ListsPanel
from paperdesk.tui.widgets.papers_table import PapersTable
from paperdesk.tui.widgets.status import JobsBar

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

FIRST_PAGE = 200  # rows read before the first paint; the rest follow in a worker
DETAIL_DELAY = 0.15  # seconds the cursor must rest before the full record is loaded


def _key_binding(key: str, action: str, title: str, show: bool = True) -> Binding:
    return Binding(key, action, title, show=show)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        _key_binding("r", "reading", "Reading"),
        _key_binding("p", "replication", "Replication"),
        _key_binding("n", "note", "Note"),
        _key_binding("slash", "search", "Search"),
        _key_binding("s", "similar", "Similar"),
        _key_binding("a", "add", "Add"),
        _key_binding("f", "fetch", "Fetch"),
        _key_binding("F", "fetch_view", "Fetch list", show=False),
        _key_binding("o", "open_pdf", "Open PDF"),
        _key_binding("e", "export", "Export"),
        _key_binding("t", "tags", "Tags", show=False),
        _key_binding("x", "cancel_jobs", "Cancel jobs", show=False),
        Binding("left,h", "focus_lists", "Lists", show=False),
        Binding("right,l", "focus_table", "Table", show=False),
    ]

    app: PaperdeskApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = ALL
        self.sidebar = Sidebar()
        self.initial_rows: list[dict[str, Any]] | None = None
        self.hit_pages: dict[str, int] = {}
        self._rows_gen = 0
        self._detail_gen = 0
        self._detail_timer: Timer | None = None
        self._pending_jump: str | None = None

    # -- layout and first paint ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        reader = self.app.fast_reader()
        if reader is not None:  # the fast path: fill everything before the first paint
            try:
                self.sidebar = load_sidebar(reader)
                self.initial_rows = load_first_rows(reader, self.view, FIRST_PAGE)
            finally:
                reader.close()
        yield Header()
        with Container(id="body"):
            yield ListsPanel(self.sidebar, id="lists")
            yield PapersTable(id="papers")
            yield DetailPane(id="detail")
        yield JobsBar(id="jobs")
        yield Footer()

    def on_mount(self) -> None:
        table = self.table
        table.focus()
        if self.initial_rows is not None:
            self._fill(self.initial_rows, None, total=view_count(self.sidebar, self.view))
            self.call_after_refresh(self.app.first_paint_done)
            if len(self.initial_rows) >= FIRST_PAGE:  # the rest, right after the first paint
                self.call_after_refresh(self.reload, sidebar=False)
        else:
            table.set_rows([], show_stage=False, empty_text="opening the library…")
            self.call_after_refresh(self.app.first_paint_done)
            self.reload(sidebar=True)

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

    def _fill(self, rows: list[dict[str, Any]], keep: str | None, total: int | None = None) -> None:
        n = len(rows) if total is None else total
        self.sub_title = f"{self.view.describe()} · {n} paper{'s' if n != 1 else ''}"
        self.table.set_rows(
            rows, show_stage=self.view.is_list, keep=keep, empty_text=_empty_text(self.view)
        )
        if self._pending_jump and self.table.move_to(self._pending_jump):
            self._pending_jump = None

    def reload(self, *, keep: str | None = None, sidebar: bool = True) -> None:
        """Re-read the table (and the panel's counts) in a worker; keep the cursor on ``keep``."""
        self._rows_gen += 1
        gen, view = self._rows_gen, self.view
        keep = keep or self.table.current_key

        def work(progress: Progress) -> tuple[Sidebar | None, list[dict[str, Any]]]:
            reader = self.app.reader()
            try:
                side = load_sidebar(reader) if sidebar else None
                return side, load_rows(reader, view)
            finally:
                reader.close()

        def done(result: tuple[Sidebar | None, list[dict[str, Any]]]) -> None:
            if not self.is_mounted:
                return
            side, rows = result
            if side is not None:
                self.sidebar = side
                self.lists_panel.show(side, select=self.view)
            if gen == self._rows_gen:
                self._fill(rows, keep)

        self.app.run_job("loading papers", work, done, quiet=True)

    def on_lists_panel_chosen(self, event: ListsPanel.Chosen) -> None:
        self.view = event.view
        self.table.cursor = 0
        self.reload(sidebar=False, keep=None)

    def on_papers_table_highlighted(self, event: PapersTable.Highlighted) -> None:
        row = event.row
        self.detail_pane.show_row(row)
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if row is not None:
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(row["id"]))

    def on_papers_table_selected(self, event: PapersTable.Selected) -> None:
        self.action_note()

    @property
    def busy(self) -> bool:
        return self._detail_timer is not None

    def load_detail(self, key: str) -> None:
        self._detail_timer = None
        self._detail_gen += 1
        gen = self._detail_gen

        def work(progress: Progress) -> tuple[dict[str, Any], str | None]:
            from paperdesk.services.papers import paper_detail

            lib = self.app.library
            return paper_detail(lib, key), replication_summary(lib, key)

        def done(result: tuple[dict[str, Any], str | None]) -> None:
            if gen == self._detail_gen and self.is_mounted:
                self.detail_pane.show_detail(key, *result)

        self.app.run_job("loading paper", work, done, quiet=True)

    def jump_to(self, key: str, page: int | None = None) -> None:
        """Show paper ``key`` (from a search hit): in the current view if it is there."""
        if page is not None:
            self.hit_pages[key] = page
        self.table.focus()
        if self.table.move_to(key):
            return
        self._pending_jump = key
        if self.view != ALL:
            self.view = ALL
            self.lists_panel.select(ALL)
        self.reload(sidebar=False, keep=key)

    # -- helpers -------------------------------------------------------------------------------

    def _selected(self) -> dict[str, Any] | None:
        row = self.table.current
        if row is None:
            self.notify("No paper selected.", severity="warning")
        return row

    def after_change(self, key: str | None = None) -> None:
        """Something was written: refresh counts, table and the detail of ``key``."""
        self.reload(keep=key, sidebar=True)
        if key is not None and key == self.table.current_key:
            self.load_detail(key)

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_lists(self) -> None:
        self.lists_panel.options.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_reading(self) -> None:
        self._pick_state("reading")

    def action_replication(self) -> None:
        row = self._selected()
        if row is None:
            return
        try:
            from paperdesk.tui.screens.replication import ReplicationScreen
        except ImportError:
            self._pick_state("replication")
            return
        self.app.push_screen(ReplicationScreen(row["id"]), lambda _: self.after_change(row["id"]))

    def _pick_state(self, track: str) -> None:
        from paperdesk.tui.screens.pickers import StatePicker

        row = self._selected()
        if row is None:
            return
        key = row["id"]

        def chosen(state: str | None) -> None:
            if state and state != row.get(track):
                self.mark(key, state)

        self.app.push_screen(
            StatePicker(track, row.get(track) or "", row.get("title") or key), chosen
        )

    def mark(self, key: str, state: str) -> None:
        def work(progress: Progress) -> tuple[str, str, str | None]:
            from paperdesk.services.papers import mark

            return mark(self.app.library, key, state)

        def done(result: tuple[str, str, str | None]) -> None:
            _, track, _old = result
            self.table.update_row(key, **{track: state})
            self.detail_pane.show_row(self.table.current, loading=False)
            self.after_change(key)

        self.app.run_job(f"marking {key}", work, done, quiet=True)

    def action_note(self) -> None:
        from paperdesk.tui.screens.note import NoteScreen

        row = self._selected()
        if row is None:
            return
        key = row["id"]
        self.app.push_screen(
            NoteScreen(key, row.get("title") or key), lambda _: self.after_change(key)
        )

    def action_search(self) -> None:
        from paperdesk.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(), self._jump_result)

    def action_similar(self) -> None:
        from paperdesk.tui.screens.search import SimilarScreen

        row = self._selected()
        if row is not None:
            self.app.push_screen(
                SimilarScreen(row["id"], row.get("title") or row["id"]), self._jump_result
            )

    def _jump_result(self, result: tuple[str, int | None] | None) -> None:
        if result:
            self.jump_to(*result)

    def action_add(self) -> None:
        from paperdesk.tui.screens.add import AddScreen

        list_name = self.view.name if self.view.is_list else None
        self.app.push_screen(AddScreen(list_name), self._add)

    def _add(self, result: tuple[str, str | None] | None) -> None:
        if not result:
            return
        ref, list_name = result

        def work(progress: Progress) -> Any:
            from paperdesk.services.papers import add_papers

            return add_papers(self.app.library, [ref], list_name=list_name)[0]

        def done(res: Any) -> None:
            if res.status == "error":
                self.notify(res.message, severity="error")
                return
            if res.status == "exists":
                self.notify(res.message or f"{res.id} is already in the library")
            else:
                where = f" to {list_name}" if list_name else ""
                self.notify(f"Added {res.id}{where}. Press f to fetch its metadata and PDF.")
            self._pending_jump = res.id
            self.after_change(res.id)

        self.app.run_job(f"adding {ref}", work, done, quiet=True)

    def action_fetch(self) -> None:
        row = self._selected()
        if row is not None:
            self._fetch([row["id"]], None, False, row["id"])

    def action_fetch_view(self) -> None:
        view = self.view
        if view.is_list:
            self._fetch(None, view.name, False, f"list {view.name}")
        elif view == ALL:
            self._fetch(None, None, True, "all papers")
        else:
            self._fetch([r["id"] for r in self.table.rows], None, False, view.describe())

    def _fetch(
        self, refs: list[str] | None, list_name: str | None, all_papers: bool, what: str
    ) -> None:
        fetch_papers = self.app.optional_service(
            "paperdesk.services.fetch", "fetch_papers", "fetching"
        )
        if fetch_papers is None:
            return
        keep = self.table.current_key

        def work(progress: Progress) -> Any:
            return fetch_papers(
                self.app.library,
                refs,
                list_name=list_name,
                all_papers=all_papers,
                pdf=True,
                progress=progress,
            )

        def done(report: Any) -> None:
            self.notify(
                report_summary("Fetch", what, report),
                severity="warning" if report_failures(report) else "information",
            )
            self.after_change(keep)

        self.app.run_job(f"fetch {what}", work, done)

    def action_open_pdf(self) -> None:
        row = self._selected()
        if row is not None:
            self.open_pdf(row["id"], self.hit_pages.get(row["id"]))

    def open_pdf(self, key: str, page: int | None = None) -> None:
        """Open the stored PDF of ``key`` in the system viewer, at ``page`` where it can."""
        open_pdf = self.app.optional_service("paperdesk.services.fetch", "open_pdf", "opening PDFs")
        if open_pdf is None:
            return

        def work(progress: Progress) -> Any:
            return open_pdf(self.app.library, key, page=page)

        def done(path: Any) -> None:
            at = f" at page {page}" if page else ""
            self.notify(f"Opened {path}{at}.")

        self.app.run_job(f"opening {key}", work, done, quiet=True)

    def action_export(self) -> None:
        from paperdesk.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.view.name if self.view.is_list else None))

    def action_tags(self) -> None:
        from paperdesk.tui.screens.pickers import TagsScreen

        row = self._selected()
        if row is None:
            return
        key = row["id"]

        def chosen(result: tuple[list[str], list[str]] | None) -> None:
            if not result:
                return
            add, remove = result

            def work(progress: Progress) -> list[str]:
                from paperdesk.services.papers import set_tags

                return set_tags(self.app.library, key, add, remove)

            def done(tags: list[str]) -> None:
                self.notify(f"{key}: tags " + (" ".join(f"#{t}" for t in tags) or "(none)"))
                self.after_change(key)

            self.app.run_job(f"tagging {key}", work, done, quiet=True)

        self.app.push_screen(TagsScreen(key, list(row.get("tags") or [])), chosen)

    def action_cancel_jobs(self) -> None:
        n = self.app.cancel_jobs()
        self.notify(f"Cancelling {n} job{'s' if n != 1 else ''}." if n else "No jobs running.")


def _empty_text(view: View) -> str:
    if view.kind == "reading":
        return "nothing in progress: press r on a paper and choose 'reading'"
    if view.kind == "all":
        return "the library is empty: press a to add a paper"
    return "no papers here"
