"""Is a PDF the paper it is attached to? Titles compared by content words; a PDF whose
extracted title is off still passes when the paper's title is printed in its front matter."""

from __future__ import annotations

from typing import Any

from paperdesk.parse.identity import mismatch, title_mismatch, title_overlap, title_words


def parse(title: str, abstract: str = "", front: str = "") -> Any:
    passages = [{"text": front, "page_start": 1, "section": None}] if front else []
    return {"title": title, "abstract": abstract, "passages": passages}


def test_title_words_are_content_words() -> None:
    assert title_words("BERT: Pre-training of Deep Bidirectional Transformers") == {
        "bert",
        "pre",
        "training",
        "deep",
        "bidirectional",
        "transformers",
    }


def test_overlap_is_one_when_a_subtitle_is_dropped_and_low_for_another_paper() -> None:
    bert = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert title_overlap(bert, "BERT: Pre-training of Deep Bidirectional Transformers") == 1.0
    assert title_overlap(bert, "Attention Is All You Need") < 0.5
    assert title_overlap(bert, "") == 1.0  # nothing to compare is no evidence


def test_the_same_paper_passes() -> None:
    assert title_mismatch("Attention Is All You Need", parse("Attention is all you need")) is None
    assert title_mismatch("Attention Is All You Need", parse("")) is None


def test_another_paper_is_named() -> None:
    result = parse("Deep Residual Learning for Image Recognition")
    assert title_mismatch("Attention Is All You Need", result) == (
        "Deep Residual Learning for Image Recognition"
    )


def test_a_journal_header_taken_for_the_title_passes_when_the_title_is_printed() -> None:
    result = parse(
        "Journal of Machine Learning Research 21 (2020) 1-67",
        front="Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
    )
    wanted = "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"
    assert title_mismatch(wanted, result) is None


def test_a_margin_stamp_decides_before_the_title() -> None:
    """The arXiv stamp is exact: a PDF stamped as this paper is it whatever its title reads as
    (a template's title, a title taken badly); stamped as another paper, it is not."""
    title = "Attention Is All You Need"
    result = {**parse("Deep Residual Learning for Image Recognition"), "ok": True}
    mine = {**result, "arxiv_id": "1706.03762v5"}
    assert mismatch("a.pdf", "vaswani2017", mine, arxiv_id="1706.03762", title=title) is None
    other = {**result, "arxiv_id": "1512.03385v1"}
    assert mismatch("a.pdf", "vaswani2017", other, arxiv_id="1706.03762", title=title) == (
        "a.pdf is arXiv:1512.03385 (the stamp in its margin), not vaswani2017"
    )
    unstamped = mismatch("a.pdf", "vaswani2017", result, arxiv_id="1706.03762", title=title)
    assert unstamped is not None and "looks like another paper" in unstamped
