"""The reading view's text: one block per passage (its page beside it, a heading where a
section starts), a cursor on one passage, and the matches of a search highlighted.

Captions and references are styled apart from the body text; a passage kind the widget does
not know is shown as body text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from paperdesk.services.reading import Match, PaperText, ReadPassage

KIND_LABELS = {"caption": "caption", "refs": "references", "toc": "contents", "ack": "thanks"}
MATCH_STYLE = "on #5f5f00"
CURRENT_MATCH_STYLE = "bold black on #ffd700"
PAGE_STEP = 5  # passages moved by page up / page down


def passage_text(
    passage: ReadPassage,
    heading: str | None,
    spans: list[tuple[int, int]],
    current: tuple[int, int] | None,
) -> Text:
    """A passage as shown: heading (where its section starts), page and kind, then the text
    with ``spans`` highlighted (``current`` the most)."""
    out = Text()
    if heading:
        out.append(heading + "\n", style="bold")
    meta = passage.pages or "page ?"
    if label := KIND_LABELS.get(passage.kind):
        meta += f" · {label}"
    out.append(meta + "\n", style="dim")
    body = Text(passage.text)
    for start, end in spans:
        body.stylize(CURRENT_MATCH_STYLE if (start, end) == current else MATCH_STYLE, start, end)
    out.append_text(body)
    return out


class PassageBlock(Static):
    """One passage; clicking it puts the cursor there."""

    DEFAULT_CSS = """
    PassageBlock { padding: 0 1; margin-bottom: 1; border-left: blank; }
    PassageBlock.-cursor { border-left: thick $accent; background: $boost; }
    PassageBlock.-caption { color: $text-muted; text-style: italic; }
    PassageBlock.-refs, PassageBlock.-toc, PassageBlock.-ack { color: $text-muted; }
    """

    def __init__(self, index: int, kind: str) -> None:
        super().__init__(markup=False, classes=f"-{kind}" if kind in KIND_LABELS else "")
        self.index = index
        self.shown = Text()  # what update() was last given (tests read its spans)

    def on_click(self, event: events.Click) -> None:
        self.post_message(PassageView.Clicked(self.index))


class PassageView(VerticalScroll, can_focus=True):
    """The passages of one paper; ``cursor`` is the index of the selected one."""

    DEFAULT_CSS = """
    PassageView { padding: 0 1 0 0; }
    PassageView:focus PassageBlock.-cursor { border-left: thick $accent-lighten-1; }
    PassageView > .reader--empty { color: $text-muted; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", f"move(-{PAGE_STEP})", "Page up", show=False),
        Binding("pagedown", f"move({PAGE_STEP})", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class Moved(Message):
        """The cursor is on another passage."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper: PaperText | None = None
        self.spans: dict[int, list[tuple[int, int]]] = {}
        self.current: Match | None = None
        self._headings: dict[int, str] = {}
        self._scroll_top = False  # the next cursor move puts the passage at the top
        self._match_scroll = False  # show_match's scroll is queued

    @property
    def blocks(self) -> list[PassageBlock]:
        return list(self.query(PassageBlock))

    async def show(self, paper: PaperText, at: int = 0) -> None:
        """Show ``paper`` (or its problem) with the cursor on passage ``at``."""
        self.paper = paper
        self.spans, self.current = {}, None
        self._headings = {}
        for entry in paper.outline:
            self._headings.setdefault(entry.first, entry.label)
        await self.remove_children()
        if paper.problem:
            await self.mount(Static(paper.problem, markup=False, classes="reader--empty"))
            return
        blocks = [PassageBlock(i, p.kind) for i, p in enumerate(paper.passages)]
        await self.mount_all(blocks)
        for block in blocks:
            self._render_block(block)
        self.set_reactive(PassageView.cursor, max(0, min(at, len(blocks) - 1)))
        self._mark_cursor(None, self.cursor)
        self.call_after_refresh(self.scroll_to_cursor, top=True)

    def _render_block(self, block: PassageBlock) -> None:
        assert self.paper is not None
        i = block.index
        current = None
        if self.current is not None and self.current.passage == i:
            current = (self.current.start, self.current.end)
        passage = self.paper.passages[i]
        block.shown = passage_text(passage, self._headings.get(i), self.spans.get(i, []), current)
        block.update(block.shown)

    def highlight(self, matches: list[Match], current: Match | None) -> None:
        """Highlight ``matches`` (``current`` the most); only blocks that change are redrawn."""
        spans: dict[int, list[tuple[int, int]]] = {}
        for m in matches:
            spans.setdefault(m.passage, []).append((m.start, m.end))
        dirty = set(spans) | set(self.spans)
        for hit in (current, self.current):
            if hit is not None:
                dirty.add(hit.passage)
        self.spans, self.current = spans, current
        blocks = self.blocks
        for i in sorted(dirty):
            if i < len(blocks):
                self._render_block(blocks[i])

    def show_match(self, match: Match, *, third: bool = False) -> None:
        """Put the cursor on the match's passage and scroll the match's line into view (a
        passage can be taller than the view): centred, or a third of the way down (``third``:
        a search hit, read from the top with its words in sight)."""
        self._match_scroll = True  # the cursor's own scrolls give way to this one
        self.go(match.passage)
        self.call_after_refresh(self._scroll_to_match, match, third)

    def _scroll_to_match(self, match: Match, third: bool = False, tries: int = 3) -> None:
        self._match_scroll = False
        blocks = self.blocks
        if self.paper is None or match.passage >= len(blocks):
            return
        block = blocks[match.passage]
        text = self.paper.passages[match.passage].text
        head = 2 if match.passage in self._headings else 1  # heading and page lines
        body = max(1, block.content_region.height - head)
        line = head + int(body * match.start / max(1, len(text)))
        region = block.virtual_region
        # immediate: the layout is done (after a refresh); a deferred scroll could land after
        # a cursor scroll still queued from the paper's first show, and lose to it
        if third:
            y = max(0, region.y + line - self.size.height // 3)
            if tries > 1 and y != round(self.scroll_target_y):
                # scrolling can bring in the scroll bar, which narrows the text and re-wraps
                # the passages above: look again once that layout is done
                self.call_after_refresh(self._scroll_to_match, match, third, tries - 1)
            self.scroll_to(y=y, animate=False, immediate=True)
            return
        self.scroll_to_region(
            Region(region.x, region.y + line, region.width, 1), animate=False, center=True
        )

    # -- the cursor ------------------------------------------------------------------------------

    def _count(self) -> int:
        return len(self.paper.passages) if self.paper and not self.paper.problem else 0

    def go(self, index: int, *, top: bool = False) -> None:
        """Put the cursor on passage ``index`` (clamped) and scroll it into view."""
        n = self._count()
        if not n:
            return
        index = max(0, min(index, n - 1))
        if index == self.cursor:
            self.scroll_to_cursor(top=top)
            return
        self._scroll_top = top
        self.cursor = index

    def watch_cursor(self, old: int, new: int) -> None:
        self._mark_cursor(old, new)
        self.scroll_to_cursor(top=self._scroll_top)
        self._scroll_top = False
        self.post_message(self.Moved(new))

    def _mark_cursor(self, old: int | None, new: int) -> None:
        blocks = self.blocks
        if old is not None and old < len(blocks):
            blocks[old].remove_class("-cursor")
        if new < len(blocks):
            blocks[new].add_class("-cursor")

    def scroll_to_cursor(self, *, top: bool = False) -> None:
        if self._match_scroll:
            return  # a match's scroll is queued: it puts the cursor's passage in view itself
        blocks = self.blocks
        if self.cursor < len(blocks):
            self.scroll_to_widget(blocks[self.cursor], animate=False, top=top)

    def action_move(self, delta: int) -> None:
        self.go(self.cursor + delta)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(self._count() - 1)

    def on_passage_view_clicked(self, event: Clicked) -> None:
        event.stop()
        self.focus()
        self.go(event.index)
