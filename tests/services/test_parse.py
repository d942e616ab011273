"""What ``parse_papers`` (services/parse.py) picks and reports, on a real SQLite library with
the real worker: papers without a PDF or with a missing file are skipped with what to run, a
stored PDF is parsed once and then unchanged until it changes or is forced, and a worker's
result is made storable (no NUL, headings that fit their column). The parsing itself is
tested in tests/parse."""

from __future__ import annotations

import shutil
from pathlib import Path

from paperdesk.library import Library
from paperdesk.paths import pdf_target
from paperdesk.services.parse import ParseReport, parse_papers, storable
from paperdesk.storage import repository as repo
from tests.parse.pdfs import simple_pdf

KEY = "vaswani2017attention"


def _give_pdf(lib: Library, source: Path) -> Path:
    target = pdf_target(lib.settings, "1706.03762v7")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    with lib.session() as s:
        repo.find_paper(s, KEY).pdf_path = target.name
    return target


def test_skipped_with_what_to_run(lib: Library) -> None:
    report = parse_papers(lib, ["1706.03762"])
    [result] = report.results
    assert (result.key, result.status) == (KEY, "skipped")
    assert result.reason == f"no PDF (run 'paperdesk fetch {KEY}')"
    with lib.session() as s:
        repo.find_paper(s, KEY).pdf_path = "gone.pdf"
    [result] = parse_papers(lib, ["1706.03762"]).results
    assert result.status == "skipped" and "PDF file missing" in result.reason


def test_parsed_once_then_unchanged_until_forced_or_changed(lib: Library, tmp_path: Path) -> None:
    target = _give_pdf(lib, simple_pdf(tmp_path / "a.pdf"))
    first = parse_papers(lib, ["1706.03762"])
    assert first.counts()["parsed"] == 1 and not first.failed
    [done] = first.results
    assert done.pages >= 1 and done.passages >= 1
    with lib.session() as s:
        assert repo.find_paper(s, KEY).parse_status == "parsed"
    assert parse_papers(lib).results == []  # nothing new: not even listed
    [again] = parse_papers(lib, ["1706.03762"]).results
    assert again.status == "unchanged"
    assert parse_papers(lib, ["1706.03762"], force=True).counts()["parsed"] == 1
    target.write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")  # replaced: parsed again
    broken = parse_papers(lib)
    assert broken.counts()["failed"] == 1 and broken.failed[0].key == KEY
    later = parse_papers(lib)
    assert later.results == [] and later.still_failed == [KEY]
    assert "1 still parse_failed" in later.note()
    assert ParseReport().note() == ""


def test_a_result_is_made_storable() -> None:
    result = {
        "ok": True,
        "title": "Nul\x00 title",
        "passages": [{"text": "a\x00b"}],
        "sections": [{"number": "A." + "1." * 40, "title": "Deep"}, {"number": "", "title": "x"}],
    }
    clean = storable(result)  # type: ignore[arg-type]
    assert clean["title"] == "Nul title" and clean["passages"] == [{"text": "ab"}]
    number = clean["sections"][0]["number"]
    assert number and len(number) <= 20 and number.startswith("A.1.")
    assert clean["sections"][1]["number"] is None


def test_an_unchanged_paper_reports_what_is_stored(any_lib: Library, tmp_path: Path) -> None:
    """``parse --all`` lists an unchanged paper with the passages and references stored for
    it (what its last parse found), not zeros; its page count is not stored: None (SQLite and
    PostgreSQL)."""
    from paperdesk.services.intake import add_pdfs
    from tests.services.test_papers import refs_pdf

    [added] = add_pdfs(any_lib, [refs_pdf(tmp_path / "refs.pdf")]).results
    [same] = parse_papers(any_lib, all_papers=True).results
    assert (same.key, same.status) == (added.id, "unchanged")
    assert (same.pages, same.passages, same.references) == (
        None,
        added.passages,
        added.references,
    )
    assert same.passages > 0 and same.references >= 2
