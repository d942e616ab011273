"""Metadata from the PDF alone: first pages in real-world layouts made here, the two CC-BY
papers of ../shared against their GROBID parses, the fill rules, and ``add --pdf`` offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.parse.authors import names_in
from paperdesk.parse.fill import fill_missing
from paperdesk.parse.metadata import fix_case
from paperdesk.parse.venue import dated_years, venues
from paperdesk.services.parse import parse_papers
from paperdesk.storage.models import Paper
from tests.conftest import run_cli, shared_path
from tests.parse.frontpages import LAYOUTS, VIT_TITLE, Front
from tests.parse.frontpages_hard import HARD_LAYOUTS
from tests.parse.test_service import add_with_pdf

FIELDS = ("title", "authors", "year", "doi", "venue", "arxiv_id")


@pytest.fixture(scope="module")
def fronts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Front, dict[str, Any]]]:
    from paperdesk.parse.document import parse_pdf

    folder = tmp_path_factory.mktemp("fronts")
    out = {}
    for name, build in (LAYOUTS | HARD_LAYOUTS).items():
        front = build(folder / f"{name}.pdf")
        out[name] = (front, parse_pdf(front.path))
    return out


@pytest.mark.parametrize("layout", sorted(LAYOUTS | HARD_LAYOUTS))
def test_each_layout_gives_what_its_first_page_prints(
    fronts: dict[str, tuple[Front, dict[str, Any]]], layout: str
) -> None:
    front, result = fronts[layout]
    meta = result["metadata"]
    got = {f: meta[f] for f in FIELDS}
    want = {f: getattr(front, f) for f in FIELDS}
    assert got == want
    assert set(meta["sources"]) == {f for f in FIELDS if want[f]}
    assert result["title"] == meta["title"]
    assert result["arxiv_id"] == meta["arxiv_id"]


def test_sources_say_where_each_field_came_from(
    fronts: dict[str, tuple[Front, dict[str, Any]]],
) -> None:
    arxiv = fronts["arxiv"][1]["metadata"]["sources"]
    assert arxiv == {
        "arxiv_id": "pdf:stamp",
        "year": "pdf:stamp",
        "title": "pdf:layout",
        "authors": "pdf:layout",
    }
    assert fronts["neurips"][1]["metadata"]["sources"]["doi"] == "pdf:xmp"
    info = fronts["info"][1]["metadata"]["sources"]
    assert info == {"title": "pdf:info", "authors": "pdf:info"}
    # the venue footnote beats the copyright line, and both beat nothing
    assert fronts["acm"][1]["metadata"]["sources"]["year"] == "pdf:layout"


def test_info_dict_junk_is_ignored(fronts: dict[str, tuple[Front, dict[str, Any]]]) -> None:
    """The LNCS file's Info says "Microsoft Word - eccv_final.docx" by "asmith"."""
    meta = fronts["lncs"][1]["metadata"]
    assert meta["title"] == "Contrastive Pretraining for Scene Graph Generation"
    assert "asmith" not in " ".join(meta["authors"]).lower()


def test_all_caps_title_gets_title_case_and_keeps_acronyms() -> None:
    assert fix_case(VIT_TITLE) == (
        "An Image Is Worth 16x16 Words: Transformers for Image Recognition at Scale"
    )
    words = {"bert": "BERT"}
    assert (
        fix_case(
            "BERT: PRE-TRAINING OF DEEP BIDIRECTIONAL TRANSFORMERS FOR LANGUAGE UNDERSTANDING",
            words,
        )
        == "BERT: Pre-Training of Deep Bidirectional Transformers for Language Understanding"
    )
    assert fix_case("Attention Is All You Need") == "Attention Is All You Need"
    assert (
        fix_case("NEURAL RADIANCE FIELDS FOR 3D SCENES") == "Neural Radiance Fields for 3D Scenes"
    )


def test_pages_with_little_on_them_give_empty_metadata() -> None:
    """A figure-only first page, or lines that are all body text: nothing invented, no error
    (a texlive-wide smoke run found an empty edge list once)."""
    from paperdesk.parse.extract import Line, Page
    from paperdesk.parse.metadata import extract_metadata

    empty = extract_metadata(Page(1, 612, 792, []), [], 10.0, info={}, xmp="")
    assert empty.as_dict() == {
        "title": None,
        "authors": [],
        "year": None,
        "doi": None,
        "venue": None,
        "arxiv_id": None,
        "sources": {},
    }
    body = [
        Line(1, 72, 300 + 12 * i, 540, 310 + 12 * i, "plain running text " * 4, 10, False, 0)
        for i in range(5)
    ]
    meta = extract_metadata(Page(1, 612, 792, body), body, 10.0, info={"title": "Untitled"})
    assert (meta.title, meta.authors, meta.year) == (None, [], None)
    assert venues([]) == ([], [])


