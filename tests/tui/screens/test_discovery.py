"""What the Feed and Suggestions screens share (``DiscoveryScreen``): rows read in a worker,
the selected row's details beside (below on a narrow terminal), ``a`` asking for a list (the
last one offered again), ``x`` dismissing, ``o`` opening a page (or copying its URL), a
re-read on every library change that keeps the cursor's row, and warnings when there is
nothing to act on.

A small subclass lists four seeded papers from a real SQLite library: adding puts the paper on
a list, dismissing drops it. It runs in a host app that, like the real one, turns
``LibraryChanged`` into its ``change`` attribute; notifications are read from ``notify``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from rich.text import Text
from textual.app import App
from textual.binding import BindingType
from textual.reactive import reactive
from textual.widgets import Input, Static

from paperdesk.library import Library
from paperdesk.services import papers
from paperdesk.services.detail import PaperDetail
from paperdesk.services.papers import paper_detail
from paperdesk.tui.jobs import Change, LibraryChanged
from paperdesk.tui.keys import Key, bindings, ranked_keys
from paperdesk.tui.screens.discovery import DiscoveryScreen, ListPrompt, cut, short_authors

pytestmark = pytest.mark.anyio
BAHDANAU, ATTENTION, BERT, GPT3 = "1409.0473", "1706.03762", "1810.04805", "2005.14165"
IDS = [BAHDANAU, ATTENTION, BERT, GPT3]


KEYS = ranked_keys("Move in the picks", "Add to a list", "Drop the paper", "Open its page")


class Picks(DiscoveryScreen):
    KEYS: ClassVar[tuple[Key, ...]] = KEYS
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)
    WHAT = "the paper"

    def title_text(self) -> str:
        return "Picks · four seeded papers"

    def columns(self, width: int) -> list[tuple[str, int]]:
        return [("title", width - 30), ("authors", 20)]

    def read(self) -> tuple[list[Any], str]:
        rows = [paper_detail(self.app.library, a) for a in IDS]
        kept = [d for d in rows if d.reading != "dropped"]
        return kept, f"{len(kept)} papers · a add · x dismiss · o open"

    def row_key(self, row: PaperDetail) -> str:
        return row.id

    def cells(self, row: PaperDetail) -> list[str]:
        return [row.title, short_authors(row.authors)]

    def details(self, row: PaperDetail) -> str:
        return f"{row.title}\n\non {', '.join(m.name for m in row.lists)}"

    def url(self, row: PaperDetail) -> str | None:
        return None if row.arxiv_id == BAHDANAU else row.url

    def add_rows(self, rows: list[Any], list_name: str) -> str:
        added = papers.add_papers(self.app.library, [r.arxiv_id for r in rows], list_name)
        return f"Added {added[0].id} to {list_name}."

    def dismiss_rows(self, rows: list[Any]) -> str:
        papers.mark(self.app.library, rows[0].id, "dropped")
        return f"Dismissed {rows[0].title}."


class Host(App[None]):
    change: reactive[Change] = reactive(Change(), init=False)

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.notes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(Picks())

    def on_library_changed(self, message: LibraryChanged) -> None:  # as PaperdeskApp's
        self.change = Change(self.change.serial + 1, message.key)

    def notify(self, message: str, **kw: Any) -> None:  # type: ignore[override]
        self.notes.append(message)
        super().notify(message, **kw)


@pytest.fixture(autouse=True)
def _first_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Picks, "last_list", "to-read")  # remembered per class: reset per test


async def ready(pilot: Any) -> Picks:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, Picks)
    return screen


def _text(screen: Picks, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _lists(lib: Library, ref: str) -> list[str]:
    return [m.name for m in paper_detail(lib, ref).lists]


def test_short_authors_and_cut_cells() -> None:
    assert short_authors([]) == ""
    assert short_authors(["Ashish Vaswani"]) == "Vaswani"
    assert short_authors(["Ashish Vaswani", "Noam Shazeer"]) == "Vaswani et al."
    assert short_authors(["John H. Lienhard V"]) == "Lienhard"
    assert short_authors(["Lienhard, John H."]) == "Lienhard"
    assert short_authors(["Laurens van der Maaten", "Geoffrey Hinton"]) == "van der Maaten et al."
    assert short_authors(["R Core Team"]) == "R Core Team"
    cell = cut("Attention Is All You Need")
    assert isinstance(cell, Text) and cell.no_wrap and cell.overflow == "ellipsis"


async def test_rows_details_beside_and_the_cursor_moves_them(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        assert _text(screen, ".disc--title") == "Picks · four seeded papers"
        assert screen.table.row_count == 4 and not screen.has_class("-narrow")
        assert screen.query_one(".disc--side").styles.width.value == 36  # type: ignore[union-attr]
        assert _text(screen, ".disc--status") == "4 papers · a add · x dismiss · o open"
        assert _text(screen, "#disc-details").startswith("Neural Machine Translation")
        assert str(screen.table.get_row_at(0)[1]) == "Bahdanau et al."
        await pilot.press("j", "j")
        assert screen.current is not None and screen.current.arxiv_id == BERT
        assert _text(screen, "#disc-details").startswith("BERT: Pre-training")
        assert _text(screen, "#disc-details").endswith("on transformers-core")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, Picks)


@pytest.mark.parametrize(("width", "narrow", "side"), [(80, True, None), (160, False, 48)])
async def test_the_details_go_below_on_a_narrow_terminal(
    lib: Library, width: int, narrow: bool, side: int | None
) -> None:
    app = Host(lib)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.has_class("-narrow") is narrow
        panel = screen.query_one(".disc--side")
        if side is not None:
            assert panel.styles.width.value == side  # type: ignore[union-attr]
        else:  # below the table, as wide as the screen
            assert panel.region.y > screen.table.region.y and panel.region.width == width
        assert screen.table.row_count == 4


async def test_a_adds_to_the_list_asked_for_and_offers_it_again(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "a")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ListPrompt)
        assert prompt.query_one(Input).value == "to-read"
        await pilot.press("escape")  # cancelled: nothing added
        await ready(pilot)
        assert app.notes == [] and "to-read" not in _lists(lib, ATTENTION)

        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = "weekend"
        await pilot.press("enter")
        await ready(pilot)
        assert app.notes[-1] == "Added vaswani2017attention to weekend."
        assert "weekend" in _lists(lib, ATTENTION)
        assert _text(screen, "#disc-details").endswith("on transformers-core, weekend")

        await pilot.press("j", "a")  # the list chosen last is offered
        await pilot.pause()
        assert app.screen.query_one(Input).value == "weekend"
        await pilot.press("enter")
        await ready(pilot)
    assert "weekend" in _lists(lib, BERT)


async def test_x_dismisses_and_the_cursor_keeps_its_row(lib: Library) -> None:
    app = Host(lib)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "x")  # BERT
        await ready(pilot)
        assert app.notes[-1].startswith("Dismissed BERT: Pre-training")
        assert paper_detail(lib, BERT).reading == "dropped"
        assert screen.table.row_count == 3
        assert _text(screen, ".disc--status").startswith("3 papers")
        # the next row takes the dismissed one's place under the cursor
        assert screen.current is not None and screen.current.arxiv_id == GPT3

        # a change made elsewhere: re-read, and GPT-3 stays under the cursor
        papers.mark(lib, BAHDANAU, "dropped")
        app.post_message(LibraryChanged(None))
        await ready(pilot)
        assert screen.table.row_count == 2
        assert screen.current is not None and screen.current.arxiv_id == GPT3


async def test_o_opens_the_page_or_copies_it_and_says_why(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = Host(lib)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("o")  # Bahdanau: no page here
        await pilot.pause()
        assert app.notes[-1] == "No page to open for this one."
        await pilot.press("j", "o")
        await pilot.pause()
        url = "https://arxiv.org/abs/1706.03762"
        assert app.notes[-1].startswith(f"{url} (copied): cannot open a browser, ")
        assert app.clipboard == url


async def test_with_no_rows_there_is_nothing_to_add_or_dismiss(lib: Library) -> None:
    for ref in IDS:
        papers.mark(lib, ref, "dropped")
    app = Host(lib)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.table.row_count == 0 and screen.current is None
        assert _text(screen, "#disc-details") == ""
        for key, said in (
            ("a", "Nothing to add here."),
            ("x", "Nothing to dismiss here."),
            ("o", "No page to open for this one."),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.notes[-1] == said and app.screen is screen
