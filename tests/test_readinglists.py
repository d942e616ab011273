from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import ReadingListError
from paperdesk.readinglists import load_list_file, parse_list_text, seed_files
from tests.conftest import seed

EXPECTED = {
    "transformers-core": 8,
    "pretrained-lms": 11,
    "nlp-foundations": 8,
    "deep-learning-foundations": 7,
    "long-context": 4,
    "training-at-scale": 8,
    "finetuning-and-alignment": 8,
    "benchmarks-and-ethics": 4,
}


def test_seeded_lists_follow_the_roadmap() -> None:
    specs = {s.name: s for s in map(load_list_file, seed_files())}
    assert {n: len(s.entries) for n, s in specs.items()} == EXPECTED
    ids = {e.arxiv.base for s in specs.values() for e in s.entries if e.arxiv}
    assert {"1706.03762", "1810.04805", "2005.14165", "1710.03740", "cs/0306050"} <= ids
    others = {e.title for s in specs.values() for e in s.entries if not e.arxiv}
    assert seed().lists == EXPECTED and seed().papers == len(ids) + len(others)  # the helper
    assert others == {
        "Improving Language Understanding by Generative Pre-Training",
        "Language Models are Unsupervised Multitask Learners",
        "GloVe: Global Vectors for Word Representation",
        "Long Short-Term Memory",
        "Fairness and Abstraction in Sociotechnical Systems",
    }
    attention = next(
        e for e in specs["transformers-core"].entries if e.arxiv and e.arxiv.base == "1706.03762"
    )
    assert {(c.label, c.value) for c in attention.claims} == {
        ("bleu-en-de", 28.4),
        ("bleu-en-fr", 41.8),
    }


def test_every_seeded_paper_is_complete() -> None:
    """Authors (ordered, "First Last"), year and venue for every entry, so an offline library
    exports real BibTeX; no key is written by hand (the one algorithm makes them)."""
    entries = [e for path in seed_files() for e in load_list_file(path).entries]
    assert len(entries) == sum(EXPECTED.values())
    for e in entries:
        where = f"{e.title} (line {e.line})"
        assert e.authors and all(len(a.split()) >= 2 or a == "OpenAI" for a in e.authors), where
        assert all("," not in a and a == a.strip() for a in e.authors), where
        assert e.year and 1990 <= e.year <= 2024, where
        assert e.venue, where
        assert e.key is None, where
    by_title = {e.title: e for e in entries}
    attention = by_title["Attention Is All You Need"]
    assert attention.authors[0] == "Ashish Vaswani" and attention.authors[6] == "Łukasz Kaiser"
    assert attention.venue == "NeurIPS 2017"
    bert = by_title[
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    ]
    assert bert.venue == "NAACL-HLT 2019" and bert.doi == "10.18653/v1/n19-1423"
    t5 = by_title[
        "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"
    ]
    assert t5.authors[:2] == ("Colin Raffel", "Noam Shazeer") and t5.venue == "JMLR 2020"
    assert by_title["Long Short-Term Memory"].venue == "Neural Computation 1997"
    assert by_title["GPT-4 Technical Report"].authors == ("OpenAI",)
    assert len(by_title["PaLM: Scaling Language Modeling with Pathways"].authors) == 67


def test_every_seeded_paper_has_a_summary() -> None:
    """A few sentences per entry, searched until the paper's abstract is fetched: they must say
    more than the title and the one-line why."""
    for path in seed_files():
        for e in load_list_file(path).entries:
            where = f"{path.name}:{e.line}"
            assert e.summary and 150 <= len(e.summary) <= 800, where
            assert 2 <= e.summary.count(". ") + 1 <= 4, where
            assert "\n" not in e.summary and e.summary.endswith("."), where


def test_summary_is_one_paragraph(tmp_path: Path) -> None:
    spec = parse_list_text(
        "name: x\npapers:\n  - id: 1706.03762\n    summary: >-\n      Attention only.\n"
        "      No recurrence.\n",
        tmp_path / "x.yaml",
    )
    assert spec.entries[0].summary == "Attention only. No recurrence."


def test_venue_is_read_as_text(tmp_path: Path) -> None:
    spec = parse_list_text(
        "name: x\npapers:\n  - id: 1706.03762\n    venue: NeurIPS 2017\n", tmp_path / "x.yaml"
    )
    assert spec.entries[0].venue == "NeurIPS 2017"


def test_ids_stay_text_not_floats(tmp_path: Path) -> None:
    spec = parse_list_text(
        "name: x\npapers:\n  - id: 1710.03740\n  - 1502.03167\n", tmp_path / "x.yaml"
    )
    assert [e.arxiv.base for e in spec.entries] == ["1710.03740", "1502.03167"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("name: x\npapers:\n  - id: 1706.03762\n  - id: [unclosed\n", 5, "starts at line 4"),
        ("name: x\npapers:\n  - id: 1706.03762\n  - id: 1706.3762\n", 4, "'1706.3762'"),
        ("name: Bad Name\npapers: [1706.03762]\n", 1, "may use a-z"),
        ("name: x\npapers:\n  - title: A paper\n", 3, "not on arXiv"),
        ("name: x\npapers:\n  - id: 1706.03762\n    wyh: typo\n", 4, "unknown key 'wyh'"),
        ("name: x\npapers:\n  - id: 1706.03762\n    venue: [a, b]\n", 4, "'venue' must be text"),
        (
            "name: x\npapers:\n  - id: 1706.03762\n  - arXiv:1706.03762v2\n",
            4,
            "already listed at line 3",
        ),
        (
            "name: x\npapers:\n  - id: 1706.03762\n    claims:\n"
            "      - {metric: BLEU, value: high}\n",
            5,
            "must be a number",
        ),
        ("name: x\npapers:\n  - id: 1706.03762\n    summary: [a, b]\n", 4, "'summary' must be"),
        (
            "name: x\npapers:\n  - id: 1706.03762\n    summary: " + "long " * 500 + "\n",
            4,
            "'summary' is 2,499 characters long (at most 2,000)",
        ),
        ("", 1, "empty"),
        ("name: x\n", 1, "no papers"),
    ],
)
def test_broken_files_name_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(ReadingListError) as err:
        load_list_file(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert fragment in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadingListError, match="no such file"):
        load_list_file(tmp_path / "nope.yaml")
