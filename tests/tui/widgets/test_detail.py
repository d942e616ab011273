"""The detail pane says why a paper has no text: not parsed yet, or the parse failed and why."""

from __future__ import annotations

from dataclasses import replace

from paperdesk.services.detail import PaperDetail
from paperdesk.services.listing import PaperRow
from paperdesk.tui.widgets.detail import render_detail

ROW = PaperRow(
    id="scan2020",
    arxiv_id=None,
    version=None,
    title="A scanned paper",
    authors=[],
    year=None,
    doi=None,
    url=None,
    reading="unread",
    replication="none",
    pdf=True,
    parsed=False,
    parse_status=None,
    indexed=False,
    newer_version=False,
    lists=[],
    tags=[],
)
DETAIL = PaperDetail(
    id="scan2020",
    key_provisional=False,
    aliases=[],
    arxiv_id=None,
    version=None,
    title="A scanned paper",
    authors=[],
    abstract=None,
    year=None,
    published=None,
    updated=None,
    categories=[],
    primary_category=None,
    doi=None,
    journal_ref=None,
    venue=None,
    metadata_sources={},
    comment=None,
    url=None,
    pdf_url=None,
    pdf_path="scan2020.pdf",
    pdf_missing=False,
    pdf_sha256="ab",
    pdf_version=None,
    newer_version=False,
    parse_status=None,
    reading="unread",
    replication="none",
    lists=[],
    tags=[],
    note="",
    note_updated=None,
    history=[],
    cites=[],
    cited_by=[],
    claims=0,
    attempts=0,
    links=[],
)


def test_a_failed_parse_says_so_and_why() -> None:
    why = "no text layer (scanned or image-only PDF?)"
    text = render_detail(ROW, replace(DETAIL, parse_status=f"parse_failed: {why}")).plain
    assert f"PDF · parse failed: {why}" in text
    assert "not parsed" not in text


def test_a_paper_not_parsed_yet_and_a_parsed_one() -> None:
    assert "PDF · not parsed" in render_detail(ROW, DETAIL).plain
    parsed = replace(ROW, parsed=True)
    assert (
        "PDF · text parsed" in render_detail(parsed, replace(DETAIL, parse_status="parsed")).plain
    )
