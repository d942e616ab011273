"""Notes saved from an old revision: merged three-way when the edits do not overlap, kept as a
conflict copy when they do, never silently overwritten (SQLite and PostgreSQL)."""

from __future__ import annotations

from paperdesk.library import Library
from paperdesk.services.notes import CONFLICT_MARK, get_note, merge_texts, save_note

KEY = "1706.03762"
BASE = "# Notes\n\nIntro line.\n\nMiddle line.\n\nLast line.\n"


def test_merge_texts() -> None:
    stored = BASE.replace("Intro line.", "Intro, edited elsewhere.")
    mine = BASE.replace("Last line.", "Last line, edited here.")
    assert merge_texts(BASE, stored, mine) == BASE.replace(
        "Intro line.", "Intro, edited elsewhere."
    ).replace("Last line.", "Last line, edited here.")
    # both appended at the end: both kept, the stored text first
    assert merge_texts("a\n", "a\nb\n", "a\nc\n") == "a\nb\nc\n"
    # the same line changed two ways: no merge
    assert merge_texts("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n") is None
    # the result ends as the text being saved does
    assert merge_texts("a", "b\na", "a\nc") == "b\na\nc"


def test_a_stale_save_is_merged(any_lib: Library) -> None:
    start = save_note(any_lib, KEY, BASE)
    elsewhere = save_note(
        any_lib,
        KEY,
        BASE.replace("Intro line.", "Intro, edited elsewhere."),
        base_revision=start.revision,
        base_body=start.body,
    )
    assert not elsewhere.merged and not elsewhere.conflict
    mine = save_note(
        any_lib,
        KEY,
        BASE.replace("Last line.", "Last line, edited here."),
        base_revision=start.revision,  # stale: the other save came first
        base_body=start.body,
    )
    assert mine.merged and not mine.conflict
    body = get_note(any_lib, KEY).body
    assert "Intro, edited elsewhere." in body and "Last line, edited here." in body
    assert mine.revision == start.revision + 2


def test_overlapping_edits_keep_both_versions(any_lib: Library) -> None:
    start = save_note(any_lib, KEY, BASE)
    save_note(any_lib, KEY, BASE.replace("Middle line.", "Theirs."), base_revision=1)
    mine = save_note(
        any_lib,
        KEY,
        BASE.replace("Middle line.", "Mine."),
        base_revision=start.revision,
        base_body=start.body,
    )
    assert mine.conflict
    body = get_note(any_lib, KEY).body
    assert body.index("Theirs.") < body.index(CONFLICT_MARK.split("{")[0]) < body.index("Mine.")


def test_a_stale_save_without_its_base_text_keeps_both(any_lib: Library) -> None:
    start = save_note(any_lib, KEY, "one\n")
    save_note(any_lib, KEY, "one\ntwo\n", base_revision=start.revision)
    mine = save_note(any_lib, KEY, "one\nthree\n", base_revision=start.revision)
    assert mine.conflict
    body = get_note(any_lib, KEY).body
    assert "two" in body and "three" in body
