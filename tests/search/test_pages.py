"""search.pages: the page a hit names is the page of the passage's best-matching words."""

from __future__ import annotations

import json

from paperdesk.search.pages import Stretch, best_stretch, breaks, hit_page, stretches

TEXT = "attention is all we need here then low rank adapters make finetuning cheap"
# words 0..6 on page 3, 7..12 on page 4
PAGES = [[0, 3], [7, 4]]


def test_breaks_read_the_stored_column_in_any_form() -> None:
    assert breaks(PAGES) == [(0, 3), (7, 4)]
    assert breaks(json.dumps(PAGES)) == [(0, 3), (7, 4)]  # JSON text on sqlite3
    assert breaks(json.dumps(PAGES).encode()) == [(0, 3), (7, 4)]
    assert breaks([("0", "3")]) == [(0, 3)]
    assert breaks(None) == [] and breaks("not json") == [] and breaks({"0": 3}) == []
    assert breaks([[0, "x"]]) == []  # malformed: nothing rather than a wrong page
    assert breaks([[0, 3], [1]]) == [(0, 3)]  # an item of the wrong size is skipped


def test_stretches_are_character_ranges_of_the_text() -> None:
    parts = stretches(TEXT, PAGES)
    assert [p.page for p in parts] == [3, 4]
    assert TEXT[parts[0].start : parts[0].end] == "attention is all we need here then"
    assert TEXT[parts[1].start : parts[1].end] == "low rank adapters make finetuning cheap"
    assert stretches(TEXT, None) == []
    # a break past the last word is ignored
    assert [p.page for p in stretches("two words", [[0, 1], [5, 2]])] == [1]


def test_the_hit_names_the_page_holding_most_query_words() -> None:
    assert hit_page(TEXT, PAGES, "low-rank adapter finetuning", 3) == 4
    assert hit_page(TEXT, PAGES, "attention", 3) == 3
    # a tie (no query word at all) keeps the first stretch
    assert hit_page(TEXT, PAGES, "zebra", 3) == 3
    assert best_stretch(TEXT, PAGES, "the of") == stretches(TEXT, PAGES)[0]  # stop words only


def test_distinct_words_beat_repeats() -> None:
    text = "rank rank rank rank here adapters rank"
    pages = [[0, 1], [5, 2]]
    # page 1 holds "rank" four times, page 2 both words once: two distinct words win
    assert hit_page(text, pages, "rank adapters", 1) == 2


def test_without_stored_breaks_the_first_page_is_the_answer() -> None:
    assert hit_page(TEXT, None, "adapters", 7) == 7
    assert hit_page(TEXT, "[]", "adapters", None) is None
    one = best_stretch(TEXT, [[0, 5]], "adapters")
    assert one == Stretch(5, 0, len(TEXT))
    assert hit_page(TEXT, [[0, 5]], "adapters", 1) == 5
