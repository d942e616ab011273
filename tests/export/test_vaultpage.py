"""The editable parts of a vault page (:mod:`paperdesk.export.vaultpage`)."""

from __future__ import annotations

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.vaultpage import (
    NOTE_END,
    NOTE_START,
    normalize_note,
    notes_section,
    page_tags,
    parse_page,
)


def _page(note: str = "My note.", tags: str = "[nlp, attention]", body: str = "Abstract.") -> str:
    return "\n".join(
        [
            "---",
            "title: Attention",
            "year: 2017",
            f"tags: {tags}",
            "reading: read",
            "---",
            "",
            "# Attention",
            "",
            body,
            "",
            *notes_section(note),
            "## Replication",
            "",
            "none",
            "",
        ]
    )


def test_notes_section_and_normalize_note() -> None:
    assert normalize_note("\r\n\nline\r\nline 2\n\n") == "line\nline 2"
    assert normalize_note(None) == ""
    assert notes_section("\nx\n") == ["## Notes", "", NOTE_START, "x", NOTE_END, ""]
    assert notes_section("") == ["## Notes", "", NOTE_START, NOTE_END, ""]


def test_parse_page_reads_the_front_matter_and_the_note_with_their_lines() -> None:
    page = parse_page(_page(note="Line one.\n\nLine two."), "p.md")
    assert page.front == {
        "title": "Attention",
        "year": "2017",
        "tags": ["nlp", "attention"],
        "reading": "read",
    }
    assert page.note == "Line one.\n\nLine two."
    assert page.key_lines == {"title": 2, "year": 3, "tags": 4, "reading": 5}
    assert page.tag_lines == [4, 4]
    lines = _page(note="Line one.\n\nLine two.").split("\n")
    assert lines[page.note_line - 1] == "Line one."


def test_the_frame_ignores_the_editable_parts_only() -> None:
    frame = parse_page(_page(), "p.md").frame
    assert parse_page(_page(note="Other", tags="[x]"), "p.md").frame == frame
    assert parse_page(_page().replace("reading: read", "reading: queued"), "p.md").frame == frame
    assert parse_page(_page().replace("\n", "\r\n"), "p.md").frame == frame
    assert parse_page(_page(body="Edited abstract."), "p.md").frame != frame
    assert parse_page(_page().replace("year: 2017", "year: 2018"), "p.md").frame != frame


def test_a_note_without_its_markers_runs_to_the_next_generated_heading() -> None:
    text = _page().replace(NOTE_START + "\n", "").replace(NOTE_END + "\n", "")
    page = parse_page(text, "p.md")
    assert page.note == "My note."


def test_a_page_without_front_matter_or_notes() -> None:
    page = parse_page("# Just a heading\n\ntext\n", "p.md")
    assert (page.front, page.note, page.note_line, page.key_lines) == (None, None, 0, {})
    assert parse_page("---\n---\nbody\n", "p.md").front == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", r"^p\.md:1: the front matter \(---\) is never closed"),
        ("---\ntitle: x\ntags: [a\n---\n", r"^p\.md:\d+: the front matter is not valid YAML"),
        ("---\n- a\n- b\n---\n", r"^p\.md:2: the front matter is not a set of 'key: value'"),
    ],
)
def test_unreadable_front_matter_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        parse_page(text, "p.md")


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        (None, []),
        (["#nlp", " attention ", None, ""], ["nlp", "attention"]),
        ("nlp, attention  #deep", ["nlp", "attention", "deep"]),
        (42, ["42"]),
        ({"a": "b"}, ["{'a': 'b'}"]),
    ],
)
def test_page_tags(value: object, tags: list[str]) -> None:
    assert page_tags(value) == tags
