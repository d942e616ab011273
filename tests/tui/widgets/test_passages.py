"""The reading view's text on its own: one block per passage with its page, kind and heading,
a cursor moved by keys and clicks (each move posted), and highlights redrawn where they
change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from paperdesk.services.reading import Match, OutlineEntry, PaperText, ReadPassage
from paperdesk.tui.widgets.passages import (
    CURRENT_MATCH_STYLE,
    MATCH_STYLE,
    PAGE_STEP,
    PassageView,
    passage_text,
)

pytestmark = pytest.mark.anyio


def passage(i: int, kind: str = "body", page: int | None = 1) -> ReadPassage:
    return ReadPassage(i, kind, None, page, page, f"passage {i} about attention heads")


PAPER = PaperText(
    "vaswani2017",
    "Attention Is All You Need",
    passages=[
        passage(0),
        passage(1, page=2),
        *(passage(i, page=3) for i in range(2, 11)),
        passage(11, "caption", 4),
        passage(12, "refs", None),
        passage(13, "poem", 5),
    ],
    outline=[OutlineEntry("1", "Introduction", 1, 1, 0), OutlineEntry("2", "Model", 1, 2, 1)],
)


def test_passage_text_shows_heading_page_kind_and_matches() -> None:
    text = passage_text(PAPER.passages[11], "Figures", [(0, 7), (10, 15)], (10, 15))
    assert text.plain.split("\n")[:2] == ["Figures", "p. 4 · caption"]
    body = len("Figures\np. 4 · caption\n")
    styles = {(s.start - body, s.end - body): str(s.style) for s in text.spans}
    assert styles[(0, 7)] == MATCH_STYLE and styles[(10, 15)] == CURRENT_MATCH_STYLE
    assert passage_text(PAPER.passages[12], None, [], None).plain.startswith(
        "page ? · references\n"
    )


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.moves: list[int] = []

    def compose(self) -> ComposeResult:
        yield PassageView()

    def on_passage_view_moved(self, event: PassageView.Moved) -> None:
        self.moves.append(event.index)


async def test_blocks_cursor_and_highlights() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PassageView)
        await view.show(PAPER, at=1)
        view.focus()
        await pilot.pause()
        blocks = view.blocks
        assert len(blocks) == len(PAPER.passages)
        assert blocks[0].shown.plain.startswith("1 Introduction\np. 1\n")
        assert blocks[1].shown.plain.startswith("2 Model\np. 2\n")
        assert blocks[11].has_class("-caption") and blocks[12].has_class("-refs")
        assert not blocks[13].classes  # a kind it does not know: body text
        assert view.cursor == 1 and blocks[1].has_class("-cursor")

        await pilot.press("j", "pagedown")
        assert view.cursor == 2 + PAGE_STEP and app.moves[-2:] == [2, 2 + PAGE_STEP]
        assert [b.index for b in blocks if b.has_class("-cursor")] == [2 + PAGE_STEP]
        await pilot.press("G")
        assert view.cursor == len(PAPER.passages) - 1
        await pilot.press("g", "k")  # at the top already: no move, nothing posted
        assert view.cursor == 0 and app.moves[-1] == 0
        await pilot.click(blocks[1], offset=(2, 1))
        assert view.cursor == 1 and app.moves[-1] == 1

        view.highlight([Match(3, 8, 17), Match(4, 0, 7)], Match(3, 8, 17))
        spans = {str(s.style) for s in blocks[3].shown.spans}
        assert CURRENT_MATCH_STYLE in spans
        assert MATCH_STYLE in {str(s.style) for s in blocks[4].shown.spans}
        view.highlight([], None)  # the old ones are redrawn without
        assert not {str(s.style) for s in blocks[3].shown.spans} & {
            MATCH_STYLE,
            CURRENT_MATCH_STYLE,
        }


async def test_a_paper_with_nothing_to_read_shows_why() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PassageView)
        await view.show(PaperText("x", "X", problem="No text yet: run paperdesk parse x"))
        view.focus()
        await pilot.press("j", "G")
        assert view.blocks == [] and app.moves == []
        assert "No text yet" in str(view.query_one(".reader--empty").render())
