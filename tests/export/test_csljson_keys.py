"""CSL-JSON items, and the names (citation keys, file names) every exporter shares."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.csljson import csl_name, csl_text, export_csljson
from paperdesk.export.keys import ascii_fold, base_key, citation_keys, file_stems, surname
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
    assert att["type"] == "article-journal"
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


def test_names_and_keys() -> None:
    assert ascii_fold("Łukasz Müller-Straße") == "Lukasz Muller-Strasse"
    assert surname("Jörg Müller, Jr.") == "muller"
    assert surname("Smith, Jr., John") == "smith"
    assert surname("Le, Quoc V.") == "le"
    assert (
        base_key(
            {"authors": ["Ashish Vaswani"], "year": 2017, "title": "Attention Is All You Need"}
        )
        == "vaswani2017attention"
    )
    assert base_key({"authors": [], "year": None, "title": "On the Origin of It"}) == "anonorigin"
    assert (
        base_key({"key": "2301.00001", "arxiv_id": "2301.00001", "title": "arXiv:2301.00001"})
        == "arxiv230100001"
    )
    papers = [
        {
            "key": k,
            "authors": ["A. Smith"],
            "year": 2020,
            "title": "Deep Nets",
            "added_at": f"2024-01-0{i}",
        }
        for i, k in enumerate(["z", "y", "x"], start=1)
    ]
    papers.append({"key": "w", "authors": ["B. Smith"], "year": 2020, "title": "Deepb nets"})
    keys = citation_keys(papers)
    assert keys["w"] == "smith2020deepb"  # a base key is never taken by a suffixed one
    assert keys["z"] == "smith2020deep" and keys["y"] == "smith2020deepc"
    assert keys["x"] == "smith2020deepd"
    assert len(set(keys.values())) == 4


def test_file_stems_are_safe_and_unique() -> None:
    stems = file_stems(
        [
            {
                "key": "cs/0306050",
                "title": "Introduction to the CoNLL-2003 Shared Task: "
                "Language-Independent Named Entity Recognition",
            },
            {"key": "hep-th/9901001v2", "title": "../../etc/passwd"},
            {"key": "a", "title": "Same"},
            {"key": "A", "title": "same"},
            {"key": "1706.03762", "arxiv_id": "1706.03762", "title": "arXiv:1706.03762"},
            {"key": "zh", "title": "注意力就是你所需要的"},
        ]
    )
    assert stems["cs/0306050"] == "cs_0306050-introduction-to-the-conll-2003"
    assert stems["hep-th/9901001v2"] == "hep-th_9901001v2-etc-passwd"
    assert {stems["a"].lower(), stems["A"].lower()} == {"a-same", "a-same-2"}
    assert stems["1706.03762"] == "1706.03762"
    assert stems["zh"] == "zh"
    assert all("/" not in s and not s.startswith(".") for s in stems.values())
