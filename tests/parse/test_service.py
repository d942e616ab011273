"""parse_papers and attach_pdf on a real SQLite library, with the real worker processes."""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select, text

from paperdesk.errors import NotFoundError, ParseError
from paperdesk.library import Library
from paperdesk.parse import PARSER_VERSION
from paperdesk.paths import pdf_file, pdf_target, stored_pdf_path
from paperdesk.progress import Cancelled, NullProgress
from paperdesk.services.attach import attach_pdf
from paperdesk.services.papers import _section_label, add_other, add_papers, paper_detail
from paperdesk.services.parse import parse_papers, sha256_file
from paperdesk.storage.models import Paper, Passage, Reference, Section
from tests.parse.pdfs import Built, simple_pdf


def add_with_pdf(
    lib: Library,
    key: str,
    src: Path,
    *,
    arxiv: str | None = None,
    abstract: str | None = None,
    title: str | None = None,
) -> None:
    """What ``fetch`` leaves behind: a paper row and its PDF in the PDF folder. Without a
    ``title`` the paper has none yet (``arXiv:ID``, or empty), so that the parse's identity
    check has no title to hold the PDF's against (its arXiv stamp still counts)."""
    target = pdf_target(lib.settings, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    with lib.session() as s:
        s.add(
            Paper(
                key=key,
                arxiv_id=arxiv,
                title=title if title is not None else f"arXiv:{arxiv}" if arxiv else "",
                abstract=abstract,
                pdf_path=stored_pdf_path(lib.settings, target),
                pdf_sha256=sha256_file(target),
            )
        )


def test_parse_stores_outline_passages_and_references(empty_lib: Library, paper: Built) -> None:
    add_with_pdf(empty_lib, "2101.00001", paper.path, arxiv="2101.00001")
    report = parse_papers(empty_lib)
    [r] = report.results
    assert (r.key, r.status, r.pages, r.references) == ("2101.00001", "parsed", paper.pages, 8)
    assert r.passages >= 8
    with empty_lib.session() as s:
        p = s.scalar(select(Paper))
        assert p.parse_status == "parsed"
        assert (p.parsed_sha256, p.parser_version) == (p.pdf_sha256, PARSER_VERSION)
        assert p.abstract.startswith("We describe synthetic documents")
        passages = s.scalars(select(Passage).order_by(Passage.position)).all()
        # the reference list is stored for reading, as a kind search never ranks
        assert {x.kind for x in passages} == {"body", "refs"}
        assert {x.section for x in passages if x.kind == "refs"} == {"References"}
        assert [x.position for x in passages] == list(range(1, len(passages) + 1))
        for x in passages:
            assert x.content_hash == hashlib.sha256(x.text.encode()).hexdigest()
        refs = s.scalars(select(Reference).order_by(Reference.position)).all()
        assert refs[0].arxiv_id == "1706.03762"
        assert refs[6].doi == "10.18653/v1/2020.acl-main.207"
        hits = s.execute(
            text(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH "
                "'considerable AND synthetic'"
            )
        ).all()
        assert len(hits) >= 5, "keyword search works without any model"
        assert len(s.scalars(select(Section)).all()) == 6
    outline = paper_detail(empty_lib, "2101.00001", sections=True).sections
    counts = {_section_label(x.number, x.title): x.passages for x in outline or []}
    assert counts["1 Introduction"] >= 2 and counts["References"] >= 1
    assert outline is not None and outline[1].to_json() == {
        "number": "1",
        "title": "Introduction",
        "level": 1,
        "page": 1,
        "passages": counts["1 Introduction"],
    }


def test_unchanged_pdfs_are_skipped_and_force_reparses(empty_lib: Library, paper: Built) -> None:
    add_with_pdf(empty_lib, "2101.00001", paper.path, abstract="Kept as it is.")
    parse_papers(empty_lib)
    with empty_lib.session() as s:
        ids = s.scalars(select(Passage.id).order_by(Passage.id)).all()
    assert parse_papers(empty_lib).results == []
    assert [r.status for r in parse_papers(empty_lib, all_papers=True).results] == ["unchanged"]
    assert [r.status for r in parse_papers(empty_lib, ["2101.00001"]).results] == ["unchanged"]
    again = parse_papers(empty_lib, ["2101.00001"], force=True)
    assert [r.status for r in again.results] == ["parsed"]
    with empty_lib.session() as s:
        assert s.scalars(select(Passage.id).order_by(Passage.id)).all() == ids, (
            "an identical result leaves the passages (and the search index) alone"
        )
        assert s.scalar(select(Paper.abstract)) == "Kept as it is."
        s.scalar(select(Paper)).parser_version = "0"
    assert [r.status for r in parse_papers(empty_lib).results] == ["parsed"]


def test_failures_are_recorded_and_the_batch_goes_on(empty_lib: Library, pdfdir: Path) -> None:
    html = pdfdir / "x.pdf"
    html.write_text("<html><body>Please enable cookies</body></html>")
    add_with_pdf(empty_lib, "bad", html)
    add_with_pdf(empty_lib, "good", simple_pdf(pdfdir / "g.pdf"))
    with empty_lib.session() as s:
        s.add(Paper(key="nopdf", title="No PDF yet"))
    report = parse_papers(empty_lib, ["bad", "good", "nopdf"])
    got = {r.key: (r.status, r.reason) for r in report.results}
    assert got == {
        "bad": ("failed", "not a PDF (looks like HTML)"),
        "good": ("parsed", ""),
        "nopdf": ("skipped", "no PDF (run 'paperdesk fetch nopdf')"),
    }
    assert [r.key for r in report.failed] == ["bad"]
    with empty_lib.session() as s:
        bad = s.scalar(select(Paper).where(Paper.key == "bad"))
        assert bad.parse_status == "parse_failed: not a PDF (looks like HTML)"
    assert parse_papers(empty_lib).results == [], "a failed file is not retried until it changes"
    with pytest.raises(NotFoundError):
        parse_papers(empty_lib, ["no-such-paper"])
    beside = parse_papers(empty_lib, ["good", "no-such-paper"])  # the good one is still done
    assert [(r.key, r.status) for r in beside.results] == [
        ("no-such-paper", "failed"),
        ("good", "unchanged"),
    ]


def test_oversized_pdf_fails_without_parsing(empty_lib: Library, pdfdir: Path) -> None:
    add_with_pdf(empty_lib, "big", simple_pdf(pdfdir / "b.pdf", pages=3))
    empty_lib.settings = replace(empty_lib.settings, pdf_max_mb=0.001)
    [r] = parse_papers(empty_lib).results
    assert r.status == "failed" and r.reason.startswith("PDF too large")


def test_cites_links_both_ways(lib: Library, paper: Built) -> None:
    """The seeded library has the Transformer, BERT, RoBERTa, GPT-3 and T5 papers."""
    add_with_pdf(lib, "2101.00001", paper.path, arxiv="2101.00001")
    report = parse_papers(lib)

    def key(ref: str) -> str:  # papers are named by citation key, found by any id
        return paper_detail(lib, ref).id

    cites = {x.id for x in paper_detail(lib, "2101.00001").cites}
    cited = ("1706.03762", "1810.04805", "1907.11692", "2005.14165", "1910.10683")
    assert {key(ref) for ref in cited} <= cites
    assert key("2101.00001") in {x.id for x in paper_detail(lib, "1706.03762").cited_by}
    assert report.results[0].status == "parsed"
    # papers added after the citing one was parsed are linked as soon as they are added
    add_papers(lib, ["hep-th/9711200"])
    add_other(
        lib,
        title="SPECTER",
        year=2020,
        authors=[],
        url=None,
        doi="10.18653/V1/2020.acl-main.207",
        key="cohan2020specter",
    )
    cites = {x.id for x in paper_detail(lib, "2101.00001").cites}
    assert {key("hep-th/9711200"), "cohan2020specter"} <= cites
    assert parse_papers(lib).links == 0, "nothing left for the next parse run to link"
    assert {key("hep-th/9711200"), "cohan2020specter"} <= cites


class _StopAfterFirst(NullProgress):
    def __init__(self) -> None:
        self.done = 0

    def advance(self, n: int = 1, *, item: str | None = None, nbytes: int = 0) -> None:
        self.done += n

    def cancelled(self) -> bool:
        return self.done >= 1


def test_cancel_stops_hanging_workers(
    empty_lib: Library, pdfdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_PARSE_FAULT", "hang:slow*.pdf")
    add_with_pdf(empty_lib, "slow1", simple_pdf(pdfdir / "a.pdf"))
    add_with_pdf(empty_lib, "good", simple_pdf(pdfdir / "b.pdf"))
    add_with_pdf(empty_lib, "slow2", simple_pdf(pdfdir / "c.pdf"))
    start = time.monotonic()
    with pytest.raises(Cancelled):
        parse_papers(empty_lib, progress=_StopAfterFirst())
    assert time.monotonic() - start < 30  # far below the 120 s time limit
    with empty_lib.session() as s:
        status = dict(s.execute(select(Paper.key, Paper.parse_status)).all())
    assert status == {"slow1": None, "good": "parsed", "slow2": None}


def test_attach_by_arxiv_id(empty_lib: Library, paper: Built) -> None:
    key = attach_pdf(empty_lib, paper.path, ref="arXiv:2101.00002v1", list_name="mine")
    d = paper_detail(empty_lib, key, sections=True)
    assert d.arxiv_id == "2101.00002" and d.id == key
    assert d.title == "Synthetic Documents for Testing Extraction"
    assert d.parse_status == "parsed" and d.lists[0].name == "mine"
    stored = pdf_file(empty_lib.settings, d.pdf_path)
    assert (
        stored == pdf_target(empty_lib.settings, key)
        and stored.read_bytes() == paper.path.read_bytes()
    )
    assert d.pdf_sha256 == sha256_file(paper.path)
    assert not list(stored.parent.glob(".*.part"))


def test_attach_by_title_and_by_arxiv_stamp(empty_lib: Library, pdfdir: Path) -> None:
    key = attach_pdf(
        empty_lib,
        simple_pdf(pdfdir / "a.pdf"),
        title="A Local Report",
        year=2021,
        authors=("Grace Hopper",),
    )
    assert key == "hopper2021local"
    import pymupdf

    doc = pymupdf.open(simple_pdf(pdfdir / "s.pdf"))
    doc[0].insert_text((20, 600), "arXiv:2101.00003v2 [cs.CL] 4 Jan 2021", fontsize=14, rotate=90)
    doc.save(str(pdfdir / "stamped.pdf"))
    key = attach_pdf(empty_lib, pdfdir / "stamped.pdf")
    with empty_lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == key))
        assert (p.arxiv_id, p.pdf_version, p.parse_status) == ("2101.00003", 2, "parsed")


