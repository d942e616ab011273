"""Fast start: nothing heavy is imported before the first paint; big tables stay cheap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.services.listing import PaperRow
from paperdesk.tui.app import EXIT_AFTER_PAINT
from paperdesk.tui.widgets.papers_table import PapersTable
from tests.conftest import seed
from tests.tui.conftest import make_app, screen_text, settle

HEAVY = (
    "sqlalchemy",
    "torch",
    "sentence_transformers",
    "transformers",
    "faiss",
    "fitz",
    "pymupdf",
    "onnxruntime",
    "numpy",
)

PROBE = """
import sys
from paperdesk.config import load_settings
from paperdesk.tui.app import PaperdeskApp
app = PaperdeskApp(load_settings())
app.run(headless=True, size=(120, 40))
assert app.first_paint_at is not None, "no first paint"
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))
print("HEAVY:" + ",".join(heavy))
"""


def test_first_paint_imports_nothing_heavy(lib: Library, tmp_path: Path) -> None:
    marker = tmp_path / "painted"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY)],
        capture_output=True,
        text=True,
        env={**os.environ, EXIT_AFTER_PAINT: str(marker)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert marker.read_text().strip()
    heavy_line = next(line for line in proc.stdout.splitlines() if line.startswith("HEAVY:"))
    assert heavy_line == "HEAVY:", f"imported before the first paint: {heavy_line[6:]}"


def test_the_cli_command_is_registered() -> None:
    from paperdesk.cli.main import COMMANDS, cli
    from paperdesk.cli.tui import tui

    assert COMMANDS["tui"] == "tui:tui"
    assert cli.get_command(None, "tui") is tui  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_ten_thousand_rows_stay_responsive(lib: Library) -> None:
    rows = [
        PaperRow(
            id=f"k{i}",
            arxiv_id=None,
            version=None,
            title=f"Paper {i}",
            authors=[],
            year=2020,
            doi=None,
            url=None,
            reading="unread",
            replication="none",
            pdf=False,
            parsed=False,
            parse_status=None,
            indexed=False,
            newer_version=False,
            lists=[],
            tags=[],
        )
        for i in range(10_000)
    ]
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.main.query_one(PapersTable)
        table.set_rows(rows, show_stage=False)
        await pilot.press("end")
        assert table.current_key == "k9999"
        await pilot.press("pageup", "k")
        assert 9960 < table.cursor < 9999
        assert f"Paper {table.cursor}" in screen_text(app)
        assert table.move_to("k5000") and table.cursor == 5000


@pytest.mark.anyio
async def test_first_page_then_the_rest(lib: Library) -> None:
    from paperdesk.storage.models import Paper
    from paperdesk.tui.screens.main import FIRST_PAGE

    with lib.session() as s:
        s.add_all(
            Paper(
                key=f"2401.{n:05d}",
                arxiv_id=f"2401.{n:05d}",
                title=f"Extra {n}",
                authors=[],
                categories=[],
            )
            for n in range(FIRST_PAGE + 100)
        )
    total = seed().papers + FIRST_PAGE + 100
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.main.initial_rows is not None and len(app.main.initial_rows) == FIRST_PAGE
        assert f"{total} papers" in app.main.sub_title  # the count is right from the start
        await settle(pilot)
        assert len(app.main.table.rows) == total
        await pilot.press("end")
        assert app.main.table.current_key == f"2401.{FIRST_PAGE + 99:05d}"
