"""The centre table: one line per paper, drawn with Textual's line API.

Textual's ``DataTable`` measures every cell of every new row, which takes over a second for a
10,000-paper library. Here only the visible lines are rendered, column widths are fixed (the
title takes what is left), so filling the table costs nothing beyond keeping a Python list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperdesk.presenter import row_markers
from paperdesk.printable import for_terminal

if TYPE_CHECKING:
    from paperdesk.services.listing import PaperRow


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int  # 0: takes the remaining width


COLUMNS: tuple[Column, ...] = (
    Column("stage", "stage", 18),
    Column("title", "title", 0),
    Column("year", "year", 4),
    Column("reading", "reading", 7),
    Column("replication", "repro", 10),  # "reproduced" is the longest state
    Column("markers", "PTI", 4),
)
MIN_TITLE = 16
STATE_CLASSES = {
    "reading": "papers-table--active",
    "running": "papers-table--active",
    "read": "papers-table--done",
    "reproduced": "papers-table--done",
    "unread": "papers-table--muted",
    "none": "papers-table--muted",
    "failed": "papers-table--bad",
    "dropped": "papers-table--muted",
}


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    text = for_terminal(text)  # a stored title may hold escape sequences
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class PapersTable(ScrollView, can_focus=True):
    """Rows are the :class:`~paperdesk.services.listing.PaperRow` of
    :func:`~paperdesk.services.listing.list_papers`, keyed by ``id``."""

    DEFAULT_CSS = """
    PapersTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        &:focus { background-tint: $foreground 5%; }
        & > .papers-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .papers-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .papers-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .papers-table--muted { color: $text-muted; }
        & > .papers-table--active { color: $text-accent; text-style: bold; }
        & > .papers-table--done { color: $text-success; }
        & > .papers-table--bad { color: $text-error; }
        & > .papers-table--empty { color: $text-muted; text-style: italic; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "papers-table--header",
        "papers-table--cursor",
        "papers-table--muted",
        "papers-table--active",
        "papers-table--done",
        "papers-table--bad",
        "papers-table--empty",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("left", "screen.focus_lists", "Lists", show=False),
        Binding("right", "screen.focus_table", "Table", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to another paper (or the table was refilled)."""

        def __init__(self, table: PapersTable, row: PaperRow | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> PapersTable:
            return self.table

    class Selected(Highlighted):
        """Enter (or a second click) on a paper."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[PaperRow] = []
        self.cursor = 0
        self.show_stage = False
        self.empty_text = "no papers here"
        self._index: dict[str, int] = {}
        self._columns_cache: tuple[tuple[int, bool], list[tuple[Column, int]]] | None = None
        self._styles: dict[str, Style] = {}

    # -- data -------------------------------------------------------------------------------

    def set_rows(
        self,
        rows: list[PaperRow],
        *,
        show_stage: bool,
        keep: str | None = None,
        empty_text: str = "no papers here",
    ) -> None:
        """Replace every row; keep the cursor on paper ``keep`` (else at the same index)."""
        self.rows = rows
        self.show_stage = show_stage
        self.empty_text = empty_text
        self._index = {r.id: i for i, r in enumerate(rows)}
        if keep is not None and keep in self._index:
            self.cursor = self._index[keep]
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows) + 1)
        self._scroll_cursor_into_view(animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def update_row(self, key: str, **changes: Any) -> None:
        if (i := self._index.get(key)) is not None:
            self.rows[i] = replace(self.rows[i], **changes)
            self.refresh()

    @property
    def current(self) -> PaperRow | None:
        return self.rows[self.cursor] if self.rows else None

    @property
    def current_key(self) -> str | None:
        return self.rows[self.cursor].id if self.rows else None

    def index_of(self, key: str) -> int | None:
        return self._index.get(key)

    def move_to(self, key: str, *, center: bool = False) -> bool:
        """Put the cursor on paper ``key`` if it is in the table (``center``: scrolled to the
        middle, as after a jump from a search hit)."""
        if (i := self._index.get(key)) is None:
            return False
        self._set_cursor(i)
        if center:
            visible = self.visible_rows
            self.scroll_to(y=max(0, i - visible // 2), animate=False, immediate=True)
        return True

    # -- movement ---------------------------------------------------------------------------

    def _set_cursor(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(index, len(self.rows) - 1))
        if index == self.cursor:
            return
        self.cursor = index
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    @property
    def visible_rows(self) -> int:
        """Rows that fit under the header (a horizontal scrollbar would hide the last one)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        visible = self.visible_rows
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=animate, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=animate, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * max(1, self.visible_rows - 1))

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.current))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self._set_cursor(index)

    def on_resize(self, event: Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self._scroll_cursor_into_view()

    # -- rendering --------------------------------------------------------------------------

    def columns(self) -> list[tuple[Column, int]]:
        """The visible columns with their widths for the current size."""
        width = self.scrollable_content_region.width
        key = (width, self.show_stage)
        if self._columns_cache is not None and self._columns_cache[0] == key:
            return self._columns_cache[1]
        self._columns_cache = (key, self._columns(width))
        return self._columns_cache[1]

    def _columns(self, width: int) -> list[tuple[Column, int]]:
        cols = [c for c in COLUMNS if c.key != "stage" or self.show_stage]
        fixed = sum(c.width for c in cols) + len(cols) - 1 + 2
        if self.show_stage and width - fixed < MIN_TITLE:  # narrow: the stage gives way
            cols = [c for c in cols if c.key != "stage"]
            fixed = sum(c.width for c in cols) + len(cols) - 1 + 2
        return [(c, c.width or max(MIN_TITLE, width - fixed)) for c in cols]

    @staticmethod
    def cell(row: PaperRow, key: str) -> str:
        if key == "markers":
            return row_markers(row)
        value = getattr(row, key)
        return "" if value is None else str(value)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        cols = self.columns()
        if y == 0:
            header = self._style("papers-table--header")
            text = " " + " ".join(fit(c.label, w) for c, w in cols) + " "
            return Strip([Segment(fit(text, width), base + header)], width)
        index = int(self.scroll_offset.y) + y - 1
        if not self.rows:
            if y == 1:
                empty = self._style("papers-table--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), base + empty)], width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        is_cursor = index == self.cursor
        if is_cursor:
            style = base + self._style("papers-table--cursor")
        segments = [Segment(" ", style)]
        used = 1
        for n, (col, w) in enumerate(cols):
            if n:
                segments.append(Segment(" ", style))
                used += 1
            value = self.cell(row, col.key)
            seg_style = style
            if not is_cursor and col.key in ("reading", "replication"):
                seg_style = style + self._state_style(value)
            segments.append(Segment(fit(value, w), seg_style))
            used += w
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments).crop(0, width)

    def _state_style(self, state: str) -> Style:
        cls = STATE_CLASSES.get(state)
        return self._style(cls) if cls else Style()

    def _style(self, component: str) -> Style:
        """A component class's style, cached until the styles (or the theme) change."""
        if (style := self._styles.get(component)) is None:
            style = self._styles[component] = self.get_component_rich_style(component)
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._styles.clear()  # the cursor looks different with and without focus
        self.refresh()

    def on_blur(self) -> None:
        self._styles.clear()
        self.refresh()
