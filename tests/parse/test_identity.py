"""Is a PDF the paper it is attached to? Titles compared by content words; a PDF whose
extracted title is off still passes when the paper's title is printed in its front matter."""

from __future__ import annotations

from typing import Any

from paperdesk.parse.identity import title_mismatch, title_overlap, title_words


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
