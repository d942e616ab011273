"""The left panel: "All papers", "Reading now", each reading list with its two progress bars
(read / total, reproduced / planned), and one entry per tag."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, ListItem, ListView, ProgressBar

from paperdesk.tui.data import ALL, READING, Sidebar, View


class CountBar(Horizontal):
    """``read ████░░░░ 3/8``: a labelled progress bar with its numbers."""

    DEFAULT_CSS = """
    CountBar { height: 1; width: 1fr; }
    CountBar > .count-bar--label { width: 6; color: $text-muted; }
    CountBar > ProgressBar { width: 1fr; }
    CountBar > ProgressBar > Bar { width: 1fr; }
    CountBar > .count-bar--numbers { width: auto; min-width: 5; padding-left: 1;
                                     text-align: right; }
    """

    def __init__(self, label: str, done: int, total: int) -> None:
        super().__init__()
        self._label, self._done, self._total = label, done, total

    def compose(self) -> ComposeResult:
        yield Label(self._label, classes="count-bar--label")
        yield ProgressBar(total=max(self._total, 1), show_eta=False, show_percentage=False)
        yield Label(self.numbers(), classes="count-bar--numbers")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).progress = self._done

    def numbers(self) -> str:
        return f"{self._done}/{self._total}"

    def set(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        if not self.is_mounted:
            return
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one(".count-bar--numbers", Label).update(self.numbers())


class ViewItem(ListItem):
    """One selectable entry of the panel."""

    DEFAULT_CSS = """
    ViewItem { padding: 0 1; height: auto; }
    ViewItem > Horizontal { height: 1; }
    ViewItem .view-item--title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    ViewItem .view-item--count { width: auto; color: $text-muted; }
    ViewItem.-list { padding: 0 1; }
    ViewItem.-list .view-item--title { text-style: bold; }
    """

    def __init__(self, view: View, title: str, count: int | None = None,
                 summary: dict[str, Any] | None = None) -> None:
        super().__init__(classes="-list" if summary else "")
        self.view = view
        self._title = title
        self._count = count
        self._summary = summary

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self._title, classes="view-item--title")
            if self._count is not None:
                yield Label(str(self._count), classes="view-item--count")
        if self._summary is not None:
            s = self._summary
            yield CountBar("read", s["read"], s["total"])
            yield CountBar("repro", s["reproduced"], s["replication_planned"])

    def update_counts(self, count: int | None, summary: dict[str, Any] | None) -> None:
        if count is not None and self._count is not None:
            self._count = count
            self.query_one(".view-item--count", Label).update(str(count))
        if summary is not None and self._summary is not None:
            self._summary = summary
            read, repro = self.query(CountBar)
            read.set(summary["read"], summary["total"])
            repro.set(summary["reproduced"], summary["replication_planned"])


def _items(sidebar: Sidebar) -> list[ViewItem]:
    items = [ViewItem(ALL, "All papers", sidebar.total),
             ViewItem(READING, "Reading now", sidebar.reading)]
    items += [ViewItem(View("list", s["name"]), s["title"] or s["name"], summary=s)
              for s in sidebar.lists]
    items += [ViewItem(View("tag", name), f"#{name}", n) for name, n in sidebar.tags]
    return items


class ListsPanel(Widget):
    """Posts :class:`ListsPanel.Chosen` when the highlighted entry changes."""

    DEFAULT_CSS = """
    ListsPanel { width: 32; height: 1fr; background: $panel; }
    ListsPanel > .lists-panel--heading { padding: 0 1; color: $text-muted; text-style: bold; }
    ListsPanel > ListView { height: 1fr; background: transparent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "list_cursor(-1)", "Up", show=False),
        Binding("j", "list_cursor(1)", "Down", show=False),
    ]

    class Chosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(self, sidebar: Sidebar | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sidebar = sidebar or Sidebar()
        self.current: View = ALL

    def compose(self) -> ComposeResult:
        yield Label("Lists", classes="lists-panel--heading")
        yield ListView(*_items(self.sidebar), initial_index=0)

    @property
    def list_view(self) -> ListView:
        return self.query_one(ListView)

    def show(self, sidebar: Sidebar, select: View | None = None) -> None:
        """Fill the panel (first time, or when lists or tags came or went)."""
        old = self.sidebar
        self.sidebar = sidebar
        target = select or self.current
        lv = self.list_view
        if old.views() == sidebar.views() and len(lv.children) == len(sidebar.views()):
            counts = [sidebar.total, sidebar.reading]
            summaries = {s["name"]: s for s in sidebar.lists}
            tags = dict(sidebar.tags)
            for n, item in enumerate(lv.query(ViewItem)):
                v = item.view
                if v.kind == "list":
                    item.update_counts(None, summaries.get(v.name or ""))
                elif v.kind == "tag":
                    item.update_counts(tags.get(v.name or "", 0), None)
                else:
                    item.update_counts(counts[n], None)
            return
        lv.clear()
        items = _items(sidebar)
        lv.extend(items)
        views = sidebar.views()
        self.current = target if target in views else ALL
        lv.index = views.index(self.current)

    def select(self, view: View) -> None:
        views = self.sidebar.views()
        if view in views:
            self.list_view.index = views.index(view)

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        event.stop()
        item = event.item
        if isinstance(item, ViewItem) and item.view != self.current:
            self.current = item.view
            self.post_message(self.Chosen(item.view))

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, ViewItem):
            self.current = event.item.view
            self.post_message(self.Chosen(event.item.view))

    def action_list_cursor(self, delta: int) -> None:
        if delta < 0:
            self.list_view.action_cursor_up()
        else:
            self.list_view.action_cursor_down()
