"""The vault both ways: notes, tags and reading states edited in the exported vault come back
into the library by a three-way merge against what paperdesk wrote; the vault is rewritten only
where the library changed; nothing is lost when both sides changed."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.markdown import export_markdown
from paperdesk.export.vault import MANIFEST
from paperdesk.export.vaultpage import NOTE_END, NOTE_START, parse_page
from paperdesk.export.vaultsync import import_markdown, merge_note, sync_markdown
from paperdesk.library import Library
from paperdesk.services.notes import get_note, save_note
from paperdesk.services.papers import paper_detail
from paperdesk.storage import repository as repo
from paperdesk.tracking import history
from tests.conftest import run_cli

ATTENTION = "vaswani2017attention.md"
CONLL = "sang2003introduction.md"
WEIRD = "muller2024odd.md"
GPT = "radford2018improving.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def write_note(path: Path, note: str) -> None:
    """Replace the note between the markers, as a user typing in Obsidian would."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(NOTE_START) + len(NOTE_START), text.index(NOTE_END)
    path.write_text(text[:start] + "\n" + note + "\n" + text[end:], encoding="utf-8")


def replace_line(path: Path, pattern: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, line, text, count=1, flags=re.M)
    assert n == 1, pattern
    path.write_text(new, encoding="utf-8")


def identity(path: Path) -> tuple[int, int]:
    """Inode and mtime: an atomic rewrite changes both, an untouched file neither."""
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_round_trip_takes_both_sides_and_rewrites_only_what_changed(
    full_lib: Library, vault: Path
) -> None:
    export_markdown(full_lib, vault)
    before = {p.name: identity(p) for p in vault.glob("*.md")}

    # in the vault: a note, a tag and the reading state of CoNLL; a note-only edit of Attention
    write_note(vault / CONLL, "Read §2 on the IOB tags.\n\nCompare with OntoNotes.")
    replace_line(vault / CONLL, r"^tags: \[\]$", 'tags: [ner, "#datasets"]')
    replace_line(vault / CONLL, r'^reading: "unread"$', "reading: reading")
    old_attention = get_note(full_lib, "vaswani2017attention").body
    write_note(vault / ATTENTION, old_attention.rstrip("\n") + "\n\nAdded in Obsidian.")
    # in the library: GPT's note
    save_note(full_lib, "radford2018improving", "Edited in paperdesk.\n")

    back, out = sync_markdown(full_lib, vault)

    assert back is not None and back.conflicts == []
    assert sorted(back.papers) == ["sang2003introduction", "vaswani2017attention"]
    conll = paper_detail(full_lib, "sang2003introduction")
    assert get_note(full_lib, "sang2003introduction").body == (
        "Read §2 on the IOB tags.\n\nCompare with OntoNotes.\n"
    )
    assert conll.tags == ["datasets", "ner"]
    assert conll.reading == "reading"
    with full_lib.session() as s:  # through the state machine: the history has it
        changes = history(s, repo.find_paper(s, "sang2003introduction"), "reading")
        assert [(c.old_state, c.new_state) for c in changes] == [("unread", "reading")]
    assert get_note(full_lib, "vaswani2017attention").body.endswith("\n\nAdded in Obsidian.\n")
    assert get_note(full_lib, "radford2018improving").body == "Edited in paperdesk.\n"

    # the vault: GPT's page has the library's note; CoNLL's page is regenerated (its history
    # changed); the ner list shows the new state; Attention's page, whose only change is now in
    # the library too, is byte-for-byte what paperdesk would write, so it is left as it is
    written = {p.name for p in out.written}
    assert written == {GPT, CONLL, "_list-ner.md"}
    assert "Edited in paperdesk." in (vault / GPT).read_text(encoding="utf-8")
    fm = parse_page((vault / CONLL).read_text(encoding="utf-8"), CONLL).front
    assert fm is not None and fm["tags"] == ["datasets", "ner"] and fm["reading"] == "reading"
    after = {p.name: identity(p) for p in vault.glob("*.md")}
    assert {name for name in before if before[name] != after[name]} == written | {ATTENTION}
    assert out.skipped == []

    # idempotent: nothing to read back, nothing to write
    again_back, again = sync_markdown(full_lib, vault)
    assert again_back is not None and again_back.papers == [] and again_back.taken == []
    assert again.written == []
    assert {p.name: identity(p) for p in vault.glob("*.md")} == after


