"""A paper's text for reading (services/reading.py): passages in order without the words a
passage repeats from the one before, the outline paired with the passages each heading starts
at, find within the text, a problem saying what to run, and quoting into the note (SQLite and
PostgreSQL)."""

from __future__ import annotations

import hashlib

from paperdesk.library import Library
from paperdesk.services import notes
from paperdesk.services.reading import (
    Match,
    PaperText,
    ReadPassage,
    paper_text,
    quote_into_note,
    quote_markdown,
)
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Passage, Section

KEY = "1706.03762"
FIRST = "Recurrent models factor computation along positions. They preclude parallel training."
# the second passage repeats the last sentence of the first (passages are cut with an overlap)
SECOND = "They preclude parallel training. Attention draws global dependencies between words."


def _store(lib: Library, *, status: str = "parsed") -> None:
    rows = [
        # (kind, section, page_start, page_end, text)
        ("abstract", None, 1, 1, "The abstract is for search only."),
        ("body", "1 Introduction", 1, 1, FIRST),
        ("body", "1 Introduction", 1, 2, SECOND),
        ("caption", "1 Introduction", 2, 2, "Figure 1: The Transformer architecture."),
        ("body", "3.1 Encoder", 3, 3, "The encoder is a stack of six identical layers."),
        ("refs", None, 9, 9, "[1] Bahdanau et al. Neural machine translation."),
    ]
    with lib.session() as s:
        paper = repo.find_paper(s, KEY)
        paper.parse_status = status
        paper.pdf_path = "1706.03762v7.pdf"
        for pos, (kind, section, start, end, text) in enumerate(rows):
            s.add(
                Passage(
                    paper_id=paper.id,
                    kind=kind,
                    position=pos,
                    section=section,
                    page_start=start,
                    page_end=end,
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
        # "3 Model" has no passage of its own: it starts where its subsection does
        for pos, (number, title, level, page) in enumerate(
            [("1", "Introduction", 1, 1), ("3", "Model", 1, 3), ("3.1", "Encoder", 2, 3)]
        ):
            s.add(
                Section(
                    paper_id=paper.id,
                    position=pos,
                    number=number,
                    title=title,
                    level=level,
                    page=page,
                )
            )


def test_passages_outline_and_find(any_lib: Library) -> None:
    _store(any_lib)
    text = paper_text(any_lib, KEY)
    assert text.problem is None and text.key == "vaswani2017attention"
    assert [p.kind for p in text.passages] == ["body", "body", "caption", "body", "refs"]
    assert text.passages[0].text == FIRST
    # the repeated sentence is shown once
    assert text.passages[1].text == "Attention draws global dependencies between words."
    assert [p.pages for p in text.passages[:3]] == ["p. 1", "pp. 1–2", "p. 2"]
    assert [(e.label, e.level, e.first) for e in text.outline] == [
        ("1 Introduction", 1, 0),
        ("3 Model", 1, 3),
        ("3.1 Encoder", 2, 3),
    ]
    assert text.section_at(0) == 0 and text.section_at(2) == 0 and text.section_at(3) == 2
    assert text.index_of(text.passages[3].id) == 3 and text.index_of(-1) is None

    hits = text.find("global   DEPENDENCIES")  # any whitespace, any case
    assert hits == [
        Match(1, text.passages[1].text.index("global"), len("Attention draws global dependencies"))
    ]
    assert text.find("   ") == []
    # a substring match: "They" holds "the"
    assert [m.passage for m in text.find("the")] == [0, 2, 3]
    assert [m.passage for m in text.find("ENCODER")] == [3]


def test_quote_into_the_note(any_lib: Library) -> None:
    _store(any_lib)
    passage = paper_text(any_lib, KEY).passages[1]
    assert quote_markdown(passage) == (
        "> Attention draws global dependencies between words. (pp. 1–2)"
    )
    notes.save_note(any_lib, KEY, "# Mine\n")
    state = quote_into_note(any_lib, KEY, passage)
    assert state.body.startswith("# Mine\n")
    assert quote_markdown(passage) in state.body
    assert notes.get_note(any_lib, KEY).body == state.body


def test_quote_without_a_page() -> None:
    p = ReadPassage(1, "body", None, None, None, "two\n  lines")
    assert p.pages == "" and quote_markdown(p) == "> two lines"


def test_what_to_run_when_there_is_nothing_to_read(lib: Library) -> None:
    text = paper_text(lib, KEY)  # seeded: no PDF yet
    assert text.passages == [] and text.outline == []
    assert text.problem is not None
    assert "has no PDF yet" in text.problem
    assert "paperdesk fetch vaswani2017attention" in text.problem
    assert "--id 1706.03762" in text.problem

    with lib.session() as s:
        paper = repo.find_paper(s, KEY)
        paper.pdf_path = "x.pdf"
    assert "is not parsed yet: run 'paperdesk parse vaswani2017attention'" in str(
        paper_text(lib, KEY).problem
    )
    with lib.session() as s:
        repo.find_paper(s, KEY).parse_status = "parse_failed: encrypted PDF"
    assert "could not be parsed (encrypted PDF)" in str(paper_text(lib, KEY).problem)
    with lib.session() as s:
        repo.find_paper(s, KEY).parse_status = "parsed"
    assert paper_text(lib, KEY).problem == (
        "vaswani2017attention was parsed but no text was found in its PDF"
    )


def test_an_empty_text_finds_nothing() -> None:
    assert PaperText("k", "t").find("x") == [] and PaperText("k", "t").section_at(0) is None
