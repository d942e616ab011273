"""``A`` on the papers table and in the reading view merges the PDF's annotations into the
note; pressing it again changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.services.notes import get_note
from paperdesk.storage import repository as repo
from tests.services.test_annotations import annotated_pdf
from tests.tui.conftest import key_of, make_app, settle

pytestmark = pytest.mark.anyio
KEY = "1706.03762"


async def test_a_imports_then_changes_nothing(lib: Library, tmp_path: Path) -> None:
    pdf = annotated_pdf(tmp_path / "attention.pdf")
    with lib.session() as s:
        repo.find_paper(s, KEY).pdf_path = str(pdf)
    app = make_app(lib.settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main.table.move_to(key_of(app.library, KEY))
        await pilot.press("A")
        await settle(pilot)
        note = get_note(lib, KEY)
        assert "> the Transformer, based solely on attention mechanisms" in note.body
        messages = [n.message for n in app.notices]
        assert any("3 added" in m for m in messages), messages
        await pilot.press("A")
        await settle(pilot)
        assert get_note(lib, KEY).revision == note.revision
        assert any("3 unchanged" in n.message for n in app.notices)
        detail = app.main.detail_pane.detail
        assert detail is not None and "based solely" in detail.note