def _tei(path: Path) -> tuple[str, list[str]]:
    import xml.etree.ElementTree as ET

    ns = "{http://www.tei-c.org/ns/1.0}"
    root = ET.parse(path).getroot()
    title = root.find(f".//{ns}titleStmt/{ns}title").text  # type: ignore[union-attr]
    head = root.find(f".//{ns}sourceDesc/{ns}biblStruct")
    surnames = [s.text or "" for s in head.iter(f"{ns}surname")]  # type: ignore[union-attr]
    return title or "", surnames


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.parametrize(
    ("name", "year", "venue"),
    [
        ("2020.acl-main.207", 2020, "Proceedings of the 58th Annual Meeting of the Association"),
        ("N18-3011", 2018, "Proceedings of NAACL-HLT 2018"),
    ],
)
def test_real_papers_agree_with_grobid(name: str, year: int, venue: str) -> None:
    """Title and ordered authors as GROBID read them; the year and venue of the ACL
    Anthology footer (GROBID's TEI leaves the date empty)."""
    from paperdesk.parse.document import parse_pdf

    pdf = shared_path("fixtures", "pdfs", f"{name}.pdf")
    title, surnames = _tei(pdf.with_suffix(".tei.xml"))
    meta = parse_pdf(pdf)["metadata"]
    assert _norm(meta["title"]) == _norm(title)
    # GROBID's surname "Van Zuylen" is our "Madeleine van Zuylen"
    assert [a.split()[-1].lower() for a in meta["authors"]] == [
        s.split()[-1].lower() for s in surnames
    ]
    assert meta["year"] == year
    assert meta["venue"].startswith(venue)
    assert meta["doi"] is None and meta["arxiv_id"] is None  # neither is printed


def test_fill_only_what_is_empty(empty_lib: Library) -> None:
    meta = {
        "title": "LoRA: Low-Rank Adaptation of Large Language Models",
        "authors": ["Edward J. Hu", "Yelong Shen"],
        "year": 2021,
        "doi": "10.48550/arxiv.2106.09685",
        "venue": "ICLR 2022",
        "arxiv_id": "2106.09685v2",
        "sources": {"title": "pdf:layout", "authors": "pdf:layout", "year": "pdf:stamp"},
    }
    with empty_lib.session() as s:
        bare = Paper(key="bare", arxiv_id="2106.09685", title="arXiv:2106.09685")
        typed = Paper(
            key="typed",
            title="My LoRA notes",
            authors=["Ed Hu"],
            year=2022,
            metadata_sources={"title": "user", "authors": "user", "year": "user"},
        )
        s.add_all([bare, typed])
        s.flush()
        assert fill_missing(bare, meta) == ["title", "authors", "year", "doi", "venue"]
        assert fill_missing(typed, meta) == ["doi", "venue"]
        assert fill_missing(typed, {"year": "2020", "authors": "nobody"}) == []
        assert fill_missing(typed, None) == []
    with empty_lib.session() as s:
        bare = s.scalars(select(Paper).where(Paper.key == "bare")).one()
        assert (bare.title, bare.authors, bare.year) == (
            meta["title"],
            ["Edward J. Hu", "Yelong Shen"],
            2021,
        )
        assert bare.metadata_sources == {
            "title": "pdf:layout",
            "authors": "pdf:layout",
            "year": "pdf:stamp",
            "doi": "pdf",
            "venue": "pdf",
        }
        typed = s.scalars(select(Paper).where(Paper.key == "typed")).one()
        assert (typed.title, typed.authors, typed.year) == ("My LoRA notes", ["Ed Hu"], 2022)
        assert typed.metadata_sources["year"] == "user"


def test_parse_fills_a_fetched_paper_without_metadata(
    empty_lib: Library, fronts: dict[str, tuple[Front, dict[str, Any]]]
) -> None:
    """The ``parse`` path (a non-arXiv paper whose PDF was fetched): empty fields filled,
    the title it was added with kept."""
    front = fronts["ieee"][0]
    add_with_pdf(
        empty_lib, "resnetish", front.path, title="Deep Residual Learning for Image Recognition"
    )
    [r] = parse_papers(empty_lib).results
    assert r.status == "parsed"
    with empty_lib.session() as s:
        paper = s.scalars(select(Paper).where(Paper.key == "resnetish")).one()
        assert paper.title == "Deep Residual Learning for Image Recognition"
        assert (paper.authors, paper.year, paper.doi, paper.venue) == (
            front.authors,
            front.year,
            front.doi,
            front.venue,
        )
        assert paper.metadata_sources["doi"] == "pdf:layout"


