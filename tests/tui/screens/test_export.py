"""The export dialog (``e``) offers a target under the library's home, not the folder the TUI
was started in, and switching the format switches the offered name; the export writes there
(the exports folder made on the way)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioButton

from paperdesk.library import Library
from paperdesk.tui.app import KEY_GUARD
from paperdesk.tui.screens.export import ExportScreen
from paperdesk.tui.screens.main import MainScreen
from tests.tui.conftest import make_app, settle

pytestmark = pytest.mark.anyio


async def test_the_default_target_is_under_the_home(
    lib: Library, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    started_in = tmp_path / "a-repository"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    exports = lib.settings.home / "exports"
    app = make_app(lib.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(exports / "paperdesk-notes")

        dialog.query(RadioButton).last().value = True  # BibTeX
        await settle(pilot)
        assert path.value == str(exports / "paperdesk.bib")
        await pilot.click("#export-go")
        await settle(pilot)
        await pilot.pause(KEY_GUARD + 0.1)
        assert isinstance(app.screen, MainScreen)
    assert (exports / "paperdesk.bib").read_text().startswith("@")
    assert not any(started_in.iterdir())


async def test_export_markdown_runs_in_the_background(lib: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "vault"
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-go")
        await settle(pilot)
        assert any("Exported" in n.message for n in app.notices), [n.message for n in app.notices]
    assert target.is_dir() and any(target.rglob("*.md"))
