"""Search results: one entry per paper (its best hit), where the words matched, and the
highlighted query words; the list under the cursor."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from paperdesk.services.search import SearchHit
from paperdesk.tui.widgets.hits import SNIPPET_CHARS, HitsList, best_per_paper, hit_prompt, where

pytestmark = pytest.mark.anyio


def hit(key: str, score: float, snippet: str = "", **kw: Any) -> SearchHit:
    return SearchHit(key=key, title=f"Paper {key}", year=2019, score=score, snippet=snippet, **kw)


def test_best_per_paper_keeps_each_papers_first_hit_in_rank_order() -> None:
    hits = [hit("b", 0.9, page=3), hit("a", 0.8), hit("b", 0.7, page=9), hit("c", 0.5)]
    best = best_per_paper(hits)
    assert [(h.key, h.score) for h in best] == [("b", 0.9), ("a", 0.8), ("c", 0.5)]


def test_where_names_section_caption_and_page() -> None:
    assert where(hit("a", 1, section="3.2 Attention", page=4)) == "§ 3.2 Attention · p. 4"
    assert where(hit("a", 1, kind="caption", page=7)) == "caption · p. 7"
    assert where(hit("a", 1)) == ""


def test_the_prompt_highlights_the_query_words_and_cuts_a_long_snippet() -> None:
    snippet = "We propose the Transformer.\n" + "x" * 400
    h = hit("vaswani2017", 1, snippet=snippet, highlights=[(15, 26)], reading="reading")
    text = hit_prompt(1, h)
    plain = text.plain
    assert plain.startswith(" 1. Paper vaswani2017 (2019)  vaswani2017")
    assert "abstract  reading" in plain  # no section or page: the abstract; my state shown
    assert "\n" not in plain.split("\n    ", 2)[2]  # the snippet is one line
    assert plain.endswith("…") and len(plain.split("\n    ")[2]) == SNIPPET_CHARS + 1
    start = plain.index("Transformer")
    assert any(
        s.start <= start and s.end >= start + len("Transformer") and "reverse" in str(s.style)
        for s in text.spans
    )


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield HitsList(id="hits")


async def test_the_list_shows_one_entry_per_paper_and_follows_the_cursor() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        hits = app.query_one(HitsList)
        assert hits.current is None
        hits.show_hits([hit("a", 0.9), hit("a", 0.8), hit("b", 0.7)])
        await pilot.pause()
        assert [h.key for h in hits.hits] == ["a", "b"]
        assert hits.option_count == 2  # a separator line is not an option
        assert hits.current is not None and hits.current.key == "a"
        hits.focus()
        await pilot.press("down")
        assert hits.current is not None and hits.current.key == "b"
        assert hits.hit_for("zzz") is None
        hits.show_hits([])
        assert hits.current is None and hits.option_count == 0