def test_add_pdf_offline_gives_authors_and_year(home: Path, tmp_path: Path) -> None:
    front = LAYOUTS["acm"](tmp_path / "kdd.pdf")
    out = run_cli("add", "--pdf", str(front.path), "--json")
    assert out.returncode == 0, out.stderr
    listed = json.loads(run_cli("papers", "--year", "2020", "--json").stdout)["papers"]
    [paper] = [p for p in listed if p["title"] == front.title]
    assert paper["authors"] == front.authors
    assert paper["doi"] == front.doi
    assert paper["id"].startswith("lovelace2020")  # a key from the PDF's own metadata
    shown = json.loads(run_cli("show", paper["id"], "--json").stdout)
    assert shown["venue"] == front.venue
    assert shown["metadata_sources"]["authors"] == "pdf:layout"
    assert front.venue in run_cli("show", paper["id"]).stdout


def test_add_pdf_keeps_what_the_user_typed(home: Path, tmp_path: Path) -> None:
    """--title/--year/--author win over the PDF; the PDF fills only the rest (the DOI). A
    title that names another paper than the PDF's first page is refused unless --force."""
    front = LAYOUTS["ieee"](tmp_path / "ieee.pdf")
    typed = ["--title", "My ResNet Notes", "--year", "2019", "--author", "Some One"]
    refused = run_cli("add", "--pdf", str(front.path), *typed)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: ieee.pdf looks like another paper: its title is '{front.title}', the title "
        "you gave is 'My ResNet Notes' (--force to attach it anyway)\n"
    )
    assert "My ResNet Notes" not in run_cli("papers", "--json").stdout
    out = run_cli("add", "--pdf", str(front.path), *typed, "--force")
    assert out.returncode == 0, out.stderr
    listed = json.loads(run_cli("papers", "--year", "2019", "--json").stdout)["papers"]
    [paper] = [p for p in listed if p["title"] == "My ResNet Notes"]
    assert paper["authors"] == ["Some One"]
    assert paper["doi"] == front.doi
    assert run_cli("papers", "--year", "2019", "--json").stdout.count(front.title) == 0


def test_document_kinds_and_logo_placeholders_are_no_titles() -> None:
    from paperdesk.parse.headings import NOT_TITLE

    for text in ("Image", "SEMINARARBEIT", "Master's Thesis", "Title"):
        assert NOT_TITLE.fullmatch(text), text
    assert not NOT_TITLE.fullmatch("“Title of the Paper”")
    assert not NOT_TITLE.fullmatch("Image Transformers at Scale")


_TEMPLATES = Path("/usr/share/doc/texlive-doc/latex")


@pytest.mark.parametrize(
    ("rel", "title", "first", "year"),
    [
        ("univie-ling/templates/template-paper-english.pdf", "Title of the Paper", "Surname", 2022),
        ("prociagssymp/TestprocIAGssymp.pdf", "The package procIAGssymp.sty", "Benciolini", None),
        ("llncs/llncsdoc.pdf", "Instructions for Using Springer", None, 2022),
        ("abntex2/examples/abntex2-modelo-artigo.pdf", "Modelo Canônico", "Araujo", 2018),
        ("bfh-ci/DEMO-BFHPub.pdf", "BFH-CI", "Peischl", 2021),
    ],
)
def test_texlive_template_front_pages(
    rel: str, title: str, first: str | None, year: int | None
) -> None:
    from paperdesk.parse.document import parse_pdf

    path = _TEMPLATES / rel
    if not path.exists():
        pytest.skip(f"{rel} is not installed (texlive-publishers-doc)")
    result = parse_pdf(path)
    meta = result["metadata"]
    assert title in result["title"]
    authors = meta.get("authors") or []
    assert not any("No " in a or a == "Course Title" for a in authors)
    if first:
        assert authors and authors[0].endswith(first)
    if year:
        assert meta.get("year") == year


