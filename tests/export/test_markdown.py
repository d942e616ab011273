"""The Markdown vault: valid front matter, verbatim notes, live wiki-links, no needless writes,
and never a file the export did not write overwritten or removed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from paperdesk.errors import ExportError, NotFoundError
from paperdesk.export.markdown import export_markdown, front_matter
from paperdesk.export.vault import CHANGED, MANIFEST, NOT_OURS
from paperdesk.export.vaultpage import NOTE_END, NOTE_START
from paperdesk.library import Library
from paperdesk.services.keys import set_key
from paperdesk.services.papers import mark
from paperdesk.storage.models import Paper
from tests.export.sample import FRONT_MATTER_NOTE, WEIRD_TITLE

ATTENTION = "vaswani2017attention.md"
CONLL = "sang2003introduction.md"
WEIRD = "muller2024odd.md"


def split(text: str) -> tuple[dict, str]:
    """Front matter the way Obsidian and python-frontmatter read it: from the first line
    ``---`` to the next line that is exactly ``---``."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """The export folder (tmp_path itself also holds the library's home)."""
    folder = tmp_path / "vault"
    folder.mkdir()
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_every_file_has_valid_front_matter(full_lib: Library, vault: Path) -> None:
    report = export_markdown(full_lib, vault)
    assert (report.papers, report.lists, len(report.written)) == (5, 2, 8)
    names = sorted(p.name for p in vault.iterdir())
    assert names == sorted(
        [
            MANIFEST,
            ATTENTION,
            CONLL,
            WEIRD,
            "arxiv181004805.md",
            "radford2018improving.md",
            "_list-ner.md",
            "_list-transformers-core.md",
            "_progress.md",
        ]
    )
    for path in vault.glob("*.md"):
        fm, _ = split(path.read_text(encoding="utf-8"))
        assert isinstance(fm, dict), path.name

    fm, body = split((vault / WEIRD).read_text(encoding="utf-8"))
    assert fm["title"] == WEIRD_TITLE
    assert fm["id"] == "muller2024odd" and fm["doi"] == "10.1234/weird.2024"
    assert fm["authors"] == ["Jörg Müller", "José Ñúñez"] and fm["tags"] == ["übung"]
    assert fm["reading"] == "skimmed" and fm["reading_since"] == "2024-05-03T09:30:00"
    assert 'Quote: "x" {y} \\z % 100' in body

    fm, _ = split((vault / CONLL).read_text(encoding="utf-8"))
    assert fm["id"] == "sang2003introduction" and fm["lists"] == ["ner"]

    fm, _ = split((vault / ATTENTION).read_text(encoding="utf-8"))
    assert fm["version"] == 7 and fm["year"] == 2017 and fm["replication"] == "running"
    assert fm["url"] == "https://arxiv.org/abs/1706.03762"
    assert [h["to"] for h in fm["history"]] == ["queued", "planned", "read", "running"]


def test_front_matter_quotes_every_string() -> None:
    nasty = 'a: b # c "d" {e} [f] \\g %h\n---\n...\ttab'
    text = front_matter({"title": nasty, "n": 3, "none": None, "list": ["x: y", "#z"]})
    assert yaml.safe_load(text.strip("-\n")) == {
        "title": nasty,
        "n": 3,
        "none": None,
        "list": ["x: y", "#z"],
    }
    assert text.count("\n---\n") == 1  # only the closing fence: a value never ends the block
    assert 'title: "' in text


def test_note_with_a_front_matter_block_is_kept_verbatim(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    text = (vault / ATTENTION).read_text(encoding="utf-8")
    fm, body = split(text)
    assert fm["title"] == "Attention Is All You Need"  # not the note's fake front matter
    assert f"## Notes\n\n{NOTE_START}\n{FRONT_MATTER_NOTE}{NOTE_END}\n" in body


def test_replication_record_is_rendered(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    body = split((vault / ATTENTION).read_text(encoding="utf-8"))[1]
    assert "## Replication" in body and "**Status:** running" in body
    assert "| Claim | Metric | Setting | Claimed | Obtained | Gap | Gap % | Verdict |" in body
    assert "| wmt14-en-de | BLEU | WMT 2014 en-de, big | 28.4 |" in body
    assert body.index("### Attempt 2") < body.index("### Attempt 1 · running")
    assert "| 2024-05-04 14:30 | `python train.py --big` | abc123 |" in body
    assert "ppl = 4.5, wmt14-en-de = 27.1 | first \\| run |" in body
    assert (
        "- 2024-05-04 15:30 — Loss diverged at step 10k; lowered LR.\n"
        "  Second line with | pipe." in body
    )
    assert "**Environment:** 1×A100 (cuda=12.1, torch=2.3)" in body
    assert "**Compute:** 12.5 of 40 GPU-h" in body


def test_gaps_show_when_the_current_attempt_has_results(full_lib: Library, vault: Path) -> None:
    from paperdesk.services.replication_runs import add_run

    add_run(full_lib, "vaswani2017attention", {"wmt14-en-de": 28.3, "ppl": 4.4})
    export_markdown(full_lib, vault)
    body = (vault / ATTENTION).read_text(encoding="utf-8")
    row = next(line for line in body.splitlines() if line.startswith("| wmt14-en-de"))
    assert "| 28.4 | 28.3 | −0.1 | −0.35% | within |" in row
    row = next(line for line in body.splitlines() if line.startswith("| ppl"))
    assert "| 4.33 | 4.4 | −0.07 | −1.62% | within |" in row


def test_wiki_links_point_to_files_that_exist(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    targets = set()
    for path in vault.glob("*.md"):
        for target in re.findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", path.read_text("utf-8")):
            assert (vault / f"{target}.md").is_file(), (path.name, target)
            targets.add(target)
    assert "sang2003introduction" in targets  # file names and links are the citation keys
    weird = (vault / WEIRD).read_text(encoding="utf-8")
    assert "## Cites (in your library)\n\n- [[radford2018improving|" in weird
    assert "\n- [[vaswani2017attention|Attention Is All You Need]] (2017)\n" in weird
    attention = (vault / ATTENTION).read_text(encoding="utf-8")
    assert "## Cited by (in your library)" in attention


def test_list_index_has_stages_checkboxes_and_progress(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    fm, body = split((vault / "_list-transformers-core.md").read_text(encoding="utf-8"))
    assert fm == {
        "list": "transformers-core",
        "title": "The Transformer — from attention",
        "description": "Core papers.",
        "papers": 4,
        "read": 1,
        "progress": "1/4",
    }
    assert "**Progress:** 1 of 4 read (25%) · 1 skimmed" in body
    assert (
        body.index("## 1. Attention")
        < body.index("## 2. Pre-training")
        < body.index("## Other papers")
    )
    assert "- [x] [[vaswani2017attention|Attention Is All You Need]] (2017)" in body
    assert "- [ ] [[arxiv181004805|arXiv:1810.04805]]" in body
    assert "— Everything builds on it." in body


def test_second_export_changes_nothing(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    before = snapshot(vault)
    report = export_markdown(full_lib, vault)
    assert report.written == [] and len(report.unchanged) == 8 and report.removed == []
    assert snapshot(vault) == before

    mark(full_lib, "sang2003introduction", "read")
    report = export_markdown(full_lib, vault)
    assert sorted(p.name for p in report.written) == ["_list-ner.md", "_progress.md", CONLL]
    after = snapshot(vault)
    changed = {n for n in after if after[n] != before[n]}
    assert changed == {"_list-ner.md", "_progress.md", CONLL, MANIFEST}


def test_files_it_did_not_write_are_never_touched(full_lib: Library, vault: Path) -> None:
    (vault / ATTENTION).write_text("my own file\n", encoding="utf-8")
    (vault / "unrelated.md").write_text("keep me\n", encoding="utf-8")
    report = export_markdown(full_lib, vault)
    assert report.skipped == [(vault.resolve() / ATTENTION, NOT_OURS)]
    assert report.skipped_not_ours == [vault.resolve() / ATTENTION]
    assert (vault / ATTENTION).read_text(encoding="utf-8") == "my own file\n"
    manifest = json.loads((vault / MANIFEST).read_text(encoding="utf-8"))
    assert ATTENTION not in manifest["files"] and WEIRD in manifest["files"]

    (vault / WEIRD).write_text("edited by the user\n", encoding="utf-8")
    report = export_markdown(full_lib, vault)
    assert (vault.resolve() / WEIRD, CHANGED) in report.skipped
    assert (vault / WEIRD).read_text(encoding="utf-8") == "edited by the user\n"
    assert (vault / "unrelated.md").read_text(encoding="utf-8") == "keep me\n"


def test_stale_files_go_only_when_unchanged(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    with full_lib.session() as s:  # BERT's metadata arrives: its provisional key is finalised
        bert = s.scalar(select(Paper).where(Paper.key == "arxiv181004805"))
        bert.title, bert.authors, bert.year = "BERT: Pre-training", ["Jacob Devlin"], 2018
    set_key(full_lib, "sang2003introduction", "conll2003")
    (vault / CONLL).write_text("edited\n", encoding="utf-8")
    report = export_markdown(full_lib, vault)
    assert [p.name for p in report.removed] == ["arxiv181004805.md"]
    assert [p.name for p in report.kept] == [CONLL]
    assert (vault / "devlin2018bert.md").is_file()
    assert (vault / "conll2003.md").is_file()
    assert (vault / CONLL).read_text(encoding="utf-8") == "edited\n"
    manifest = json.loads((vault / MANIFEST).read_text(encoding="utf-8"))
    assert CONLL not in manifest["files"]  # the user's file from now on
    again = export_markdown(full_lib, vault)
    assert again.written == [] and again.removed == [] and again.kept == []


def test_list_export(full_lib: Library, vault: Path) -> None:
    export_markdown(full_lib, vault)
    report = export_markdown(full_lib, vault / "ner", list_name="ner")
    assert sorted(p.name for p in report.written) == ["_list-ner.md", CONLL]

    report = export_markdown(full_lib, vault, list_name="ner")
    assert report.removed == []  # a list export leaves the other papers' files alone
    assert (vault / ATTENTION).is_file()

    solo = vault / "solo"
    export_markdown(full_lib, solo, list_name="transformers-core")
    weird = (solo / WEIRD).read_text(encoding="utf-8")
    assert "Improving Language Understanding by Generative Pre-Training" in weird
    for target in re.findall(r"\[\[([^\]|]+)", weird):
        assert (solo / f"{target}.md").is_file()
    with pytest.raises(NotFoundError, match="no reading list 'nope'"):
        export_markdown(full_lib, solo, list_name="nope")


def test_broken_targets(full_lib: Library, vault: Path) -> None:
    (vault / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export_markdown(full_lib, vault / "file")
    (vault / "v").mkdir()
    (vault / "v" / MANIFEST).write_text("{oops", encoding="utf-8")
    with pytest.raises(ExportError, match=r"is damaged.*delete it to start over"):
        export_markdown(full_lib, vault / "v")


def test_seeded_library_exports(lib: Library, vault: Path) -> None:
    report = export_markdown(lib, vault)
    assert report.papers >= 50 and report.lists >= 8
    assert (vault / "sang2003introduction.md").is_file()
    for path in vault.glob("*.md"):
        split(path.read_text(encoding="utf-8"))
