"""The reading view's outline: headings indented by level with their pages; choosing one
posts a jump, following the text moves the highlight without one."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from paperdesk.services.reading import OutlineEntry
from paperdesk.tui.widgets.outline import Outline, entry_prompt

pytestmark = pytest.mark.anyio

ENTRIES = [
    OutlineEntry("1", "Introduction", 1, 1, 0),
    OutlineEntry("3", "Model Architecture", 1, 2, 3),
    OutlineEntry("3.2", "Attention", 2, 3, 5),
    OutlineEntry(None, "Scaled Dot-Product Attention", 3, None, 6),
]


def test_the_prompt_aligns_pages_and_indents_by_level() -> None:
    assert entry_prompt(ENTRIES[0]).plain == "  1 1 Introduction"
    assert entry_prompt(ENTRIES[2]).plain == "  3   3.2 Attention"
    assert entry_prompt(ENTRIES[3]).plain == "        Scaled Dot-Product Attention"
    assert "bold" in str(entry_prompt(ENTRIES[0]).spans[-1].style)  # a top-level heading


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.jumps: list[int] = []

    def compose(self) -> ComposeResult:
        yield Outline()

    def on_outline_jump(self, event: Outline.Jump) -> None:
        self.jumps.append(event.index)


async def test_choosing_a_heading_jumps_and_following_does_not() -> None:
    app = Host()
    async with app.run_test(size=(60, 12)) as pilot:
        outline = app.query_one(Outline)
        outline.show(ENTRIES)
        outline.focus()
        await pilot.pause()
        assert outline.option_count == len(ENTRIES)
        outline.follow(2)
        await pilot.pause()
        assert outline.highlighted == 2 and app.jumps == []
        outline.follow(None)
        assert outline.highlighted == 2
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.jumps == [3]
        await pilot.press("k", "k", "enter")
        await pilot.pause()
        assert app.jumps == [3, 1]
