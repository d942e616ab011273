"""PDF annotations into notes: highlights and text notes made with PyMuPDF on two pages come
into the note with their text and pages; importing twice changes nothing; an edited annotation
rewrites its own block and nothing else."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from paperdesk.library import Library
from paperdesk.reports import summary
from paperdesk.services.annotations import (
    HEADING,
    AnnotationsReport,
    ImportReport,
    import_annotations,
    import_changed,
    list_annotations,
    merge,
)
from paperdesk.services.notes import append_note, get_note, save_note
from paperdesk.storage import repository as repo
from paperdesk.storage.db import Database
from tests.conftest import run_cli

pymupdf = pytest.importorskip("pymupdf")

PAPER = "1706.03762"
P1 = [
    "The dominant sequence transduction models are based on recurrent networks.",
    "We propose a new simple network architecture, the Transformer, based solely",
    "on attention mechanisms, dispensing with recurrence and convolutions entirely.",
]
P2 = [
    "Multi-head attention allows the model to jointly attend to information",
    "from different representation subspaces at different positions.",
]


def annotated_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    for lines in (P1, P2):
        page = doc.new_page()
        for i, line in enumerate(lines):
            page.insert_text((72, 100 + 14 * i), line, fontsize=10)
    first, second = doc[0], doc[1]
    # across two lines, as a viewer draws it: one quad per line
    quads = first.search_for("the Transformer, based solely") + first.search_for(
        "on attention mechanisms"
    )
    hl = first.add_highlight_annot(quads)
    hl.set_info(content="the key idea", title="Ada")
    hl.update()
    ul = second.add_underline_annot(second.search_for("jointly attend to information"))
    ul.set_colors(stroke=(0, 0, 1))
    ul.update()
    second.add_text_annot((400, 300), "compare with the convolution paper").update()
    doc.save(path)
    return path


@pytest.fixture
def annotated(lib: Library, tmp_path: Path) -> Path:
    pdf = annotated_pdf(tmp_path / "attention.pdf")
    with lib.session() as s:
        repo.find_paper(s, PAPER).pdf_path = str(pdf)
    return pdf


def test_listing_reads_text_under_quads_pages_and_comments(lib: Library, annotated: Path) -> None:
    found = list_annotations(lib, PAPER).annotations
    assert [(a.page, a.kind) for a in found] == [(1, "highlight"), (2, "underline"), (2, "note")]
    hl, ul, note = found
    assert hl.text == "the Transformer, based solely on attention mechanisms"
    assert (hl.comment, hl.author, hl.colour_name) == ("the key idea", "Ada", "yellow")
    assert ul.text == "jointly attend to information" and ul.colour == "#0000ff"
    assert note.text == "" and note.comment == "compare with the convolution paper"
    assert len({a.id for a in found}) == 3


def test_import_quotes_with_page_links_and_is_idempotent(lib: Library, annotated: Path) -> None:
    append_note(lib, PAPER, "My own words before.")
    first = import_annotations(lib, PAPER)
    assert (len(first.added), len(first.updated), first.unchanged) == (3, 0, 0)
    body = get_note(lib, PAPER).body
    assert body.startswith("My own words before.\n\n" + HEADING)
    uri = annotated.resolve().as_uri()
    assert (
        f"> the Transformer, based solely on attention mechanisms\n"
        f"> — [p. 1]({uri}#page=1) · highlight (yellow) · Ada\n\nthe key idea"
    ) in body
    assert f"> jointly attend to information\n> — [p. 2]({uri}#page=2) · underline (blue)" in body
    assert f"[p. 2]({uri}#page=2) · note: compare with the convolution paper" in body

    revision = get_note(lib, PAPER).revision
    again = import_annotations(lib, PAPER)
    assert (again.added, again.updated, again.unchanged) == ([], [], 3)
    assert get_note(lib, PAPER).body == body and get_note(lib, PAPER).revision == revision


def test_an_edited_annotation_is_updated_in_place(lib: Library, annotated: Path) -> None:
    import_annotations(lib, PAPER)
    # the user writes around the imported blocks
    state = get_note(lib, PAPER)
    save_note(lib, PAPER, state.body + "\nMy thoughts after the import.\n")
    doc = pymupdf.open(annotated)
    page = doc[0]
    annot = next(page.annots())
    annot.set_info(content="the key idea: attention only")
    annot.update()
    doc.saveIncr()
    doc.close()

    report = import_annotations(lib, PAPER)
    assert (len(report.added), len(report.updated), report.unchanged) == (0, 1, 2)
    body = get_note(lib, PAPER).body
    assert "the key idea: attention only" in body and "\nthe key idea\n" not in body
    assert body.count("the Transformer, based solely") == 1
    assert body.endswith("My thoughts after the import.\n")
    assert body.startswith(HEADING)


def test_cli_lists_and_imports(lib: Library, annotated: Path) -> None:
    listed = run_cli("annotations", PAPER)
    assert listed.returncode == 0, listed.stderr
    assert "p. 1 · highlight · yellow · Ada" in listed.stdout
    assert "> the Transformer, based solely on attention mechanisms" in listed.stdout
    shown = json.loads(run_cli("annotations", PAPER, "--json").stdout)
    assert shown["paper"] == "vaswani2017attention" and shown["pdf"] == str(annotated)
    first = shown["annotations"][0]
    assert {k: first[k] for k in ("page", "kind", "colour", "author", "comment")} == {
        "page": 1,
        "kind": "highlight",
        "colour": "#ffff00",
        "author": "Ada",
        "comment": "the key idea",
    }
    imported = run_cli("note", PAPER, "--import-annotations")
    assert imported.returncode == 0, imported.stderr
    assert "3 added, 0 updated, 0 unchanged" in imported.stdout
    again = run_cli("note", PAPER, "--import-annotations")
    assert "0 added, 0 updated, 3 unchanged" in again.stdout


def test_a_paper_without_a_pdf_says_so(lib: Library) -> None:
    out = run_cli("annotations", PAPER)
    assert out.returncode == 1 and "has no PDF yet" in out.stderr


def test_sync_imports_changed_pdfs_when_configured(lib: Library, annotated: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        "PAPERDESK_ARXIV_API_URL": f"http://127.0.0.1:{port}/api/query",
        "PAPERDESK_ARXIV_RETRIES": "0",
        "PAPERDESK_MODEL": "hash",
    }
    off = run_cli("sync", env=env)
    assert "annotations:" not in off.stdout and get_note(lib, PAPER).body == ""
    env["PAPERDESK_SYNC_ANNOTATIONS"] = "1"
    on = run_cli("sync", env=env)
    assert "annotations: 1 changed (3 added, 0 updated)" in on.stdout, on.stdout
    assert "> the Transformer, based solely" in get_note(lib, PAPER).body
    again = run_cli("sync", env=env)
    assert "annotations: nothing to do (no PDF changed since the last import)" in again.stdout


def test_each_members_sync_merges_the_annotations_into_their_own_note(
    any_lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which PDF was last merged is a fact of a member's note (migration 0015): ana's sync does
    not mark the PDF as imported for bo, and each later sync of either has nothing to do."""
    monkeypatch.delenv("PAPERDESK_USER", raising=False)
    pdf = annotated_pdf(tmp_path / "attention.pdf")
    with any_lib.session() as s:
        repo.find_paper(s, PAPER).pdf_path = str(pdf)
    ana, bo = (
        Library(
            replace(any_lib.settings, user=name), Database(any_lib.settings.resolved_database_url)
        )
        for name in ("ana", "bo")
    )
    try:
        assert import_changed(ana).counts()["changed"] == 1
        assert import_changed(ana).results == []
        assert get_note(bo, PAPER).body == ""  # bo has no note yet
        first = import_changed(bo)
        assert [r.paper for r in first.results] == ["vaswani2017attention"]
        assert first.counts()["changed"] == 1
        for lib in (ana, bo):
            assert "> the Transformer, based solely" in get_note(lib, PAPER).body
            assert import_changed(lib).results == []
    finally:
        ana.close()
        bo.close()


def test_the_sync_step_reads_like_every_other_report() -> None:
    """Per PDF: ``changed`` when its note got blocks, ``unchanged``, or ``failed`` with why;
    the summary adds how many blocks were added and updated."""
    body, first = merge("my words", [("a1a1a1", "one"), ("b2b2b2", "two")])
    _, same = merge(body, [("a1a1a1", "one"), ("b2b2b2", "two")])
    _, edited = merge(body, [("a1a1a1", "one, edited"), ("b2b2b2", "two")])
    first.paper, same.paper, edited.paper = "x", "y", "z"
    report = AnnotationsReport([first, same, edited, ImportReport("w", error="not a PDF")])
    assert [r.status for r in report.results] == ["changed", "unchanged", "changed", "failed"]
    assert report.counts() == {"changed": 2, "unchanged": 1, "failed": 1}
    assert [r.label for r in report.failed] == ["w"]
    assert summary("annotations", report) == (
        "annotations: 2 changed, 1 unchanged, 1 failed (2 added, 1 updated)\nw: not a PDF"
    )
    assert summary("annotations", AnnotationsReport()) == (
        "annotations: nothing to do (no PDF changed since the last import)"
    )
