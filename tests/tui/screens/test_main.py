"""The main screen: first paint from the fast path, moving, filtering, changing states."""

from __future__ import annotations

import threading

import pytest

from paperdesk.library import Library
from paperdesk.services.papers import paper_detail
from paperdesk.tui.data import READING, View
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.pickers import StatePicker
from tests.conftest import seed
from tests.tui.conftest import key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_first_paint_shows_lists_and_papers(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        # Filled synchronously from the fast read path, before the first paint.
        assert main.initial_rows is not None and len(main.table.rows) == seed().papers
        await settle(pilot)
        text = screen_text(app)
        assert "All papers" in text and "Transformers from the" in text
        assert "read  " in text and "0/8" in text
        assert main.detail_pane.detail is not None  # the full record loaded in a worker
        assert app.library is not None


async def test_moving_and_choosing_a_list(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main
        first = main.table.current_key
        await pilot.press("j", "j", "down")
        assert main.table.cursor == 3
        await pilot.press("k")
        assert main.table.cursor == 2 and main.table.current_key != first
        main.lists_panel.select(View("list", "transformers-core"))
        await settle(pilot)
        assert main.view == View("list", "transformers-core")
        assert [r.id for r in main.table.rows][:3] == [
            key_of(lib, "1409.0473"),
            key_of(lib, "1508.04025"),
            key_of(lib, "1706.03762"),
        ]
        assert "2. The Transformer" in screen_text(app)  # the stage column of a list view
        await pilot.press("G")
        assert main.table.current_key == key_of(lib, "2005.14165")
        # the lists panel by keyboard: left, move, right
        await pilot.press("left")
        assert app.focused is main.lists_panel.options
        await pilot.press("home", "j")
        await settle(pilot)
        assert main.view == READING and main.table.rows == []
        assert "nothing in progress" in screen_text(app)
        await pilot.press("right")
        assert app.focused is main.table


async def test_reading_state_picker_marks_the_paper(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.table.move_to(key_of(lib, "1706.03762"))
        await settle(pilot)
        await pilot.press("r")
        assert isinstance(app.screen, StatePicker)
        await pilot.press("3")  # reading
        await settle(pilot)
        assert paper_detail(lib, "1706.03762").reading == "reading"
        assert main.table.current.reading == "reading"
        assert main.lists_panel.sidebar.reading == 1
        # the "Reading now" view shows it
        main.lists_panel.select(READING)
        await settle(pilot)
        assert [r.id for r in main.table.rows] == [key_of(lib, "1706.03762")]
        # escape leaves the picker without a change
        await pilot.press("r")
        await pilot.press("escape")
        await settle(pilot)
        assert paper_detail(lib, "1706.03762").reading == "reading"


async def test_replication_key_opens_the_replication_screen(lib: Library) -> None:
    from paperdesk.tui.screens.replication import ReplicationScreen

    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.table.move_to(key_of(lib, "1706.03762"))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReplicationScreen)
        app.screen.dismiss(None)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_tags_become_filters(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.table.move_to(key_of(lib, "1810.04805"))
        await settle(pilot)
        await pilot.press("t")
        await pilot.press(*"encoder", "enter")
        await settle(pilot)
        assert paper_detail(lib, "1810.04805").tags == ["encoder"]
        assert app.main.lists_panel.sidebar.tags == [("encoder", 1)]
        app.main.lists_panel.select(View("tag", "encoder"))
        await settle(pilot)
        assert [r.id for r in app.main.table.rows] == [key_of(lib, "1810.04805")]


async def test_usable_at_80x24_and_160x48(lib: Library) -> None:
    for size, klass in (((80, 24), "-narrow"), ((160, 48), "-wide")):
        app = make_app(lib.settings)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.main.has_class(klass)
            text = screen_text(app)
            assert "All papers" in text and "SQuAD" in text and "Reading" in text
            table = app.main.table
            assert table.size.width >= 40
            title_width = dict((c.key, w) for c, w in table.columns())["title"]
            assert title_width >= 16


async def test_empty_home_opens_the_library_in_a_worker(settings) -> None:  # type: ignore[no-untyped-def]
    app = make_app(settings)  # no database yet: no fast path
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.main.initial_rows is None
        await settle(pilot)
        assert len(app.main.table.rows) == seed().papers


async def test_quit_key(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


class Gate:
    """Holds the main screen's row reads (``load_rows``, in the reload's thread) until opened,
    so that a test can act while a reload is on its way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import paperdesk.tui.screens.main as main_module

        self.started = threading.Event()
        self.open = threading.Event()
        real = main_module.load_rows

        def held(reader, view):  # type: ignore[no-untyped-def]
            self.started.set()
            self.open.wait(10)
            return real(reader, view)

        monkeypatch.setattr(main_module, "load_rows", held)

    async def reading(self, pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(500):
            if self.started.is_set():
                return
            await pilot.pause(0.01)
        raise AssertionError("the reload did not start reading")


async def test_a_move_made_while_a_reload_reads_is_kept(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.main.table
        gate = Gate(monkeypatch)
        app.main.reload(sidebar=True)  # as after a write by another process
        await gate.reading(pilot)
        await pilot.press("j", "j")
        moved = table.current_key
        assert table.cursor == 2
        gate.open.set()
        await settle(pilot)
        assert table.current_key == moved and table.cursor == 2
        row = app.main.detail_pane.row
        assert row is not None and row.id == moved


async def test_a_newer_reload_keeps_what_the_older_one_asked_for(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view change (cursor to the top, same counts) superseded by a write elsewhere (counts
    again, cursor stays): the rows are read once more, and the cursor still goes to the top."""
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main, table = app.main, app.main.table
        await pilot.press("j", "j", "j")
        gate = Gate(monkeypatch)
        main.reload(sidebar=False, top=True)
        await gate.reading(pilot)
        await pilot.press("j")
        main.reload(sidebar=True)
        gate.open.set()
        await settle(pilot)
        assert table.cursor == 0
        row = main.detail_pane.row
        assert row is not None and row.id == table.current_key
