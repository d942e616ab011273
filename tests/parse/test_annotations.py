"""Reading a PDF's annotations: every kind a viewer writes, the text under strike-outs, dates
and colours as viewers store them, ids that survive a save, and files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from paperdesk.parse.annotations import _pdf_date, read_annotations, read_many, stable_id


def kinds_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Dropout is not needed with enough data, we claim.", fontsize=11)
    strike = page.add_strikeout_annot(page.search_for("not needed")[0])
    strike.set_info(content="doubtful", title="Ada")
    strike.update()
    squiggle = page.add_squiggly_annot(page.search_for("enough data")[0])
    squiggle.set_colors(stroke=(0.2, 0.8, 0.2))
    squiggle.update()
    page.add_freetext_annot(pymupdf.Rect(72, 200, 300, 230), "see appendix B").update()
    ink = page.add_ink_annot([[(80, 300), (120, 320), (160, 300)]])
    ink.set_info(content="circled")
    ink.update()
    page.insert_link(
        {"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 90, 100, 102), "uri": "https://x.org"}
    )
    doc.save(path)
    return path


def test_every_kind_with_its_text(tmp_path: Path) -> None:
    found = read_annotations(kinds_pdf(tmp_path / "kinds.pdf"))
    by_kind = {a.kind: a for a in found}
    assert list(by_kind) == ["strike-out", "squiggly", "free text", "ink"]  # top to bottom
    assert by_kind["strike-out"].text == "not needed"
    assert (by_kind["strike-out"].comment, by_kind["strike-out"].author) == ("doubtful", "Ada")
    assert by_kind["squiggly"].text == "enough data"
    assert by_kind["squiggly"].colour_name == "green"
    assert by_kind["free text"].comment == "see appendix B" and by_kind["free text"].text == ""
    assert by_kind["ink"].comment == "circled"
    assert all(a.page == 1 for a in found)  # the hyperlink is no reading note


def test_ids_survive_a_save_and_edits(tmp_path: Path) -> None:
    path = kinds_pdf(tmp_path / "kinds.pdf")
    before = [a.id for a in read_annotations(path)]
    doc = pymupdf.open(path)
    page = doc[0]
    annot = next(page.annots())
    annot.set_info(content="changed my mind")
    annot.update()
    doc.save(tmp_path / "again.pdf")
    doc.close()
    after = read_annotations(tmp_path / "again.pdf")
    assert [a.id for a in after] == before
    assert after[0].comment == "changed my mind"


def test_stable_ids_and_dates() -> None:
    rect = (72.0, 90.5, 200.0, 110.0)
    assert stable_id(3, "fitz-A0", rect, "highlight") != stable_id(4, "fitz-A0", rect, "highlight")
    # no /NM: page, rectangle and type decide, so the same annotation keeps its id
    assert stable_id(3, "", rect, "note") == stable_id(3, "", (72.2, 90.4, 200.1, 110.0), "note")
    assert stable_id(3, "", rect, "note") != stable_id(3, "", rect, "ink")
    assert _pdf_date("D:20240501123000+02'00'") == "2024-05-01T12:30:00+02:00"
    assert _pdf_date("D:20240501123000Z") == "2024-05-01T12:30:00+00:00"
    assert _pdf_date("D:2024") == "2024-01-01T00:00:00"
    assert _pdf_date("yesterday") is None and _pdf_date(None) is None


def test_a_file_that_is_no_pdf_fails_alone(tmp_path: Path) -> None:
    good = kinds_pdf(tmp_path / "good.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    answers = read_many([bad, good], timeout=60)
    assert isinstance(answers[bad], str) and answers[bad].startswith("cannot read the PDF")
    assert [a.kind for a in answers[good]] == ["strike-out", "squiggly", "free text", "ink"]
