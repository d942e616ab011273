"""One bad PDF or result fails that paper as ``parse_failed: <reason>``; the batch goes on, on
SQLite and PostgreSQL (where a value longer than its column aborts the transaction)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.services.parse import _Job, _store, parse_papers
from paperdesk.storage.models import Paper, Section
from tests.parse.pdfs import Layout, sentence, wrap
from tests.parse.test_service import add_with_pdf

LONG_NUMBER = "A.1.1.1.1.1.1.1.1.1.1.1"


def deep_appendix_pdf(path: Path) -> Path:
    """A paper whose appendix heading is numbered past the 20 characters of sections.number."""
    import pymupdf

    doc = pymupdf.open()
    lay = Layout(doc)
    for heading, first in (("1 Introduction", 0), (f"Appendix {LONG_NUMBER}: Proofs", 40)):
        lay.y += 8
        lay.line(heading, 12, bold=True)
        for line in wrap(" ".join(sentence(first + i) for i in range(30))):
            lay.line(line)
    doc.save(str(path))
    doc.close()
    return path


@pytest.mark.postgres
def test_a_heading_longer_than_its_column_does_not_stop_the_batch(
    any_lib: Library, tmp_path: Path
) -> None:
    deep = deep_appendix_pdf(tmp_path / "deep.pdf")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(deep.read_bytes()[:3000])
    add_with_pdf(any_lib, "deep2020", deep)
    add_with_pdf(any_lib, "cut2020", cut)
    add_with_pdf(any_lib, "fine2020", deep)
    report = parse_papers(any_lib)
    status = {r.key: r.status for r in report.results}
    assert status == {"deep2020": "parsed", "cut2020": "failed", "fine2020": "parsed"}
    with any_lib.session() as s:
        numbers = set(s.scalars(select(Section.number)))
        stored = {p.key: p.parse_status for p in s.scalars(select(Paper))}
    assert LONG_NUMBER[:20] in numbers
    assert stored["cut2020"].startswith("parse_failed: ")
    assert parse_papers(any_lib).counts()["failed"] == 0  # unchanged: nothing stops a re-run


@pytest.mark.postgres
def test_a_result_the_database_refuses_becomes_parse_failed(
    any_lib: Library, tmp_path: Path
) -> None:
    add_with_pdf(any_lib, "odd2020", deep_appendix_pdf(tmp_path / "odd.pdf"))
    with any_lib.session() as s:
        pid = s.scalar(select(Paper.id).where(Paper.key == "odd2020"))
    job = _Job(0, pid, "odd2020", tmp_path / "odd.pdf", "0" * 64)
    bad = {  # what a worker of a mismatched version could send: a section without a title
        "ok": True,
        "pages": 1,
        "sections": [{"level": 1, "number": "1", "title": None, "page": 1}],
        "passages": [],
        "references": [],
    }
    outcome = _store(any_lib, job, bad)
    assert outcome.status == "failed"
    assert outcome.reason.startswith("cannot store the parse: ")
    with any_lib.session() as s:
        paper = s.get(Paper, pid)
        assert paper.parse_status == f"parse_failed: {outcome.reason}"
        assert s.scalars(select(Section).where(Section.paper_id == pid)).all() == []


@pytest.mark.postgres
def test_nul_characters_in_parsed_text_are_dropped(any_lib: Library, tmp_path: Path) -> None:
    add_with_pdf(any_lib, "nul2020", deep_appendix_pdf(tmp_path / "nul.pdf"))
    with any_lib.session() as s:
        pid = s.scalar(select(Paper.id).where(Paper.key == "nul2020"))
    job = _Job(0, pid, "nul2020", tmp_path / "nul.pdf", "1" * 64)
    result = {
        "ok": True,
        "pages": 1,
        "sections": [{"level": 1, "number": "1\x00", "title": "Intro\x00", "page": 1}],
        "passages": [{"section": "Intro", "page_start": 1, "page_end": 1, "text": "bo\x00dy text"}],
        "references": [],
        "abstract": "an\x00 abstract",
    }
    assert _store(any_lib, job, result).status == "parsed"
    with any_lib.session() as s:
        assert s.scalar(select(Section.title).where(Section.paper_id == pid)) == "Intro"