def test_same_note_edited_on_both_sides_keeps_both(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    write_note(vault / WEIRD, "Vault: the quote is from the appendix.")
    save_note(full_lib, "muller2024odd", "Library: the quote is from section 3.\n")

    back = import_markdown(full_lib, vault)

    assert back.taken == [] and len(back.conflicts) == 1
    assert back.conflicts[0].startswith(f"{WEIRD}: note changed on both sides: both kept")
    body = get_note(full_lib, "muller2024odd").body
    assert "Vault: the quote is from the appendix." in body
    assert "Library: the quote is from section 3." in body
    assert "<<<<<<< library" in body and ">>>>>>> vault" in body
    # the merged note reaches the vault; importing again adds nothing
    out = export_markdown(full_lib, vault)
    assert WEIRD in {p.name for p in out.written}
    assert "<<<<<<< library" in (vault / WEIRD).read_text(encoding="utf-8")
    assert import_markdown(full_lib, vault).papers == []
    assert get_note(full_lib, "muller2024odd").body == body


def test_edits_on_different_lines_merge_without_markers() -> None:
    base = "one\ntwo\nthree\nfour"
    merged, clash = merge_note(base, "ONE\ntwo\nthree\nfour", "one\ntwo\nthree\nFOUR")
    assert (merged, clash) == ("ONE\ntwo\nthree\nFOUR", False)


def test_tags_merge_as_sets(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    # vault removes must-read and adds classic; the library adds seminal meanwhile
    replace_line(vault / ATTENTION, r'^- "must-read"\n', "")
    replace_line(vault / ATTENTION, r'^- "transformers"$', '- "transformers"\n- "classic"')
    with full_lib.session() as s:
        repo.tag_paper(s, repo.find_paper(s, "vaswani2017attention"), "seminal")

    back = import_markdown(full_lib, vault)

    assert back.taken == [f"{ATTENTION}: tags +classic -must-read"]
    assert paper_detail(full_lib, "vaswani2017attention").tags == [
        "classic",
        "seminal",
        "transformers",
    ]


def test_reading_state_set_on_both_sides_keeps_the_library_and_says_so(
    full_lib: Library, vault: Path
) -> None:
    export_markdown(full_lib, vault)
    replace_line(vault / CONLL, r'^reading: "unread"$', 'reading: "skimmed"')
    from paperdesk.services.papers import mark

    mark(full_lib, "sang2003introduction", "queued")
    back = import_markdown(full_lib, vault)
    assert back.conflicts == [
        f"{CONLL}: reading state set on both sides (library: queued, vault: skimmed): kept queued"
    ]
    assert paper_detail(full_lib, "sang2003introduction").reading == "queued"


def test_a_bad_state_or_tag_names_file_and_line_and_imports_nothing(
    full_lib: Library, vault: Path
) -> None:
    export_markdown(full_lib, vault)
    write_note(vault / GPT, "A good edit that must wait.")
    replace_line(vault / CONLL, r'^reading: "unread"$', "reading: redd")
    replace_line(vault / WEIRD, r'^- "übung"$', '- "two words"')

    with pytest.raises(ExportError) as err:
        import_markdown(full_lib, vault)

    message = str(err.value)
    line = next(
        i + 1
        for i, text in enumerate((vault / CONLL).read_text(encoding="utf-8").splitlines())
        if text.startswith("reading:")
    )
    assert f"{vault / CONLL}:{line}: unknown reading state 'redd'" in message
    tag_line = (vault / WEIRD).read_text(encoding="utf-8").splitlines().index('- "two words"') + 1
    assert f"{vault / WEIRD}:{tag_line}: tag 'two words' must be one word" in message
    assert "nothing was imported" in message
    assert get_note(full_lib, "radford2018improving").body == ""
    assert paper_detail(full_lib, "sang2003introduction").reading == "unread"


def test_broken_front_matter_names_the_line(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    replace_line(vault / CONLL, r"^tags: \[\]$", "tags: [ner")
    with pytest.raises(ExportError, match=r"sang2003introduction\.md:\d+: the front matter"):
        import_markdown(full_lib, vault)


def test_hostile_front_matter_is_refused_quickly(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    replace_line(vault / CONLL, r"^tags: \[\]$", "l0: &l0 lol\n" + laughs.rstrip("\n"))
    with pytest.raises(ExportError, match=r"sang2003introduction\.md:\d+: the front matter"):
        import_markdown(full_lib, vault)


def test_user_files_are_left_alone_and_reported(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    mine = vault / "my-ideas.md"
    mine.write_text("---\ntags: [x]\n---\n## Notes\n\nmine\n", encoding="utf-8")
    (vault / "_list-ner.md").write_text("edited list page\n", encoding="utf-8")

    back, out = sync_markdown(full_lib, vault)

    assert back is not None and back.user_files == [mine.resolve()]
    assert back.not_read == [vault / "_list-ner.md"]
    assert mine.read_text(encoding="utf-8") == "---\ntags: [x]\n---\n## Notes\n\nmine\n"
    assert (vault / "_list-ner.md").read_text(encoding="utf-8") == "edited list page\n"
    assert out.written == []


def test_a_page_edited_elsewhere_too_is_read_but_never_overwritten(
    full_lib: Library, vault: Path
) -> None:
    export_markdown(full_lib, vault)
    write_note(vault / CONLL, "My note.")
    replace_line(vault / CONLL, r"^# Introduction.*$", "# CoNLL (my own title)")
    text = (vault / CONLL).read_text(encoding="utf-8")

    back, out = sync_markdown(full_lib, vault)

    assert back is not None and back.kept == [(vault / CONLL).resolve()]
    assert get_note(full_lib, "sang2003introduction").body == "My note.\n"
    assert (vault / CONLL).read_text(encoding="utf-8") == text
    assert [p.name for p, _ in out.skipped] == [CONLL]
    assert import_markdown(full_lib, vault).papers == []  # read once only


def test_removed_markers_still_read_the_notes_section(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    path = vault / CONLL
    text = path.read_text(encoding="utf-8")
    text = text.replace(NOTE_START + "\n" + NOTE_END, "Typed without the markers.")
    path.write_text(text, encoding="utf-8")
    import_markdown(full_lib, vault)
    assert get_note(full_lib, "sang2003introduction").body == "Typed without the markers.\n"


def test_a_vault_never_exported_is_refused(full_lib: Library, vault: Path) -> None:
    vault.mkdir()
    with pytest.raises(ExportError, match="not a vault paperdesk exported"):
        import_markdown(full_lib, vault)


def test_manifest_keeps_the_base_per_page(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    files = json.loads((vault / MANIFEST).read_text(encoding="utf-8"))["files"]
    sync = files[ATTENTION]["sync"]
    assert sync["tags"] == ["must-read", "transformers"] and sync["reading"] == "read"
    assert sync["note"] == get_note(full_lib, "vaswani2017attention").body.strip("\n")
    assert "sync" not in files["_list-ner.md"]


@pytest.fixture
def no_seeding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_SEED_LISTS", "0")


def test_cli_import_and_sync(full_lib: Library, vault: Path, no_seeding: None) -> None:
    assert run_cli("export", "markdown", str(vault)).returncode == 0
    write_note(vault / CONLL, "From the vault.")
    (vault / "scratch.md").write_text("mine\n", encoding="utf-8")

    out = run_cli("import", "markdown", str(vault))
    assert out.returncode == 0, out.stderr
    assert "1 paper updated from the vault" in out.stdout
    assert f"from the vault: {CONLL}: note" in out.stdout
    assert "left alone scratch.md: not written by paperdesk" in out.stderr

    replace_line(vault / CONLL, r'^reading: "unread"$', "reading: nope")
    bad = run_cli("export", "markdown", str(vault), "--sync")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "unknown reading state 'nope'" in bad.stderr
    replace_line(vault / CONLL, r"^reading: nope$", "reading: read")
    ok = run_cli("export", "markdown", str(vault), "--sync")
    assert ok.returncode == 0, ok.stderr
    assert f"from the vault: {CONLL}: reading unread → read" in ok.stdout
    assert os.path.exists(vault / "scratch.md")


def test_round_trip_on_every_database(any_lib: Library, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    export_markdown(any_lib, vault)
    page = vault / "hochreiter1997long.md"
    write_note(page, "Gates, written in the vault.")
    replace_line(page, r"^tags: \[\]$", "tags: [rnn]")
    replace_line(page, r'^reading: "unread"$', "reading: read")
    save_note(any_lib, "vaswani2017attention", "Written in paperdesk.\n")

    back, out = sync_markdown(any_lib, vault)

    assert back is not None and back.papers == ["hochreiter1997long"]
    lstm = paper_detail(any_lib, "hochreiter1997long")
    assert (lstm.tags, lstm.reading) == (["rnn"], "read")
    assert get_note(any_lib, "hochreiter1997long").body == "Gates, written in the vault.\n"
    assert {"hochreiter1997long.md", "vaswani2017attention.md"} <= {p.name for p in out.written}
    assert "Written in paperdesk." in (vault / "vaswani2017attention.md").read_text("utf-8")
    again_back, again = sync_markdown(any_lib, vault)
    assert again_back is not None and again_back.papers == [] and again.written == []


def test_pages_of_papers_gone_from_the_library_are_reported(full_lib: Library, vault: Path) -> None:
    from paperdesk.storage.models import Paper

    export_markdown(full_lib, vault)
    write_note(vault / CONLL, "Edited, but the paper is deleted meanwhile.")
    with full_lib.session() as s:
        s.delete(s.get(Paper, repo.find_paper(s, "sang2003introduction").id))
    back = import_markdown(full_lib, vault)
    assert back.gone == [(vault / CONLL).resolve()] and back.papers == []
    assert (vault / CONLL).read_text(encoding="utf-8").count("Edited, but") == 1
