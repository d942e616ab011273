"""What a reference brings beyond metadata (:mod:`paperdesk.export.refextras`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from paperdesk.export.refextras import (
    RefExtras,
    apply,
    attach_files,
    from_bibtex,
    note_and_extra,
    split_files,
    split_keywords,
)
from paperdesk.export.refreport import MERGED, EntryResult
from paperdesk.library import Library
from paperdesk.services.notes import note_of
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Paper


def test_split_keywords() -> None:
    assert split_keywords("Deep Learning, NLP; transformers ,#nlp, ,") == [
        "deep-learning",
        "nlp",
        "transformers",
    ]
    assert split_keywords(None) == [] and split_keywords("") == []


@pytest.mark.parametrize(
    ("value", "paths"),
    [
        ("Full Text:files/12/a.pdf:application/pdf", ["files/12/a.pdf"]),
        (
            "A:C\\:\\\\papers\\\\x.pdf:application/pdf;B:b.html:text/html",
            ["C:\\papers\\x.pdf"],
        ),
        ("papers/x.pdf:application/pdf", ["papers/x.pdf"]),
        ("/home/me/a.pdf; /home/me/b.PDF", ["/home/me/a.pdf", "/home/me/b.PDF"]),
        ("T:a\\;b.pdf:PDF", ["a;b.pdf"]),
        ("notes.txt", []),
        ("", []),
        (None, []),
    ],
)
def test_split_files(value: str | None, paths: list[str]) -> None:
    assert split_files(value) == paths


def test_note_and_extra_separates_zoteros_extra_lines() -> None:
    note, extra = note_and_extra(
        "Citation Key: vaswani2017attention\narXiv: 1706.03762\nRead twice.\ntex.foo: bar",
        "  annotated  ",
    )
    assert note == "Read twice.\n\nannotated"
    assert extra == {
        "citation key": "vaswani2017attention",
        "arxiv": "1706.03762",
        "tex.foo": "bar",
    }


def test_a_note_that_only_names_an_arxiv_id_is_no_note() -> None:
    assert note_and_extra("arXiv preprint arXiv:1607.06450", None) == (None, {})
    assert note_and_extra(None, None) == (None, {})


def test_from_bibtex() -> None:
    x = from_bibtex(
        " InProceedings ",
        {
            "volume": "{30}",
            "pages": "5998--6008",
            "primaryclass": "cs.CL",
            "keywords": "Attention, Machine  Learning",
            "note": "Citation Key: k\nMy {\\'e}tude",
            "annote": "more",
            "file": "PDF:a.pdf:application/pdf",
        },
    )
    assert x == RefExtras(
        entry_type="inproceedings",
        volume="30",
        pages="5998--6008",
        primary_category="cs.CL",
        tags=["attention", "machine-learning"],
        note="My étude\n\nmore",
        files=["a.pdf"],
    )
    assert from_bibtex(None, {}) == RefExtras()


def _paper(lib: Library, **kw: object) -> int:
    with lib.session() as s:
        p = Paper(title="T", **kw)
        s.add(p)
        s.flush()
        return p.id


def test_apply_fills_what_is_missing_and_adds_tags_and_note(empty_lib: Library) -> None:
    pid = _paper(empty_lib, volume="7")
    extras = RefExtras(
        entry_type="article",
        volume="9",
        pages="1--2",
        tags=["nlp", "bad tag!"],
        note="From Zotero.",
    )
    warnings: list[str] = []
    with empty_lib.session() as s:
        paper = s.get(Paper, pid)
        assert apply(s, paper, extras, warnings) is True
    with empty_lib.session() as s:
        paper = s.get(Paper, pid)
        assert (paper.entry_type, paper.volume, paper.pages) == ("article", "7", "1--2")
        assert repo.tags_of(s, pid) == ["nlp"]
        note = note_of(s, pid)
        assert note is not None and note.body == "From Zotero.\n" and note.revision == 1
    assert len(warnings) == 1 and "bad tag!" in warnings[0]
    assert warnings[0].endswith("; not added")
    # again: nothing new, the note is not added twice
    with empty_lib.session() as s:
        assert apply(s, s.get(Paper, pid), extras, []) is False
    with empty_lib.session() as s:
        assert note_of(s, pid).body == "From Zotero.\n"


def test_apply_appends_to_an_existing_note(empty_lib: Library) -> None:
    pid = _paper(empty_lib)
    with empty_lib.session() as s:
        apply(s, s.get(Paper, pid), RefExtras(note="First."), [])
    with empty_lib.session() as s:
        assert apply(s, s.get(Paper, pid), RefExtras(note="Second."), []) is True
    with empty_lib.session() as s:
        note = note_of(s, pid)
        assert note.body == "First.\n\nSecond.\n" and note.revision == 2


def test_attach_files_reports_what_it_cannot_attach(empty_lib: Library, tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with empty_lib.session() as s:
        same = Paper(title="Same", key="same2020", pdf_sha256=digest, pdf_path="same.pdf")
        other = Paper(title="Other", key="other2020", pdf_sha256="00" * 32, pdf_path="o.pdf")
        s.add_all([same, other])
    same_entry = EntryResult(1, "same", MERGED, paper="same2020")
    other_entry = EntryResult(5, "other", MERGED, paper="other2020")
    wanted = [(same_entry, ["paper.pdf"]), (other_entry, [str(pdf), "missing.pdf"])]
    assert attach_files(empty_lib, wanted, tmp_path) == 1  # same2020 has this very PDF
    assert (same_entry.pdf, same_entry.warnings, other_entry.pdf) == (None, [], None)
    assert other_entry.warnings == [
        "has a PDF already; paper.pdf not attached",
        f"PDF missing.pdf not found (looked at {tmp_path / 'missing.pdf'})",
    ]
