"""CSL-JSON items, and the vault file names every exporter shares (the key algorithm itself is
tested in tests/test_keys.py)."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.csljson import csl_name, csl_text, export_csljson
from paperdesk.export.keys import file_stems
from paperdesk.library import Library
from tests.export.sample import WEIRD_TITLE


def test_csl_items(full_lib: Library, tmp_path: Path) -> None:
    out = export_csljson(full_lib, tmp_path / "refs.json")
    items = json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))
    assert out.entries == len(items) == 5
    by_id = {i["id"]: i for i in items}
    bib_keys = {e.key for e in bibtexparser.parse_string(bibtex_text(full_lib).text).entries}
    assert set(by_id) == bib_keys  # [@key] works with either file

    att = by_id["vaswani2017attention"]
    assert att["type"] == "paper-conference"  # its journal reference names NeurIPS
    assert att["container-title"].startswith("Advances in Neural Information")
    assert att["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert att["author"][3] == {"family": "Kaiser", "given": "Łukasz"}
    assert att["issued"] == {"date-parts": [[2017, 6, 12]]}
    assert att["number"] == "arXiv:1706.03762"
    assert att["URL"] == "https://arxiv.org/abs/1706.03762"
    assert att["DOI"] == "10.48550/arXiv.1706.03762"
    assert att["keyword"] == "must-read, transformers"

    conll = by_id["sang2003introduction"]
    assert conll["type"] == "article" and conll["publisher"] == "arXiv"
    assert conll["number"] == "arXiv:cs/0306050" and conll["issued"] == {"date-parts": [[2003]]}

    weird = by_id["muller2024odd"]
    assert weird["title"] == WEIRD_TITLE and weird["DOI"] == "10.1234/weird.2024"
    gpt = by_id["radford2018improving"]
    assert "number" not in gpt and gpt["URL"].startswith("https://openai.com")


def test_csl_list_order(full_lib: Library) -> None:
    items = json.loads(csl_text(full_lib, list_name="transformers-core").text)
    assert [i["id"] for i in items] == [
        "vaswani2017attention",
        "radford2018improving",
        "arxiv181004805",
        "muller2024odd",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ashish Vaswani", {"family": "Vaswani", "given": "Ashish"}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("Müller, Jörg", {"family": "Müller", "given": "Jörg"}),
        ("danah boyd", {"family": "boyd", "given": "danah"}),
        ("OpenAI", {"literal": "OpenAI"}),
    ],
)
def test_csl_names(name: str, expected: dict[str, str]) -> None:
    assert csl_name(name) == expected


def test_file_stems_are_the_keys_made_safe_and_unique() -> None:
    stems = file_stems(
        [
            {"key": "vaswani2017attention"},
            {"key": "cs/0306050"},
            {"key": "hep-th/9901001v2"},
            {"key": "../../etc/passwd"},
            {"key": "a"},
            {"key": "A"},
            {"key": "1706.03762"},
        ]
    )
    assert stems["vaswani2017attention"] == "vaswani2017attention"
    assert stems["cs/0306050"] == "cs_0306050"
    assert stems["hep-th/9901001v2"] == "hep-th_9901001v2"
    assert stems["../../etc/passwd"] == "etc_passwd"
    assert {stems["a"].lower(), stems["A"].lower()} == {"a", "a-2"}
    assert stems["1706.03762"] == "1706.03762"
    assert all("/" not in s and not s.startswith(".") for s in stems.values())
