"""CSL-JSON export (:mod:`paperdesk.export.csljson`)."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.export.backup import my_view
from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.csljson import csl_item, csl_name, csl_text, export_csljson
from paperdesk.library import Library
from tests.export.sample import WEIRD_TITLE


@pytest.mark.parametrize(
    ("name", "csl"),
    [
        ("Ashish Vaswani", {"family": "Vaswani", "given": "Ashish"}),
        ("Müller, Jörg", {"family": "Müller", "given": "Jörg"}),
        ("Fien de Meulder", {"family": "de Meulder", "given": "Fien"}),
        ("Fien De Meulder", {"family": "Meulder", "given": "Fien De"}),  # as BibTeX reads it
        ("Ludwig van  der Maaten", {"family": "van der Maaten", "given": "Ludwig"}),
        ("OpenAI", {"literal": "OpenAI"}),
        ("Charles Babbage, Jr.", {"family": "Babbage", "given": "Charles", "suffix": "Jr."}),
        ("Babbage, Jr., Charles", {"family": "Babbage", "given": "Charles", "suffix": "Jr."}),
        ("Thurston Howell III", {"family": "Howell", "given": "Thurston", "suffix": "III"}),
    ],
)
def test_csl_name(name: str, csl: dict[str, str]) -> None:
    assert csl_name(name) == csl


def test_an_arxiv_preprint_is_an_article_published_by_arxiv() -> None:
    p = {
        "arxiv_id": "1810.04805",
        "title": "BERT",
        "authors": ["Jacob Devlin"],
        "published": "2018-10-11T00:00:00",
        "year": 2018,
        "abstract": "  two\n lines ",
        "tags": ["nlp", "must-read"],
    }
    item = csl_item(p, "devlin2018bert")
    assert item == {
        "id": "devlin2018bert",
        "type": "article",
        "title": "BERT",
        "author": [{"family": "Devlin", "given": "Jacob"}],
        "issued": {"date-parts": [[2018, 10, 11]]},
        "publisher": "arXiv",
        "genre": "Preprint",
        "number": "arXiv:1810.04805",
        "URL": "https://arxiv.org/abs/1810.04805",
        "DOI": "10.48550/arXiv.1810.04805",
        "abstract": "two lines",
        "keyword": "nlp, must-read",
    }


def test_a_journal_article_and_a_report() -> None:
    article = csl_item(
        {
            "title": "LSTM",
            "journal_ref": "Neural Computation 1997",
            "year": 1997,
            "volume": 9,
            "pages": "1735--1780",
            "doi": "10.1162/neco.1997.9.8.1735",
            "url": "https://doi.org/x",
            "published": "1998-01-01T00:00:00",  # disagrees with the year: the year wins
        },
        "k",
    )
    assert article["type"] == "article-journal"
    assert article["container-title"] == "Neural Computation"
    assert (article["volume"], article["page"]) == ("9", "1735-1780")
    assert article["issued"] == {"date-parts": [[1997]]}
    assert (article["DOI"], article["URL"]) == ("10.1162/neco.1997.9.8.1735", "https://doi.org/x")
    report = csl_item({"title": "GPT", "venue": "OpenAI technical report"}, "r")
    assert report["type"] == "report" and report["publisher"] == "OpenAI technical report"
    assert "container-title" not in report and "issued" not in report


def test_csl_text_of_the_library_and_of_a_list(full_lib: Library, tmp_path: Path) -> None:
    view = my_view(full_lib)
    out = csl_text(full_lib)
    items = json.loads(out.text)
    assert out.entries == len(items) == len(view["papers"])
    assert [i["id"] for i in items] == sorted(p["key"] for p in view["papers"])
    att = next(i for i in items if i.get("number") == "arXiv:1706.03762")
    assert att["type"] == "paper-conference"  # its journal_ref names NeurIPS
    assert sorted(att["keyword"].split(", ")) == ["must-read", "transformers"]

    listed = json.loads(csl_text(full_lib, list_name="transformers-core").text)
    rl = next(x for x in view["lists"] if x["name"] == "transformers-core")
    assert [i["id"] for i in listed] == [e["paper"] for e in rl["entries"]]

    file = tmp_path / "refs.json"
    written = export_csljson(full_lib, file, list_name="transformers-core")
    assert written.path == file and json.loads(file.read_text(encoding="utf-8")) == listed


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
