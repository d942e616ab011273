"""``add_pdfs``: many PDFs in one go, each recognised when its paper is in the library already
(the same file, arXiv stamp, DOI, or title and year), a bad file failing alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from paperdesk.library import Library
from paperdesk.services.intake import add_pdfs
from paperdesk.services.papers import add_other
from paperdesk.storage import repository as repo
from paperdesk.storage.models import ListEntry, Paper, Passage, ReadingList
from tests.services.paperpdfs import paper_pdf

LORA_STAMP = "arXiv:2106.09685v2 [cs.CL] 16 Oct 2021"


def _papers(lib: Library) -> int:
    with lib.session() as s:
        return s.scalar(select(func.count()).select_from(Paper)) or 0


def test_the_same_pdf_twice_is_one_paper(empty_lib: Library, tmp_path: Path) -> None:
    pdf = paper_pdf(tmp_path / "adapters.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    copy = tmp_path / "elsewhere" / "copy.pdf"
    copy.parent.mkdir()
    shutil.copy(pdf, copy)
    first = add_pdfs(empty_lib, [pdf, copy])
    assert [r.status for r in first.results] == ["added", "exists"]
    assert first.results[1].id == first.results[0].id and first.results[1].matched_by == "file"
    again = add_pdfs(empty_lib, [pdf])
    (row,) = again.results
    assert (row.status, row.id, row.matched_by) == ("exists", first.results[0].id, "file")
    assert _papers(empty_lib) == 1
    with empty_lib.session() as s:
        paper = s.scalar(select(Paper))
        assert paper.title == "Quantised Adapters for Frugal Fine-Tuning"
        assert paper.authors == ["Ada Lovelace", "Alan Turing"] and paper.year == 2021
        assert paper.parse_status == "parsed" and paper.pdf_sha256


def test_a_pdf_whose_doi_is_in_the_library_is_attached_to_that_paper(
    empty_lib: Library, tmp_path: Path
) -> None:
    doi = "10.1145/3442188.3445922"
    known = add_other(
        empty_lib,
        title="Frugal adapters (preprint title)",
        year=None,
        authors=[],
        url=None,
        doi=doi,
    )
    pdf = paper_pdf(tmp_path / "p.pdf", "Quantised Adapters for Frugal Fine-Tuning", doi=doi)
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert (row.status, row.matched_by) == ("attached", "doi")
    assert _papers(empty_lib) == 1
    with empty_lib.session() as s:
        paper = s.scalar(select(Paper))
        assert paper.key == row.id, "its provisional key became a real one (authors arrived)"
        assert repo.find_paper(s, known.id or "") is paper, "and the old key still names it"
        assert paper.pdf_path and paper.parse_status == "parsed"
        assert paper.title == "Frugal adapters (preprint title)", "the user's title stays"
        assert paper.authors == ["Ada Lovelace", "Alan Turing"], "empty fields are filled"
    assert add_pdfs(empty_lib, [pdf]).results[0].status == "exists"


def test_a_stamped_pdf_of_a_seeded_paper_is_that_paper(lib: Library, tmp_path: Path) -> None:
    before = _papers(lib)
    pdf = paper_pdf(tmp_path / "lora.pdf", "LoRA: Low-Rank Adaptation", stamp=LORA_STAMP)
    (row,) = add_pdfs(lib, [pdf]).results
    assert (row.status, row.matched_by) == ("attached", "arxiv")
    assert _papers(lib) == before
    with lib.session() as s:
        paper = s.scalar(select(Paper).where(Paper.arxiv_id == "2106.09685"))
        assert paper.key == row.id and paper.pdf_version == 2
        assert paper.title.startswith("LoRA: Low-Rank Adaptation of Large Language Models")


def test_title_and_year_recognise_a_paper_added_by_hand(empty_lib: Library, tmp_path: Path) -> None:
    known = add_other(
        empty_lib,
        title="Quantised adapters for frugal fine tuning",
        year=2021,
        authors=["Ada Lovelace"],
        url="https://example.org/adapters",
        doi=None,
    )
    pdf = paper_pdf(tmp_path / "p.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert (row.status, row.id, row.matched_by) == ("attached", known.id, "title")
    other_year = paper_pdf(
        tmp_path / "q.pdf", "Quantised Adapters for Frugal Fine-Tuning", word="zebra", year=2023
    )
    assert add_pdfs(empty_lib, [other_year]).results[0].status == "added", (
        "the same title in another year is another paper"
    )


def test_bad_files_fail_alone_in_input_order(empty_lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    paper_pdf(folder / "a.pdf", "Quantised Adapters for Frugal Fine-Tuning")
    paper_pdf(folder / "sub" / "c.pdf", "Sparse Mixtures of Tiny Experts", word="experts")
    (folder / "b.pdf").write_text("<!doctype html><html><body>Just a moment…</body></html>")
    (folder / "d.pdf").write_bytes(b"%PDF-1.7\n1 0 obj garbage\n%%EOF\n")
    (folder / "notes.txt").write_text("not a PDF and not named like one")
    report = add_pdfs(empty_lib, [folder, tmp_path / "missing.pdf"], list_name="intake")
    rows = {Path(r.path).name: r for r in report.results}
    assert set(rows) == {"missing.pdf", "a.pdf", "b.pdf", "c.pdf", "d.pdf"}
    assert rows["missing.pdf"].reason == "no such file or folder"
    assert rows["b.pdf"].status == "failed" and "HTML" in rows["b.pdf"].reason
    assert rows["d.pdf"].status == "failed" and rows["d.pdf"].reason
    assert rows["a.pdf"].status == rows["c.pdf"].status == "added"
    assert report.counts() == {"added": 2, "attached": 0, "exists": 0, "failed": 3}
    assert [Path(r.path).name for r in report.results[1:]] == ["a.pdf", "b.pdf", "d.pdf", "c.pdf"]
    with empty_lib.session() as s:
        listed = s.scalars(
            select(Paper.key)
            .join(ListEntry, ListEntry.paper_id == Paper.id)
            .join(ReadingList, ReadingList.id == ListEntry.list_id)
            .where(ReadingList.name == "intake")
        ).all()
        assert sorted(listed) == sorted([rows["a.pdf"].id, rows["c.pdf"].id])
        texts = s.scalars(select(Passage.text).where(Passage.kind == "body")).all()
        assert any("experts" in t for t in texts)
    assert sorted(p.name for p in empty_lib.settings.pdf_dir.iterdir()) == sorted(
        f"{rows[n].id}.pdf" for n in ("a.pdf", "c.pdf")
    ), "nothing half-written is left in the PDF folder"


def test_an_arxiv_doi_is_the_arxiv_paper(empty_lib: Library, tmp_path: Path) -> None:
    from paperdesk.services.papers import add_papers

    known = add_other(
        empty_lib,
        title="Frugal adapters",
        year=2021,
        authors=["Ada Lovelace"],
        url=None,
        doi="10.48550/arXiv.2106.09685",
    )
    (again,) = add_papers(empty_lib, ["2106.09685"])
    assert again.status == "exists"
    pdf = paper_pdf(tmp_path / "p.pdf", "Some Other Title Entirely", stamp=LORA_STAMP)
    (row,) = add_pdfs(empty_lib, [pdf]).results
    assert (row.status, row.matched_by) == ("attached", "arxiv")
    assert _papers(empty_lib) == 1 and known.id


def test_the_report_counts_the_citation_links_each_parse_made(
    empty_lib: Library, tmp_path: Path
) -> None:
    """B cites A (in the library already) by its arXiv id: B's parse links them as it is stored,
    and the batch says so (it said only what the final relink added: 0)."""
    import pymupdf

    from paperdesk.storage.models import Cite

    cited = paper_pdf(tmp_path / "a.pdf", "Sparse adapters for tiny models", stamp=LORA_STAMP)
    citing = paper_pdf(tmp_path / "b.pdf", "Dense adapters revisited", word="revisits")
    doc = pymupdf.open(citing)
    page = doc.new_page()
    page.insert_text((72, 80), "References", fontsize=12, fontname="hebo")
    entries = [
        "[1] A. Lovelace and A. Turing. Sparse adapters for tiny models. arXiv:2106.09685, 2021.",
        "[2] C. Babbage. Notes on engines. Scientific Memoirs, 1843.",
        "[3] G. Hopper. Compilers for everyone. Journal of Tests, 1952.",
    ]
    for k, entry in enumerate(entries):
        page.insert_text((72, 110 + 16 * k), entry, fontsize=9)
    doc.save(str(tmp_path / "b2.pdf"))
    add_pdfs(empty_lib, [cited])
    report = add_pdfs(empty_lib, [tmp_path / "b2.pdf"])
    with empty_lib.session() as s:
        made = s.scalar(select(func.count()).select_from(Cite)) or 0
    assert made == 1
    assert report.links == made


def test_each_added_pdf_says_what_its_parse_found(any_lib: Library, tmp_path: Path) -> None:
    """An added (or attached) PDF's row carries the pages, passages and references its parse
    found, the numbers ``parse`` reports and the library stores (SQLite and PostgreSQL); a
    file already there carries none."""
    from paperdesk.services.parse import parse_papers
    from paperdesk.storage.models import Reference
    from tests.services.test_papers import refs_pdf

    pdf = refs_pdf(tmp_path / "refs.pdf")
    [row] = add_pdfs(any_lib, [pdf]).results
    assert (row.status, row.parse_status, row.pages) == ("added", "parsed", 3)
    with any_lib.session() as s:
        pid = repo.find_paper(s, row.id or "").id
        refs = s.scalar(select(func.count()).where(Reference.paper_id == pid))
    assert row.references == refs >= 2 and row.passages > 0
    [again] = parse_papers(any_lib, [row.id or ""], force=True).results
    assert (again.pages, again.passages, again.references) == (
        row.pages,
        row.passages,
        row.references,
    )
    [same] = add_pdfs(any_lib, [pdf]).results
    assert same.status == "exists" and (same.pages, same.passages, same.references) == (0, 0, 0)
