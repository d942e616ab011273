"""One identity check for every way a PDF becomes a paper's (parse/identity.mismatch): ``fetch``
refuses a download whose arXiv stamp or title names another paper, ``parse`` refuses to store
the text of such a file, ``add --pdf --title T`` refuses a PDF that is clearly not T. Each says
which file and which paper, changes nothing, and ``--force`` overrides it; a file that is not a
usable PDF is a clear error. Real HTTP (the local arXiv), real SQLite/PostgreSQL, real PDFs."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from paperdesk.errors import PaperdeskError, ParseError
from paperdesk.library import Library
from paperdesk.paths import pdf_file, pdf_target, sha256_file, stored_pdf_path
from paperdesk.services.attach import attach_pdf
from paperdesk.services.fetch import fetch_papers, open_pdf
from paperdesk.services.parse import parse_papers
from paperdesk.storage.models import Paper, Passage
from tests.conftest import shared_path
from tests.fetch.conftest import (
    FakeArxiv,
    fake,  # noqa: F401 - fixture
    fetch_env,  # noqa: F401 - fixture
    flib,  # noqa: F401 - fixture
    paper,
)
from tests.services.paperpdfs import paper_pdf

ATTENTION = "vaswani2017attention"
LITGRAPH = "Construction of the Literature Graph in Semantic Scholar"


def _other_paper() -> bytes:
    return shared_path("fixtures", "pdfs", "N18-3011.pdf").read_bytes()


def test_fetch_refuses_another_papers_pdf_and_keeps_the_stored_one(
    flib: Library, fake: FakeArxiv
) -> None:
    fake.entries["1706.03762"].title = "Attention Is All You Need"
    first = fetch_papers(flib, ["1706.03762"])
    assert first.results[0].status == "fetched"
    before = paper(flib, "1706.03762")
    stored = pdf_file(flib.settings, before.pdf_path)
    assert stored is not None
    old_bytes = stored.read_bytes()

    fake.entries["1706.03762"].version = 4  # a newer version, whose file is another paper
    fake.pdfs["1706.03762v4"] = _other_paper()
    report = fetch_papers(flib, ["1706.03762"])
    [r] = report.results
    kept = flib.settings.cache_dir / "rejected" / f"{ATTENTION}.pdf"
    assert r.status == "failed" and report.failed
    assert r.reason == (
        f"metadata v4 stored; PDF: the PDF from {fake.url}/pdf/1706.03762v4 looks like another "
        f"paper: its title is "
        f"'{LITGRAPH}', {ATTENTION} (arXiv:1706.03762) is 'Attention Is All You Need'; not "
        f"stored, the library is unchanged (the download is kept in {kept}; 'paperdesk fetch "
        f"{ATTENTION} --force' stores it anyway)"
    )
    after = paper(flib, "1706.03762")
    assert (after.pdf_path, after.pdf_sha256, after.pdf_version) == (
        before.pdf_path,
        before.pdf_sha256,
        before.pdf_version,
    )
    assert stored.read_bytes() == old_bytes
    assert kept.read_bytes() == _other_paper()
    assert [p.name for p in flib.settings.pdf_dir.iterdir()] == [stored.name]  # no temp left

    forced = fetch_papers(flib, ["1706.03762"], force=True)
    assert forced.results[0].status == "fetched"
    now = paper(flib, "1706.03762")
    path = pdf_file(flib.settings, now.pdf_path)
    assert path is not None and path.read_bytes() == _other_paper()
    # taken as it is: parsed at once, so that parse does not refuse what --force accepted
    assert now.parse_status == "parsed" and now.parsed_sha256 == now.pdf_sha256
    assert parse_papers(flib, [ATTENTION]).results[0].status == "unchanged"


def test_fetch_refuses_a_pdf_stamped_with_another_id(
    flib: Library, fake: FakeArxiv, tmp_path: Path
) -> None:
    stamped = paper_pdf(
        tmp_path / "s.pdf", "Attention Is All You Need", stamp="arXiv:1810.04805v2 [cs.CL] 2019"
    )
    fake.pdfs["1706.03762v3"] = stamped.read_bytes()
    [r] = fetch_papers(flib, ["1706.03762"]).results
    assert r.status == "failed"
    assert r.reason.startswith(
        f"metadata v3 stored; PDF: the PDF from {fake.url}/pdf/1706.03762v3 is arXiv:1810.04805 "
        "(the stamp in its "
        f"margin), not {ATTENTION} (arXiv:1706.03762); not stored"
    )
    assert paper(flib, "1706.03762").pdf_path is None


def test_fetch_refuses_a_file_that_is_not_a_usable_pdf(flib: Library, fake: FakeArxiv) -> None:
    fake.pdfs["1706.03762v3"] = b"%PDF-1.7\nnothing a reader can open\n%%EOF\n"
    [r] = fetch_papers(flib, ["1706.03762"]).results
    assert r.status == "failed"
    assert re.fullmatch(
        rf"metadata v3 stored; PDF: the file from {re.escape(fake.url)}/pdf/1706\.03762v3 is "
        r"not a usable PDF \(.+\); nothing was stored",
        r.reason,
    ), r.reason
    assert "/.1706" not in r.reason and ".part" not in r.reason  # no temporary file names
    assert paper(flib, "1706.03762").pdf_path is None
    assert not any(flib.settings.pdf_dir.iterdir())


def _place(lib: Library, key: str, src: Path) -> Path:
    """A file put in the PDF folder as the paper's by hand (or by an older paperdesk)."""
    target = pdf_target(lib.settings, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    with lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == key))
        assert p is not None
        p.pdf_path, p.pdf_sha256 = stored_pdf_path(lib.settings, target), sha256_file(target)
    return target


