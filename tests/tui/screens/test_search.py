"""The search and similar screens against a library indexed with the hash embedder."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from paperdesk.library import Library
from paperdesk.services.search import index_library
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.main import MainScreen
from paperdesk.tui.screens.search import SearchScreen, SimilarScreen, parse_year
from tests.tui.conftest import hash_embedder, key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def indexed(lib: Library) -> Library:
    index_library(lib, embedder=hash_embedder())
    return lib


async def test_attention_query_finds_the_transformer_first_and_jumps_to_it(
    indexed: Library,
) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"attention is all you need")  # results come when typing pauses
        await settle(pilot)
        hits = app.screen.hits_list.hits
        assert hits[0].key == key_of(indexed, "1706.03762")
        assert len({h.key for h in hits}) == len(hits)  # one row per paper
        text = screen_text(app)
        assert "Attention Is All You Need" in text and "hybrid" in text
        prompt = app.screen.hits_list.get_option_at_index(0).prompt
        assert any("reverse" in str(span.style) for span in prompt.spans)  # highlighted word
        await pilot.press("enter")  # from the query to the results
        await pilot.press("enter")  # jump
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.table.current_key == key_of(indexed, "1706.03762")


async def test_filters_narrow_the_results(indexed: Library) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        screen = app.screen
        screen.query_one("#search-list", Select).value = "long-context"
        screen.query_one("#search-query", Input).value = "attention transformer"
        await settle(pilot)
        keys = {h.key for h in screen.hits_list.hits}
        assert keys and keys <= {
            key_of(indexed, "1901.02860"),
            key_of(indexed, "1904.10509"),
            key_of(indexed, "2001.04451"),
            key_of(indexed, "2104.09864"),
        }
        screen.query_one("#search-mode", Select).value = "keyword"
        await settle(pilot)
        assert "keyword" in str(screen.query_one("#search-status").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_similar_papers(indexed: Library) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.table.move_to(key_of(indexed, "1706.03762"))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SimilarScreen)
        keys = [h.key for h in app.screen.hits_list.hits]
        assert keys and key_of(indexed, "1706.03762") not in keys
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.table.current_key == keys[0]


async def test_the_model_loads_in_the_background(indexed: Library) -> None:
    from paperdesk.tui.app import PaperdeskApp

    app = PaperdeskApp(indexed.settings)  # no embedder given: PAPERDESK_MODEL=hash-256 loads
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.embedder is None  # nothing loaded at start-up
        await pilot.press("slash", *"attention")
        await settle(pilot)
        assert app.embedder is not None and app.model_error is None and app.model == "ready"
        top = [h.key for h in app.screen.hits_list.hits[:3]]  # Luong's summary says it more
        assert key_of(indexed, "1706.03762") in top
        from paperdesk.tui.widgets.status import JobsBar

        assert not app.main.query_one(JobsBar).has_class("-busy")  # the model line is gone


async def test_indexing_from_the_command_palette_runs_as_a_job(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not any(r.indexed for r in app.main.table.rows)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title.startswith("Index for search")
        )
        command.callback()
        await settle(pilot)
        assert any("index is up to date" in n.message for n in app.notices)
        assert all(r.indexed for r in app.main.table.rows)
        assert "··I" in screen_text(app)


async def test_replication_and_year_filters_narrow_the_results(indexed: Library) -> None:
    from paperdesk.services import papers

    papers.mark(indexed, "1706.03762", "planned")
    app = make_app(indexed.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"attention")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        everything = {h.key for h in screen.hits_list.hits}
        assert len(everything) > 1
        screen.query_one("#search-replication", Select).value = "planned"
        await settle(pilot)
        assert [h.key for h in screen.hits_list.hits] == [key_of(indexed, "1706.03762")]
        screen.query_one("#search-replication", Select).value = ""
        screen.query_one("#search-year", Input).value = "2017"
        await settle(pilot)
        hits = screen.hits_list.hits
        assert key_of(indexed, "1706.03762") in {h.key for h in hits}
        assert {h.year for h in hits} == {2017}
        screen.query_one("#search-year", Input).value = ""  # cleared: no year filter again
        await settle(pilot)
        assert {h.key for h in screen.hits_list.hits} == everything


async def test_a_bad_year_shows_a_hint_and_is_ignored(indexed: Library) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"attention")
        await settle(pilot)
        screen = app.screen
        everything = [h.key for h in screen.hits_list.hits]
        hint = screen.query_one("#search-year-hint")
        assert not hint.display
        year = screen.query_one("#search-year", Input)
        year.focus()
        await pilot.press(*"20x")  # typed, as a person would
        await settle(pilot)
        assert year.value == "20x" and year.has_class("-invalid")
        assert hint.display and "four digits" in screen_text(app)
        assert [h.key for h in screen.hits_list.hits] == everything
        for bad in ("17", "abcd", "٢٠١٧x", " "):
            year.value = bad
            await settle(pilot)
            assert [h.key for h in screen.hits_list.hits] == everything
        year.value = "2017"
        await settle(pilot)
        assert not hint.display and not year.has_class("-invalid")
        assert {h.year for h in screen.hits_list.hits} == {2017}
        await pilot.press("enter")  # submitting the year searches and moves to the results
        await settle(pilot)
        assert screen.focused is screen.hits_list


def test_parse_year() -> None:
    assert parse_year("") == (None, "")
    assert parse_year(" 2017 ") == (2017, "")
    for bad in ("17", "20170", "20x7", "-201", "2o17"):
        year, hint = parse_year(bad)
        assert year is None and "four digits" in hint


async def test_filters_fit_at_80_by_24(indexed: Library) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"attention")
        await settle(pilot)
        screen = app.screen
        ids = ("query", "year", "mode", "list", "reading", "replication")
        for name in ids:
            region = screen.query_one(f"#search-{name}").region
            assert region.width >= 10 and region.height == 3, name
            assert region.right <= 80 and region.bottom <= 24, name
        hits = screen.hits_list
        assert hits.region.height >= 10 and hits.region.bottom <= 24
        assert hits.hits and "Attention Is All You Need" in screen_text(app)
        text = screen_text(app)
        assert "hybrid" in text and "all lists" in text and "year" in text
        screen.query_one("#search-year", Input).value = "19"  # the hint still leaves room
        await settle(pilot)
        assert "four digits" in screen_text(app)
        assert screen.hits_list.region.height >= 9


async def test_enter_on_a_full_text_hit_opens_the_reading_view_at_its_passage(
    lib: Library, tmp_path
) -> None:
    from paperdesk.services import search as service
    from paperdesk.services.attach import attach_pdf
    from paperdesk.tui.screens.reader import ReaderScreen
    from tests.parse.pdfs import build_paper

    built = build_paper(tmp_path / "synthetic.pdf", paragraphs=4, per_paragraph=8)
    attach_pdf(lib, built.path, ref="1706.03762", force=True)
    service.index_library(lib, embedder=hash_embedder())
    key = key_of(lib, "1706.03762")
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"S017")  # a sentence marker of the made-up paper's body
        await settle(pilot)
        hit = app.screen.hits_list.hits[0]
        assert hit.key == key and hit.kind == "body"
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await settle(pilot)
        view = app.screen.text  # the passages, the cursor on the hit's passage
        assert view.paper is not None
        assert view.paper.passages[view.cursor].id == hit.passage_id
        await pilot.pause(KEY_GUARD + 0.1)  # keys right behind the closing search are dropped
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.table.current_key == key


async def test_nothing_embedded_says_keyword_matches_only(lib: Library) -> None:
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"low-rank adapters")
        await settle(pilot)
        assert app.screen.hits_list.hits  # LoRA, by its words
        text = screen_text(app)
        assert "· keyword (nothing is embedded yet, so these are keyword matches only)" in text
        assert "hybrid ·" not in text


async def test_weak_hits_say_so(indexed: Library) -> None:
    app = make_app(indexed.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.query_one("#search-query", Input).value = "zzqx vvbnm"
        await settle(pilot)
        assert app.screen.hits_list.hits and all(h.weak for h in app.screen.hits_list.hits)
        assert "weak: nothing has these words" in screen_text(app)
