"""The left panel: "All papers", "Reading now", each reading list with its two progress bars
(read / total, reproduced / planned) and, when it has a study plan, how the plan is going
(``plan  3/wk · behind 2``), and one entry per tag.

One ``OptionList`` whose entries are Rich renderables: a widget per bar would mean a dozen
widgets per list, and styling hundreds of widgets is most of a slow start. The bars take their
colours from the panel's component classes, so they follow the theme.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from paperdesk.tui.data import ALL, READING, Sidebar, View

if TYPE_CHECKING:
    from paperdesk.services.plans import PlanStatus

BAR_STYLES = ("lists-panel--bar-done", "lists-panel--bar-todo", "lists-panel--bar-label")
PLAN_STYLES = ("lists-panel--plan", "lists-panel--plan-behind")


class CountBar:
    """``read  ━━━━━━━━━━━╺━━━━━━━  3/8``, as wide as it is given."""

    def __init__(
        self, label: str, done: int, total: int, styles: tuple[Style, Style, Style]
    ) -> None:
        self.label, self.done, self.total = label, done, total
        self.done_style, self.todo_style, self.label_style = styles

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        numbers = f" {self.done}/{self.total}"
        label = f"{self.label:<6}"  # "read" and "repro" stay whole: the bar gives way
        width = max(1, options.max_width - len(label) - len(numbers))
        filled = round(width * self.done / self.total) if self.total else 0
        filled = min(width, max(filled, 1 if self.done else 0))
        yield Segment(label, self.label_style)
        yield Segment("━" * filled, self.done_style)
        yield Segment("━" * (width - filled), self.todo_style)
        yield Segment(numbers, self.label_style)
        yield Segment.line()


class PlanLine:
    """``plan  3/wk · behind 2 · 2 due`` (this week), shortened to fit (``plan  3/wk · behind
    2``, ``3/wk · behind 2``, then ``behind 2``); the status in the warning colour when the
    plan is behind."""

    def __init__(self, plan: PlanStatus, label: Style, plain: Style, behind: Style) -> None:
        self.plan, self.label = plan, label
        self.style = behind if plan.behind > 0 and not plan.finished else plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        pace, status = f"{self.plan.pace}/wk · ", self.plan.short
        due = len(self.plan.due_this_week)
        if due and 6 + len(pace) + len(status) + len(f" · {due} due") <= width:
            status += f" · {due} due"  # this week
        if len(status) > width:
            status = status[: max(0, width - 1)] + "…"
        if 6 + len(pace) + len(status) <= width:
            yield Segment(f"{'plan':<6}", self.label)
        if len(pace) + len(status) <= width:
            yield Segment(pace, self.style)
        yield Segment(status, self.style)
        yield Segment.line()


def _count_line(title: str, count: int) -> Table:
    """``All papers ........ 53``: the title left, the count right."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", style="dim")
    grid.add_row(title, str(count))
    return grid


class ListsPanel(Widget):
    """Posts :class:`ListsPanel.Chosen` when the highlighted entry changes."""

    DEFAULT_CSS = """
    ListsPanel { width: 32; height: 1fr; background: $panel; }
    ListsPanel > .lists-panel--heading { padding: 0 1; color: $text-muted; text-style: bold; }
    ListsPanel > OptionList { height: 1fr; border: none; padding: 0 1;
                              background: transparent; }
    ListsPanel > OptionList:focus { border: none; }
    ListsPanel > .lists-panel--bar-done { color: $success; }
    ListsPanel > .lists-panel--bar-todo { color: $foreground 15%; }
    ListsPanel > .lists-panel--bar-label { color: $text-muted; }
    ListsPanel > .lists-panel--plan { color: $text-muted; }
    ListsPanel > .lists-panel--plan-behind { color: $warning; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {*BAR_STYLES, *PLAN_STYLES}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "list_cursor(-1)", "Up", show=False),
        Binding("j", "list_cursor(1)", "Down", show=False),
        Binding("g", "list_cursor(-100000)", "First", show=False),
        Binding("G", "list_cursor(100000)", "Last", show=False),
    ]

    class Chosen(Message):
        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self, sidebar: Sidebar | None = None, *, select: View = ALL, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.sidebar = sidebar or Sidebar()
        self.current: View = select
        self._views: list[View] = []
        self.plans: dict[str, PlanStatus] = {}  # list name → how its plan is going

    def compose(self) -> ComposeResult:
        yield Label("Lists", classes="lists-panel--heading")
        yield OptionList()

    def on_mount(self) -> None:
        self.show(self.sidebar)
        self.watch(self.app, "theme", lambda _: self.show(self.sidebar), init=False)
        self.watch(self.app, "change", lambda _: self.load_plans(), init=False)  # type: ignore[arg-type]
        self.call_after_refresh(self.load_plans)  # after the first paint: it needs no plans

    @work(exclusive=True, group="lists-plans", exit_on_error=False, description="plans")
    async def load_plans(self) -> None:
        """How each plan is going, re-read on every change (a paper read moves its plan)."""
        from paperdesk.tui.plan_marks import plan_marks

        marks = await asyncio.to_thread(plan_marks, self.app)
        if marks.plans != self.plans:
            self.plans = marks.plans
            self.show(self.sidebar)

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def _bar_styles(self) -> tuple[Style, Style, Style]:
        """Foreground colours only: the option's own background (highlight) shows through."""
        done, todo, label = (
            Style(color=self.get_component_rich_style(c).color) for c in BAR_STYLES
        )
        return done, todo, label

    def _prompts(self, sidebar: Sidebar) -> Iterable[tuple[View, Any]]:
        styles = self._bar_styles()
        plan_plain, plan_behind = (
            Style(color=self.get_component_rich_style(c).color) for c in PLAN_STYLES
        )
        yield ALL, _count_line("All papers", sidebar.total)
        yield READING, _count_line("Reading now", sidebar.reading)
        for s in sidebar.lists:
            title = Text(s.title or s.name, style="bold", no_wrap=True, overflow="ellipsis")
            lines: list[Any] = [
                title,
                CountBar("read", s.read, s.total, styles),
                CountBar("repro", s.reproduced, s.replication_planned, styles),
            ]
            if (plan := self.plans.get(s.name)) is not None:
                lines.append(PlanLine(plan, styles[2], plan_plain, plan_behind))
            yield View("list", s.name), Group(*lines)
        for name, n in sidebar.tags:
            yield View("tag", name), _count_line(f"#{name}", n)

    def show(self, sidebar: Sidebar, select: View | None = None) -> None:
        """Show ``sidebar``'s entries and counts, keeping (or moving to) the selected entry."""
        self.sidebar = sidebar
        target = select or self.current
        entries = list(self._prompts(sidebar))
        self._views = [v for v, _ in entries]
        options = self.options
        with self.app.batch_update():
            options.clear_options()
            options.add_options([Option(prompt, id=v.key) for v, prompt in entries])
            self.current = target if target in self._views else ALL
            options.highlighted = self._views.index(self.current)
        options.scroll_to_highlight()

    def select(self, view: View) -> None:
        if view in self._views:
            self.options.highlighted = self._views.index(view)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self._views) and self._views[index] != self.current:
            self.current = self._views[index]
            self.post_message(self.Chosen(self.current))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._views):
            self.current = self._views[event.option_index]
            self.post_message(self.Chosen(self.current))

    def action_list_cursor(self, delta: int) -> None:
        if abs(delta) > 1:  # g, G: the first or the last entry, as Home and End
            (self.options.action_first if delta < 0 else self.options.action_last)()
        elif delta < 0:
            self.options.action_cursor_up()
        else:
            self.options.action_cursor_down()
