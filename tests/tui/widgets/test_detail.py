"""The detail pane says why a paper has no text: not parsed yet, or the parse failed and why."""

from __future__ import annotations

from paperdesk.tui.widgets.detail import render_detail

ROW = {"id": "scan2020", "title": "A scanned paper", "parsed": False, "pdf_sha256": "ab"}


def test_a_failed_parse_says_so_and_why() -> None:
    why = "no text layer (scanned or image-only PDF?)"
    text = render_detail(ROW, {**ROW, "parse_status": f"parse_failed: {why}"}).plain
    assert f"PDF · parse failed: {why}" in text
    assert "not parsed" not in text


def test_a_paper_not_parsed_yet_and_a_parsed_one() -> None:
    assert "PDF · not parsed" in render_detail(ROW, {**ROW, "parse_status": None}).plain
    parsed = {**ROW, "parsed": True, "parse_status": "parsed"}
    assert "PDF · text parsed" in render_detail(parsed, parsed).plain
