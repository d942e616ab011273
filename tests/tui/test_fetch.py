"""Fetching in a worker against a local arXiv while the table keeps responding."""

from __future__ import annotations

import asyncio

import pytest

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services.papers import paper_detail
from paperdesk.tui.data import View
from paperdesk.tui.widgets.status import JobLine, JobsBar
from tests.conftest import seed
from tests.tui.conftest import ATTENTION_ID, LocalArxiv, key_of, make_app, screen_text, settle

pytestmark = pytest.mark.anyio


async def test_fetch_runs_in_the_background_while_the_table_responds(
    lib: Library, local_arxiv: LocalArxiv
) -> None:
    settings = load_settings()  # now pointing at the local arXiv
    assert settings.arxiv_api_url.startswith(local_arxiv.url)
    local_arxiv.release_pdf.clear()  # hold the PDF download until the table was used
    app = make_app(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.main.table
        assert table.move_to(key_of(lib, ATTENTION_ID))
        await pilot.press("f")
        for _ in range(1000):  # the worker reached the PDF download
            if local_arxiv.pdf_requested.is_set():
                break
            await asyncio.sleep(0.02)
        assert local_arxiv.pdf_requested.is_set()
        bar = app.main.query_one(JobsBar)
        assert bar.has_class("-busy") and len(bar.query(JobLine)) == 1
        where = table.cursor
        await pilot.press("j", "j", "k")  # the UI is not blocked by the download
        assert table.cursor == where + 1
        assert f"fetch {key_of(lib, ATTENTION_ID)}" in screen_text(app)
        local_arxiv.release_pdf.set()
        await settle(pilot)
        assert not bar.has_class("-busy")
        assert any("1 fetched" in n.message for n in app.notices), [n.message for n in app.notices]
        row = table.rows[table.index_of(key_of(lib, ATTENTION_ID))]
        assert row.pdf is True and row.version == 7
        # then parse it: a job too
        parse = next(
            c for c in app.get_system_commands(app.screen) if c.title.startswith("Parse PDFs")
        )
        parse.callback()
        await settle(pilot, timeout=60)
        assert any(n.message.startswith("Parse all papers: 1 parsed") for n in app.notices), [
            n.message for n in app.notices
        ]
        assert table.rows[table.index_of(key_of(lib, ATTENTION_ID))].parsed is True
    detail = paper_detail(lib, ATTENTION_ID)
    assert detail.pdf_version == 7 and detail.authors[0] == "Ashish Vaswani"


async def test_a_fetch_embeds_what_it_brought_in(
    lib: Library, local_arxiv: LocalArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As 'paperdesk fetch' does (auto-index on): the abstract is searchable by meaning."""
    monkeypatch.setenv("PAPERDESK_AUTO_INDEX", "1")
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-256")
    app = make_app(load_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.main.table
        assert table.move_to(key_of(lib, ATTENTION_ID))
        await pilot.press("f")
        await settle(pilot, timeout=60)
        fetched = next(n.message for n in app.notices if "1 fetched" in n.message)
        # nothing was indexed before: the titles of the library, and the new abstract
        done = f"\nIndexed {seed().papers} new passages: search finds them now."
        assert fetched.endswith(done), fetched
        assert table.rows[table.index_of(key_of(lib, ATTENTION_ID))].indexed


async def test_quitting_cancels_a_running_fetch(lib: Library, local_arxiv: LocalArxiv) -> None:
    local_arxiv.release_pdf.clear()
    app = make_app(load_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.table.move_to(key_of(lib, ATTENTION_ID))
        await pilot.press("f")
        for _ in range(1000):
            if local_arxiv.pdf_requested.is_set():
                break
            await asyncio.sleep(0.02)
        assert local_arxiv.pdf_requested.is_set()
        job = next(j for j in app.jobs if j.label.startswith("fetch"))
        await pilot.press("q")
        assert job.worker.is_cancelled
    assert app.return_code == 0
    local_arxiv.release_pdf.set()  # the server answers; the stopped job cleans up after itself
    pdf_dir = lib.settings.pdf_dir
    for _ in range(500):
        partial = [p for p in pdf_dir.glob("*") if p.suffix != ".pdf"] if pdf_dir.exists() else []
        if not partial:
            break
        await asyncio.sleep(0.02)
    assert not partial  # no partial download left behind


async def test_fetching_a_list_reports_failures(lib: Library, local_arxiv: LocalArxiv) -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.main.lists_panel.select(View("list", "long-context"))
        await settle(pilot)
        await pilot.press("F")  # the whole list; the local arXiv knows none of its papers
        await settle(pilot)
        messages = [n.message for n in app.notices]
        failed = f"Fetch list long-context: {seed().lists['long-context']} failed"
        assert any(m.startswith(failed) for m in messages), messages
    asked = ",".join(local_arxiv.requests)
    assert "1901.02860" in asked and "2001.04451" in asked