@pytest.mark.parametrize(
    ("rel", "title", "abstract"),
    [
        ("mlacls/mla-example.pdf", "Sample MLA Document", None),
        ("nwejm/examples/article-in-english.pdf", "Article’s Title (English)", "Lorem ipsum"),
        ("acmart/samples/sample-acmsmall.pdf", "The Name of the Title Is Hope", "A clear and"),
        ("ieeeconf/IEEEconf.pdf", "The IEEEconf class", None),
    ],
)
def test_texlive_titles_and_unheaded_abstracts(rel: str, title: str, abstract: str | None) -> None:
    from paperdesk.parse.document import parse_pdf

    path = _TEMPLATES / rel
    if not path.exists():
        pytest.skip(f"{rel} is not installed (texlive-publishers-doc)")
    result = parse_pdf(path)
    assert result["title"] == title
    if rel.startswith("mlacls"):  # MLA: the writer's name heads the lines above the title
        assert result["metadata"]["authors"] == ["John Doe"]
    if abstract is None:  # IEEEconf's "4.5 Abstract" documents the command: no abstract
        assert result["abstract"] is None
    else:
        assert (result["abstract"] or "").startswith(abstract)


def _front_page(
    path: Path,
    title: list[tuple[str, float]],
    names: list[tuple[str, str]],
    *,
    under: str = "",
    info_title: str = "",
) -> Path:
    """A first page: title lines (text, size), one line of names each followed by its raised
    affiliation mark in a smaller size, an optional line under the names, an abstract."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 100.0
    for text, size in title:
        page.insert_text((72, y), text, fontsize=size, fontname="tibo")
        y += size * 1.4
    x, y = 72.0, y + 10
    for k, (name, mark) in enumerate(names):
        name = (", " if k else "") + name
        page.insert_text((x, y), name, fontsize=10, fontname="tiro")
        x += pymupdf.get_text_length(name, fontname="tiro", fontsize=10)
        page.insert_text((x, y - 3.6), mark, fontsize=7, fontname="tiro")
        x += pymupdf.get_text_length(mark, fontname="tiro", fontsize=7)
    if under:
        y += 16
        page.insert_text((72, y), under, fontsize=10, fontname="tiro")
    page.insert_text((72, y + 30), "Abstract", fontsize=10, fontname="tibo")
    page.insert_text((72, y + 44), "We read every page once and keep its words.", fontsize=10)
    if info_title:
        doc.set_metadata({"title": info_title})
    doc.save(str(path))
    return path


def test_affiliation_letters_and_a_date_are_no_part_of_the_names(tmp_path: Path) -> None:
    """Elsevier and Language Science Press raise a letter (with numbers) after each name;
    a class manual prints "Printed April 16, 2004" under its author."""
    import paperdesk.parse.document as document

    path = _front_page(
        tmp_path / "front.pdf",
        [("Reading Layouts of Real Papers", 16)],
        [("Jos Migchielsen", "a,1,*"), ("Noam Chimpsky", "b"), ("Jane Wilson", "c,2")],
        under="Printed April 16, 2004",
    )
    meta = document.parse_pdf(path)["metadata"]
    assert meta["authors"] == ["Jos Migchielsen", "Noam Chimpsky", "Jane Wilson"]
    assert names_in("Printed April 16, 2004") == ([], False)
    assert names_in("Ada Lovelace, 1 Feb 2011")[0] == ["Ada Lovelace"]


def test_a_title_ending_in_a_colon_goes_on_in_its_subtitle(tmp_path: Path) -> None:
    """lps: "The lps class:" / "layout for the Logic & Philosophy of Science journal" in a
    smaller size, the Info title only the first line."""
    import paperdesk.parse.document as document

    path = _front_page(
        tmp_path / "front.pdf",
        [("The lps class:", 17), ("layout for the Logic & Philosophy of Science journal", 14.5)],
        [("Gustavo Cevolani", "")],
        info_title="The lps class",
    )
    result = document.parse_pdf(path)
    assert result["title"] == "The lps class: layout for the Logic & Philosophy of Science journal"


def test_german_and_french_front_lines() -> None:
    """TUDaPub: "Marei Peischl* und der TEX-Löwe" / "11. Dezember 2022"."""
    assert names_in("Marei Peischl und der TEX-Löwe")[0] == ["Marei Peischl"]
    assert names_in("Jean Dupont et Marie Curie")[0] == ["Jean Dupont", "Marie Curie"]
    assert names_in("Petra Mustermann, 11. Dezember 2022")[0] == ["Petra Mustermann"]
    assert [f.value for f in dated_years(["11. Dezember 2022"])] == ["2022"]
    assert [f.value for f in dated_years(["1er juillet 2021"])] == ["2021"]
