"""Code and data links: on PDFs made here (a URL broken across lines after "available at", a
footnote URL, a hyperlink, a reference-list URL that is someone else's) and on the two CC-BY
papers of ../shared, each link the paper prints is found with its page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from paperdesk.library import Library
from paperdesk.parse.document import parse_pdf
from paperdesk.parse.links import classify, find_links, normalise
from paperdesk.services.parse import parse_papers
from paperdesk.storage import repository as repo
from tests.conftest import run_cli, shared_path

PAPER = "1706.03762"
FILLER = (
    "The model is trained on a large corpus of text and evaluated on several benchmarks; "
    "we report the mean of five runs with different seeds in every table of this paper. "
)


def linked_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    one = doc.new_page()
    lines = [
        "Abstract",
        "We present a small model for testing link extraction. Our code is available at",
        "https://github.com/example-lab/",
        "link-finder, together with the scripts for every experiment.",
    ]
    for i, text in enumerate(lines):
        one.insert_text((72, 90 + 14 * i), text, fontsize=10)
    one.insert_textbox(pymupdf.Rect(72, 160, 540, 600), FILLER * 6, fontsize=10)
    # a hyperlink on words that are not a URL
    one.insert_text((72, 620), "Trained weights: see our models page.", fontsize=10)
    where = one.search_for("our models page")[0]
    one.insert_link(
        {"kind": pymupdf.LINK_URI, "from": where, "uri": "https://huggingface.co/example/finder"}
    )
    two = doc.new_page()
    two.insert_textbox(pymupdf.Rect(72, 72, 540, 600), FILLER * 6 + "The corpus.3", fontsize=10)
    two.insert_text((72, 760), "3https://huggingface.co/datasets/example/", fontsize=7)
    two.insert_text((72, 769), "finder-corpus", fontsize=7)
    three = doc.new_page()
    three.insert_text((72, 90), "References", fontsize=12)
    three.insert_textbox(
        pymupdf.Rect(72, 100, 540, 300),
        "A. Other. 2020. Someone else's work. https://github.com/other/work\n"
        "B. Doi. 2021. A journal paper. https://doi.org/10.1000/xyz",
        fontsize=9,
    )
    doc.save(path)
    return path


def test_links_on_a_made_pdf(tmp_path: Path) -> None:
    found = {x["url"]: x for x in parse_pdf(linked_pdf(tmp_path / "links.pdf"))["links"]}
    code = found["https://github.com/example-lab/link-finder"]  # joined across the line break
    assert (code["page"], code["kind"], code["found"]) == (1, "code", "text")
    assert "Our code is available at" in code["context"]
    data = found["https://huggingface.co/datasets/example/finder-corpus"]
    assert (data["page"], data["kind"], data["found"]) == (2, "data", "footnote")
    hub = found["https://huggingface.co/example/finder"]
    assert (hub["page"], hub["kind"], hub["found"]) == (1, "model", "link")
    assert "https://github.com/other/work" not in found  # the reference list's
    assert not any("doi.org" in u for u in found)
    assert next(iter(found)) == "https://github.com/example-lab/link-finder"


@pytest.mark.parametrize(
    ("url", "context", "kind"),
    [
        ("https://github.com/a/b", "", "code"),
        ("https://github.com/", "", None),
        ("https://huggingface.co/datasets/x/y", "", "data"),
        ("https://zenodo.org/record/1", "", "data"),
        ("http://allenai.org/software/", "", "code"),
        ("http://allenai.org/data.html", "", "data"),
        ("https://example.org/x", "the code is available at", "code"),
        ("https://example.org/x", "see the blog post", None),
        ("https://arxiv.org/abs/1706.03762", "code is available", None),
    ],
)
def test_classify(url: str, context: str, kind: str | None) -> None:
    assert classify(url, context) == kind


def test_lines_without_hyperlinks_and_a_cut_that_is_no_url() -> None:
    """On lines alone: a URL cut after ``/`` is joined, a page number below a URL is not, and
    a sentence after a URL is not part of it."""

    @dataclass
    class Line:
        page: int
        text: str
        footnote: bool = False

    lines = [
        Line(1, "The code is available at https://gitlab.com/lab/"),
        Line(1, "tool-x and runs on CPUs."),
        Line(2, "5http://example.org/software/", footnote=True),
        Line(2, "12"),
        Line(3, "See https://github.com/a/b. The rest"),
    ]
    found = {x["url"]: (x["page"], x["found"]) for x in find_links(lines)}
    assert found == {
        "https://gitlab.com/lab/tool-x": (1, "text"),
        "http://example.org/software/": (2, "footnote"),
        "https://github.com/a/b": (3, "text"),
    }


def test_normalise() -> None:
    assert normalise("www.GitHub.com/a/b).") == "https://github.com/a/b"
    assert normalise("https://x.org/a_(b)") == "https://x.org/a_(b)"


def test_parse_stores_links_and_repro_uses_the_first(lib: Library, tmp_path: Path) -> None:
    pdf = linked_pdf(tmp_path / "links.pdf")
    with lib.session() as s:
        repo.find_paper(s, PAPER).pdf_path = str(pdf)
    report = parse_papers(lib, [PAPER])
    assert report.counts()["parsed"] == 1, report.results
    shown = json.loads(run_cli("show", PAPER, "--json").stdout)
    pages = {x["url"]: (x["page"], x["kind"]) for x in shown["links"]}
    assert pages["https://github.com/example-lab/link-finder"] == (1, "code")
    assert pages["https://huggingface.co/datasets/example/finder-corpus"] == (2, "data")
    text = run_cli("show", PAPER).stdout
    assert "code: https://github.com/example-lab/link-finder  (p. 1)" in text
    out = run_cli("repro", PAPER, "repo", "--from-paper")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("repository https://github.com/example-lab/link-finder")
    both = run_cli("repro", PAPER, "repo", "https://x.org", "--from-paper")
    assert both.returncode == 2 and "give a URL or --from-paper" in both.stderr
    # parsing again replaces the links, never duplicates them
    parse_papers(lib, [PAPER], force=True)
    again = json.loads(run_cli("show", PAPER, "--json").stdout)["links"]
    assert [x["url"] for x in again] == [x["url"] for x in shown["links"]]


def test_a_paper_without_links_says_why(lib: Library) -> None:
    out = run_cli("repro", "1810.04805", "repo", "--from-paper")
    assert out.returncode == 1 and "is not parsed yet" in out.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "2020.acl-main.207.pdf",  # SPECTER
            {
                "https://github.com/allenai/specter": 1,
                "https://github.com/allenai/scidocs": 2,
                "https://github.com/UKPLab/sentence-transformers": 13,  # cut after "github.com/"
            },
        ),
        (
            "N18-3011.pdf",  # Construction of the Literature Graph in Semantic Scholar
            {
                "http://allenai.org/software/": 3,  # cut after "http://"
                "https://github.com/allenai/openie-standalone": 5,
                "https://github.com/allenai/deepfigures-open": 7,
                "https://github.com/allenai/citeomatic": 7,
                "https://github.com/allenai/science-parse": 7,
                "http://labs.semanticscholar.org/corpus/": 7,
                "http://allenai.org/data.html": 7,
            },
        ),
    ],
)
def test_links_of_the_shared_papers(name: str, expected: dict[str, int]) -> None:
    path = shared_path("fixtures", "pdfs", name)
    found = {x["url"]: x["page"] for x in parse_pdf(path)["links"]}
    assert {u: found.get(u) for u in expected} == expected
    if name.startswith("2020"):  # SPECTER's own repository comes first
        assert next(iter(found)) == "https://github.com/allenai/specter"


def test_template_and_publisher_pages_are_not_code() -> None:
    cue = "The template is available at"
    assert classify("https://acm.org/publications/proceedings-template", cue) is None
    assert classify("https://www.ieee.org/conferences/publishing/templates.html", "") is None
    assert classify("https://ctan.org/pkg/acmart", cue) is None
    assert classify("https://github.com/someone/acm-template", "") == "code"
    assert classify("https://example.org/~me/project", "our code is available at") == "code"
