"""Stored values made readable (:mod:`paperdesk.export.stored`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from paperdesk.export.stored import list_stem, readable, texts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ada", ["Ada"]),
        ("  ", []),
        (None, []),
        (42, []),
        ({"a": "b"}, []),
        (["A", "B"], ["A", "B"]),
        (["A", ["B", ("C", ["D"])], 3, None, "E"], ["A", "B", "C", "D", "E"]),
        ((), []),
    ],
)
def test_texts_flattens_and_drops_what_is_not_text(value: Any, expected: list[str]) -> None:
    assert texts(value) == expected


def test_readable_fixes_every_field_of_the_wrong_type() -> None:
    paper = {
        "authors": [["Ada Lovelace"], "Alan Turing"],
        "categories": "cs.CL",
        "metadata_sources": ["not", "a", "dict"],
        "title": 1234,
        "year": "2017",
        "attempts": [{"environment_kv": "torch=2"}, {"environment_kv": {"cuda": "12"}}],
    }
    out = readable(paper)
    assert out["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert out["categories"] == ["cs.CL"]
    assert out["metadata_sources"] == {}
    assert out["title"] == "1234"
    assert out["year"] is None
    assert [a["environment_kv"] for a in out["attempts"]] == [{}, {"cuda": "12"}]


def test_readable_keeps_sound_values_as_they_are() -> None:
    paper = {
        "authors": ["A"],
        "categories": [],
        "metadata_sources": None,
        "title": "T",
        "year": 2017,
        "attempts": [{"environment_kv": {"k": "v"}}],
    }
    before = {k: (list(v) if isinstance(v, list) else v) for k, v in paper.items()}
    assert readable(paper) == before


@pytest.mark.parametrize(("title", "year"), [(None, True), (None, 3.0)])
def test_readable_none_title_and_odd_years(title: Any, year: Any) -> None:
    out = readable({"title": title, "year": year})
    assert out["title"] == "" and out["year"] is None


def test_list_stem_keeps_valid_names() -> None:
    assert list_stem("transformers-core") == "transformers-core"
    assert list_stem("a" * 64) == "a" * 64


@pytest.mark.parametrize("name", ["a/b c", "../etc", "Upper", "-lead", "a" * 65, "", "日本"])
def test_list_stem_makes_other_names_safe_and_distinct(name: str) -> None:
    stem = list_stem(name)
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}", stem)
    assert "/" not in stem and ".." not in stem
    assert list_stem(name) == stem  # stable


def test_list_stem_tells_apart_names_with_the_same_slug() -> None:
    assert list_stem("a/b") != list_stem("a b")
    assert list_stem("a/b").startswith("a-b-")
