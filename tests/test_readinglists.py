from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import ReadingListError
from paperdesk.readinglists import load_list_file, parse_list_text, seed_files

EXPECTED = {
    "transformers-core": 8,
    "pretrained-lms": 11,
    "nlp-foundations": 8,
    "deep-learning-foundations": 7,
    "long-context": 3,
    "training-at-scale": 4,
    "finetuning-and-alignment": 8,
    "benchmarks-and-ethics": 4,
}


def test_seeded_lists_follow_the_roadmap() -> None:
    specs = {s.name: s for s in map(load_list_file, seed_files())}
    assert {n: len(s.entries) for n, s in specs.items()} == EXPECTED
    ids = {e.arxiv.base for s in specs.values() for e in s.entries if e.arxiv}
    assert {"1706.03762", "1810.04805", "2005.14165", "1710.03740", "cs/0306050"} <= ids
    others = {e.key for s in specs.values() for e in s.entries if not e.arxiv}
    assert others == {
        "radford2018gpt1",
        "radford2019gpt2",
        "pennington2014glove",
        "hochreiter1997lstm",
        "selbst2019fairness",
    }
    attention = next(
        e for e in specs["transformers-core"].entries if e.arxiv and e.arxiv.base == "1706.03762"
    )
    assert {(c.label, c.value) for c in attention.claims} == {
        ("bleu-en-de", 28.4),
        ("bleu-en-fr", 41.8),
    }


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