def test_parse_refuses_to_store_another_papers_text(any_lib: Library) -> None:
    target = _place(any_lib, ATTENTION, shared_path("fixtures", "pdfs", "N18-3011.pdf"))
    report = parse_papers(any_lib, [ATTENTION])
    [r] = report.results
    assert r.status == "failed" and report.failed
    assert r.reason == (
        f"{target} looks like another paper: its title is '{LITGRAPH}', {ATTENTION} "
        "(arXiv:1706.03762) is 'Attention Is All You Need'; not parsed, nothing changed "
        f"('paperdesk parse {ATTENTION} --force' stores it anyway, 'paperdesk add --pdf FILE "
        f"--id {ATTENTION}' replaces the PDF)"
    )
    with any_lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == ATTENTION))
        assert p is not None
        assert (p.parse_status, p.parsed_sha256, p.title) == (
            None,
            None,
            "Attention Is All You Need",
        )
        assert not (p.abstract or "").startswith("We introduce")  # not the other's abstract
        full_text = select(func.count()).where(Passage.paper_id == p.id, Passage.kind != "abstract")
        assert s.scalar(full_text) == 0
    forced = parse_papers(any_lib, [ATTENTION], force=True)
    assert forced.results[0].status == "parsed"


def test_parse_checks_a_changed_file_not_one_it_parsed_before(any_lib: Library) -> None:
    """A PDF stored with ``add --pdf --force`` was accepted by the user: parsing it again (a
    newer parser, --force) does not refuse it."""
    pdf = shared_path("fixtures", "pdfs", "N18-3011.pdf")
    assert attach_pdf(any_lib, pdf, ref="1706.03762", force=True) == ATTENTION
    assert parse_papers(any_lib, [ATTENTION], force=True).results[0].status == "parsed"
    with any_lib.session() as s:  # as after an upgrade of the parser
        p = s.scalar(select(Paper).where(Paper.key == ATTENTION))
        assert p is not None
        p.parser_version = "0"
    assert parse_papers(any_lib, [ATTENTION]).results[0].status == "parsed"


def test_add_pdf_with_a_title_that_is_clearly_not_the_pdfs(any_lib: Library) -> None:
    pdf = shared_path("fixtures", "pdfs", "N18-3011.pdf")
    with pytest.raises(ParseError) as err:
        attach_pdf(any_lib, pdf, title="Neural Audio Codecs for Speech Compression")
    assert str(err.value) == (
        f"N18-3011.pdf looks like another paper: its title is '{LITGRAPH}', the title you "
        "gave is 'Neural Audio Codecs for Speech Compression' (--force to attach it anyway)"
    )
    with any_lib.session() as s:
        assert s.scalar(select(Paper).where(Paper.title.like("Neural Audio%"))) is None
    key = attach_pdf(any_lib, pdf, title="The Literature Graph in Semantic Scholar")
    with any_lib.session() as s:
        p = s.scalar(select(Paper).where(Paper.key == key))
        assert p is not None and p.title == "The Literature Graph in Semantic Scholar"


def test_open_names_a_stored_file_that_is_not_a_pdf(lib: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.pdf"
    page.write_text("<!DOCTYPE html><html><body>Just a moment...</body></html>")
    target = _place(lib, ATTENTION, page)
    with pytest.raises(PaperdeskError) as err:
        open_pdf(lib, ATTENTION, page=2)
    assert str(err.value) == (
        f"the stored PDF of {ATTENTION} is not usable: not a PDF (looks like HTML) ({target}); "
        f"run 'paperdesk fetch {ATTENTION}'"
    )
