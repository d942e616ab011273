"""What the Feed and Suggestions screens share: a ranked table with the selected row's details
beside it (below it on a narrow terminal), ``a`` to add the row to a list (asked in
:class:`ListPrompt`), ``x`` to dismiss it, ``o`` to open its page, and reads in workers so
the screen never waits on the database.

A subclass says how to read its rows (:meth:`read`, in a thread), how to show one
(:meth:`cells`, :meth:`details`) and what adding and dismissing do (also in a thread).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, Static

from paperdesk.keys import name_parts
from paperdesk.tui.jobs import LibraryChanged, WorkerFailures
from paperdesk.tui.keys import DIALOG_KEYS, Key, bindings
from paperdesk.tui.screens.typeahead import TypeAhead

if TYPE_CHECKING:
    from paperdesk.tui.app import PaperdeskApp

SHOWN = 200  # rows listed; the status line says how many there are in all
SIDE, WIDE_SIDE = 36, 48  # the details panel beside the table: 100 columns and wider, 150


def cut(cell: str) -> Text:
    """A table cell that ends in "…" where its column is too narrow (a DataTable crops)."""
    return Text(cell, no_wrap=True, overflow="ellipsis")


#: a first author whose name ends so is a group, shown whole ("R Core Team", not "Team")
_GROUP_WORDS = frozenset(
    [
        "team",
        "group",
        "consortium",
        "collaboration",
        "project",
        "committee",
        "society",
        "institute",
        "laboratory",
        "laboratories",
        "lab",
        "inc",
        "corporation",
        "foundation",
        "organization",
        "organisation",
        "association",
    ]
)


def short_authors(names: list[str]) -> str:
    """A table cell's authors: "Vaswani", or "Vaswani et al." for more than one; a family name
    keeps its particle and leaves its suffix ("van der Maaten", "Lienhard" of "John H.
    Lienhard V"), a group its whole name ("R Core Team")."""
    if not names:
        return ""
    first = names[0].strip()
    words = first.split()
    if words and words[-1].lower().strip(".,") in _GROUP_WORDS:
        family = first
    else:
        family = name_parts(first).family or first
    return f"{family} et al." if len(names) > 1 else family


class RankedTable(DataTable[str | Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class ListPrompt(TypeAhead, ModalScreen[str | None]):
    """Which list to add to: dismisses with the name (checked by the service) or None."""

    DEFAULT_CSS = """
    ListPrompt { align: center middle; }
    ListPrompt > Vertical { width: 60; max-width: 95%; height: auto; border: thick $primary;
                            background: $surface; padding: 0 1; }
    ListPrompt .prompt--title { text-style: bold; width: 1fr; text-wrap: nowrap;
                                text-overflow: ellipsis; }
    ListPrompt .prompt--hint { color: $text-muted; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = DIALOG_KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG_KEYS)

    def __init__(self, what: str, default: str) -> None:
        super().__init__()
        self.what = what
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Add {self.what} to the list", classes="prompt--title", markup=False)
            yield Input(value=self.default, placeholder="list name (a-z, 0-9, -)", id="list-name")
            yield Label(
                "enter add (a new name makes the list) · escape cancel", classes="prompt--hint"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class DiscoveryScreen(WorkerFailures, Screen[None]):
    """The base of the Feed and Suggestions screens (see the module docstring)."""

    DEFAULT_CSS = """
    DiscoveryScreen { layout: vertical; }
    DiscoveryScreen .disc--title { height: 1; padding: 0 1; text-style: bold;
                                   background: $panel; }
    DiscoveryScreen .disc--body { height: 1fr; }
    DiscoveryScreen RankedTable { width: 1fr; height: 1fr; }
    DiscoveryScreen .disc--side { width: 36; height: 1fr; padding: 0 1;
                                  border-left: solid $panel-lighten-2; }
    DiscoveryScreen.-narrow .disc--body { layout: vertical; }
    DiscoveryScreen.-narrow .disc--side { width: 1fr; height: 8; border-left: none;
                                          border-top: solid $panel-lighten-2; }
    DiscoveryScreen .disc--status { height: 1; padding: 0 1; color: $text-muted;
                                    background: $panel; }
    """
    WHAT = "it"  # what a row is, for the list prompt ("the entry", "the work")
    KEYS: ClassVar[tuple[Key, ...]] = ()

    app: PaperdeskApp

    rows: reactive[list[Any] | None] = reactive(None, init=False)
    status: str = ""  # the status line of the rows read last
    last_list: ClassVar[str] = "to-read"

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), classes="disc--title", markup=False)
        with Horizontal(classes="disc--body"):
            yield RankedTable(cursor_type="row", zebra_stripes=True)
            with VerticalScroll(classes="disc--side"):
                yield Static("", id="disc-details", markup=False)
        yield Static("reading…", classes="disc--status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        width = self.app.size.width
        self.set_class(width < 100, "-narrow")
        side = WIDE_SIDE if width >= 150 else SIDE if width >= 100 else 0
        if side:
            self.query_one(".disc--side").styles.width = side
        table_w = width - side - 2
        for label, w in self.columns(table_w):
            self.table.add_column(label, width=w)
        self.table.focus()
        self.load()
        self.watch(self.app, "change", self._library_changed, init=False)

    def _library_changed(self, _change: object) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.table.focus()

    @property
    def table(self) -> RankedTable:
        return self.query_one(RankedTable)

    # -- what a subclass provides -------------------------------------------------------------

    def title_text(self) -> str:
        raise NotImplementedError

    def columns(self, width: int) -> list[tuple[str, int]]:
        raise NotImplementedError

    def read(self) -> tuple[list[Any], str]:
        """(rows, status line), in a thread."""
        raise NotImplementedError

    def row_key(self, row: Any) -> str:
        raise NotImplementedError

    def cells(self, row: Any) -> list[str]:
        raise NotImplementedError

    def details(self, row: Any) -> str:
        raise NotImplementedError

    def url(self, row: Any) -> str | None:
        raise NotImplementedError

    def add_rows(self, rows: list[Any], list_name: str) -> str:
        """Add to the list in a thread; the notification text."""
        raise NotImplementedError

    def dismiss_rows(self, rows: list[Any]) -> str:
        raise NotImplementedError

    # -- reading and showing -------------------------------------------------------------------

    @work(exclusive=True, group="discovery-load", exit_on_error=False, description="reading")
    async def load(self) -> None:
        rows, status = await asyncio.to_thread(self.read)
        self.status = status
        self.rows = rows
        self.set_status(status)  # equal rows (nothing new) do not call watch_rows

    def watch_rows(self, rows: list[Any] | None) -> None:
        if rows is None:
            return
        table = self.table
        keep, at = self.current_key, table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*(cut(c) for c in self.cells(row)), key=self.row_key(row))
        keys = [self.row_key(r) for r in rows]
        if keep is not None and keep in keys:
            table.move_cursor(row=keys.index(keep))
        elif rows:  # the row is gone (dismissed, added): the next one takes its place
            table.move_cursor(row=min(at, len(rows) - 1))
        self.set_status(self.status)
        self._show_details()

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @property
    def current(self) -> Any | None:
        key = self.current_key
        return next((r for r in self.rows or [] if self.row_key(r) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_details()

    def _show_details(self) -> None:
        row = self.current
        text = self.details(row) if row is not None else ""
        self.query_one("#disc-details", Static).update(text)

    # -- keys ----------------------------------------------------------------------------------

    def action_add(self) -> None:
        row = self.current
        if row is None:
            self.notify("Nothing to add here.", severity="warning")
            return

        def chosen(name: str | None) -> None:
            if name:
                type(self).last_list = name
                self._add(row, name)

        self.app.push_screen(ListPrompt(self.WHAT, self.last_list), chosen)

    @work(thread=True, group="discovery-write", exit_on_error=False, description="adding")
    def _add(self, row: Any, list_name: str) -> None:
        text = self.add_rows([row], list_name)
        self.app.call_from_thread(self.notify, text)
        self.post_message(LibraryChanged(None))

    def action_dismiss_row(self) -> None:
        row = self.current
        if row is None:
            self.notify("Nothing to dismiss here.", severity="warning")
            return
        self._dismiss(row)

    @work(thread=True, group="discovery-write", exit_on_error=False, description="dismissing")
    def _dismiss(self, row: Any) -> None:
        text = self.dismiss_rows([row])
        self.app.call_from_thread(self.notify, text)
        self.app.call_from_thread(self.load)

    def action_open(self) -> None:
        from paperdesk.fetch.browser import open_page

        row = self.current
        url = self.url(row) if row is not None else None
        if not url:
            self.notify("No page to open for this one.", severity="warning")
            return
        why = open_page(url)
        if why:
            self.app.copy_to_clipboard(url)
            self.notify(f"{url} (copied): cannot open a browser, {why}.", severity="warning")
        else:
            self.notify(f"Opened {url}.")

    def set_status(self, text: str) -> None:
        self.query_one(".disc--status", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)