def test_attach_refuses_what_is_not_a_pdf(empty_lib: Library, pdfdir: Path) -> None:
    html = pdfdir / "paper.pdf"
    html.write_text("<!DOCTYPE html><title>Just a moment...</title>")
    with pytest.raises(ParseError, match="not a PDF"):
        attach_pdf(empty_lib, html, ref="2101.00004")
    with pytest.raises(NotFoundError, match="no such file"):
        attach_pdf(empty_lib, pdfdir / "missing.pdf", ref="2101.00004")
    data = simple_pdf(pdfdir / "ok.pdf").read_bytes()
    (pdfdir / "cut.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match="truncated"):
        attach_pdf(empty_lib, pdfdir / "cut.pdf", ref="2101.00004")
    with empty_lib.session() as s:
        assert s.scalars(select(Paper)).all() == []


def test_attach_keeps_an_encrypted_pdf_as_failed(empty_lib: Library, pdfdir: Path) -> None:
    locked = simple_pdf(pdfdir / "l.pdf", encryption=4, user_pw="u", owner_pw="o")
    key = attach_pdf(empty_lib, locked, ref="2101.00005")
    d = paper_detail(empty_lib, key)
    assert d.parse_status == "parse_failed: encrypted PDF (needs a password)"
    assert d.pdf_path


def test_parse_on_both_databases(any_lib: Library, paper: Built) -> None:
    """Stored rows, the keyword index and the citation links on SQLite and PostgreSQL."""
    add_with_pdf(any_lib, "2101.00001", paper.path, arxiv="2101.00001")
    report = parse_papers(any_lib)
    assert report.counts()["parsed"] == 1 and report.links >= 5
    with any_lib.session() as s:
        if any_lib.settings.is_sqlite:
            query = (
                "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH "
                "'considerable AND synthetic'"
            )
        else:
            query = (
                "SELECT count(*) FROM passages "
                "WHERE tsv @@ plainto_tsquery('english', 'considerable synthetic')"
            )
        assert s.scalar(text(query)) >= 5
    again = parse_papers(any_lib, force=True)
    assert again.counts()["parsed"] == 1 and again.links == 0
