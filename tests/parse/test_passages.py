"""parse.passages: search-sized passages cut at sentence ends, with overlap, and where each
passage's pages change."""

from __future__ import annotations

import itertools

from paperdesk.parse.kinds import BODY
from paperdesk.parse.passages import (
    MAX_WORDS,
    MIN_WORDS,
    OVERLAP_WORDS,
    TARGET_WORDS,
    chunk,
    page_breaks,
    whole,
)
from paperdesk.parse.text import Token


def test_chunks_respect_sizes_and_overlap() -> None:
    words = [Token(f"W{i}{'.' if i % 20 == 19 else ''}", 1 + i // 400) for i in range(1000)]
    parts = chunk("2 Method", words)
    assert all(p.section == "2 Method" for p in parts)
    assert all(p.words <= MAX_WORDS + 50 for p in parts)
    assert all(200 <= p.words <= MAX_WORDS for p in parts[:-1])
    for a, b in itertools.pairwise(parts):
        shared = set(a.text.split()) & set(b.text.split())
        assert 0 < len(shared) <= OVERLAP_WORDS
    assert parts[0].page_start == 1 and parts[-1].page_end == 3
    covered = set(" ".join(p.text for p in parts).split())
    assert covered == {t.word for t in words}


def test_a_short_tail_joins_the_previous_passage() -> None:
    words = [Token(f"W{i}{'.' if i % 10 == 9 else ''}", 1) for i in range(330)]
    parts = chunk(None, words)
    assert [p.words for p in parts] == [330]


def test_text_without_sentence_ends_still_overlaps() -> None:
    parts = chunk(None, [Token(f"w{i}", 1) for i in range(700)])
    assert len(parts) == 3
    for a, b in itertools.pairwise(parts):
        assert a.text.split()[-20:] == b.text.split()[:20]


def test_passages_cut_at_sentence_ends() -> None:
    # sentences of 25 words (capitalised, so that a full stop ends a sentence)
    words = [Token(f"W{i}{'.' if i % 25 == 24 else ''}", 1) for i in range(900)]
    parts = chunk("3 Results", words)
    assert len(parts) > 2
    assert all(p.text.endswith(".") for p in parts)
    for a, b in itertools.pairwise(parts):
        # the overlap repeats whole sentences: the next passage starts right after a full stop
        first = b.text.split()[0]
        at = a.text.split().index(first)
        assert a.text.split()[at - 1].endswith(".")


def test_short_text_is_one_passage_with_its_kind() -> None:
    words = [Token(w, 4) for w in ["A", "short", "caption.", "It", "has", "two", "sentences."]]
    parts = chunk("Figure 2", words, kind="caption")
    assert len(parts) == 1
    p = parts[0]
    assert (p.section, p.kind, p.words) == ("Figure 2", "caption", 7)
    assert (p.page_start, p.page_end, p.pages) == (4, 4, [[0, 4]])
    assert p.text == "A short caption. It has two sentences."
    assert chunk(None, []) == []
    assert p.words < MIN_WORDS


def test_each_passage_records_where_its_pages_change() -> None:
    words = [Token(f"W{i}{'.' if i % 10 == 9 else ''}", 1 + i // 120) for i in range(600)]
    for p in chunk(None, words):
        assert p.kind == BODY
        assert p.pages[0][0] == 0
        offsets = [o for o, _ in p.pages]
        assert offsets == sorted(offsets) and all(o < p.words for o in offsets)
        # the page at every word offset agrees with the page of that word of the input
        text = p.text.split()
        for (start, page), (end, _) in itertools.pairwise([*p.pages, [p.words, 0]]):
            assert all(int(w.strip("W.")) // 120 + 1 == page for w in text[start:end])
        assert p.page_start == min(pg for _, pg in p.pages)
        assert p.page_end == max(pg for _, pg in p.pages)


def test_page_breaks_follow_runs_even_when_a_page_comes_back() -> None:
    toks = [Token("a", 1), Token("b", 1), Token("c", 2), Token("note", 1), Token("d", 3)]
    assert page_breaks(toks) == [[0, 1], [2, 2], [3, 1], [4, 3]]
    assert page_breaks([]) == []


def test_whole_keeps_everything_in_one_passage() -> None:
    toks = [Token(f"w{i}", 1 + i // 300) for i in range(2 * MAX_WORDS)]
    p = whole("Contents", toks, "contents")
    assert p is not None
    assert (p.words, p.page_start, p.page_end, p.kind) == (2 * MAX_WORDS, 1, 2, "contents")
    assert p.pages == [[0, 1], [300, 2]]
    assert whole("Contents", [], "contents") is None


def test_a_sentence_that_never_ends_is_cut_to_size() -> None:
    # a table dump: 1000 words and one full stop at the very end
    words = [Token(f"t{i}", 1) for i in range(999)] + [Token("end.", 1)]
    parts = chunk(None, words)
    assert all(p.words <= MAX_WORDS + 50 for p in parts)
    assert max(p.words for p in parts) >= TARGET_WORDS - OVERLAP_WORDS
    assert parts[-1].text.endswith("end.")
