"""``paperdesk export …`` and ``paperdesk import …`` (cli/interchange.py) in a real process:
one-line summaries, clean errors, exit codes."""

# ruff: noqa: F811 - the fixtures imported below are test arguments

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.config import Settings
from paperdesk.export.backup import dump
from paperdesk.library import Library
from tests.conftest import run_cli
from tests.export.conftest import _sample_pdfs, full_lib  # noqa: F401 - fixtures
from tests.export.sample import place_pdfs


@pytest.fixture(autouse=True)
def no_seeding(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI opens the library like a user's: without the seeded lists here, so that its
    content is exactly the test's."""
    monkeypatch.setenv("PAPERDESK_SEED_LISTS", "0")


def test_export_everything(full_lib: Library, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    out = run_cli("export", "markdown", str(vault))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("5 papers, 2 lists: 8 written, 0 unchanged")
    again = run_cli("export", "markdown", str(vault), "--list", "ner")
    assert again.returncode == 0 and "0 written, 2 unchanged" in again.stdout

    out = run_cli("export", "bibtex", "-", "--list", "transformers-core")
    assert out.returncode == 0 and out.stderr.strip() == "4 BibTeX entries written to stdout"
    keys = [e.key for e in bibtexparser.parse_string(out.stdout).entries]
    assert keys[0] == "vaswani2017attention"

    out = run_cli("export", "csl", str(tmp_path / "refs.json"))
    assert out.returncode == 0 and "5 CSL-JSON items written" in out.stdout
    assert len(json.loads((tmp_path / "refs.json").read_text("utf-8"))) == 5

    out = run_cli("export", "json", str(tmp_path / "backup.json"))
    assert out.returncode == 0
    assert out.stdout.strip() == (
        f"{tmp_path / 'backup.json'}: 5 papers, 2 lists, 2 notes, 1 member written"
    )


def test_import_json_and_bibtex(full_lib: Library, tmp_path: Path) -> None:
    (tmp_path / "backup.json").write_text(json.dumps(dump(full_lib)), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@misc{x, title = {Layer Normalization}, eprint = {1607.06450}}\n"
        "@misc{y, title = {broken\n",
        encoding="utf-8",
    )
    target = {"PAPERDESK_HOME": str(tmp_path / "new")}
    place_pdfs(tmp_path / "new" / "pdfs")  # the PDF folder copied over before the restore

    out = run_cli("import", "json", str(tmp_path / "backup.json"), env=target)
    assert out.returncode == 0, out.stderr
    assert "5 papers restored, 2 lists, 2 notes, 2 replication attempts" in out.stdout
    restored = Library.open(Settings(home=tmp_path / "new"), seed=False)
    try:
        assert json.dumps(dump(restored)) == json.dumps(dump(full_lib))
    finally:
        restored.close()

    out = run_cli("import", "json", str(tmp_path / "backup.json"), env=target)
    assert out.returncode == 1 and out.stderr.startswith("error: the library is not empty")
    assert "Traceback" not in out.stderr
    out = run_cli("import", "json", str(tmp_path / "backup.json"), "--merge", env=target)
    assert out.returncode == 0 and "0 papers added, 5 merged" in out.stdout

    out = run_cli("import", "bibtex", str(tmp_path / "refs.bib"), "--list", "mine", env=target)
    assert out.returncode == 1, out.stderr  # the readable entry is imported, the file is bad
    assert out.stdout.strip() == (
        "refs.bib: 2 entries: 1 added (1 from arXiv), 0 already in the library (0 updated), "
        "1 unreadable; "
        "1 added to the list (mine)"
    )
    assert out.stderr.startswith("unreadable: line 2 (y):")


def test_clean_errors(home: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "v3.json").write_text('{"format": "paperdesk-backup", "version": 3}', "utf-8")
    (tmp_path / "bad.bib").write_text("@article{x, title = {", encoding="utf-8")
    cases = [
        (("import", "json", str(tmp_path / "bad.json")), "not a paperdesk backup: invalid JSON"),
        (("import", "json", str(tmp_path / "v3.json")), "format version 3"),
        (("import", "json", str(tmp_path / "nope.json")), "no such backup file"),
        (("import", "bibtex", str(tmp_path / "bad.bib")), "no BibTeX entry could be read"),
        (("import", "bibtex", str(tmp_path / "nope.bib")), "no such BibTeX file"),
        (("export", "bibtex", "-", "--list", "nope"), "no reading list 'nope'"),
        (("export", "markdown", str(tmp_path / "bad.json")), "is a file, not a folder"),
    ]
    for args, message in cases:
        out = run_cli(*args)
        assert out.returncode != 0, args
        assert "Traceback" not in out.stderr, out.stderr
        assert message in out.stderr, (args, out.stderr)


ESCAPES = "\x1b]0;pwn\x07\x1b[2J\x9b31m\u202e"


def test_stdout_exports_print_no_stored_escape_sequences(empty_lib: Library) -> None:
    from sqlalchemy import insert

    from paperdesk.storage.models import Paper

    with empty_lib.session() as s:  # stored raw, as before the checks at the door
        s.execute(
            insert(Paper),
            [
                {
                    "key": "pwn2020",
                    "title": f"Attention{ESCAPES} Is All",
                    "authors": [f"Noam{ESCAPES} Shazeer"],
                    "abstract": f"line one\n\tline two{ESCAPES}",
                    "venue": f"NeurIPS{ESCAPES}",
                    "year": 2020,
                    "categories": [],
                }
            ],
        )

    bib = run_cli("export", "bibtex", "-")
    csl = run_cli("export", "csl", "-")
    for out in (bib, csl):
        assert out.returncode == 0, out.stderr
        assert not any(c in out.stdout for c in "\x1b\x07\x9b\u202e"), out.stdout
        assert "\\u001b" not in out.stdout and "\\u0007" not in out.stdout
    (entry,) = bibtexparser.parse_string(bib.stdout).entries
    assert entry["title"] == "{Attention]0;pwn[2J31m} Is All"  # the capital word kept as is
    assert entry["author"] == "Noam]0;pwn[2J31m Shazeer"
    (item,) = json.loads(csl.stdout)
    assert item["title"] == "Attention]0;pwn[2J31m Is All"
    assert item["abstract"] == "line one line two]0;pwn[2J31m"


OLD_JSON_KEYS = [  # what `import bibtex --json` printed before its report was typed
    "path", "entries", "added", "added_arxiv", "merged", "updated", "listed", "keys",
    "existing", "skipped", "warnings", "failed", "enriched", "pdfs", "wanted", "summary",
]  # fmt: skip


def test_import_bibtex_twice_adds_nothing_the_second_time(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{rlhf-survey, title = {A Survey of Reinforcement Learning from Human Feedback}}\n"
        "@techreport{notes, title = {Notes on Temporal-Difference Learning in Practice},\n"
        "  author = {Sutton, Richard S.}}\n"
        "@article{lstm, title = {Long Short-Term Memory}, year = {1997},\n"
        "  author = {Hochreiter, Sepp}, keywords = {rnn}, doi = {not a doi}}\n"
        "@article{broken, title = {Unclosed,\n",
        encoding="utf-8",
    )
    first = run_cli("import", "bibtex", str(bib), "--list", "mine")
    assert first.returncode == 1, first.stderr  # the good entries imported; the bad one said
    assert first.stdout.splitlines() == [
        "refs.bib: 4 entries: 3 added (0 from arXiv), 0 already in the library (0 updated), "
        "1 unreadable, 1 given tags or notes, 1 with warnings; 3 added to the list (mine)"
    ]
    assert first.stderr.splitlines()[0] == (
        "warning: line 4 (lstm): doi 'not a doi' is not a DOI; imported without it"
    )
    assert first.stderr.splitlines()[-2].startswith("unreadable: line 6 (broken): ")
    assert first.stderr.splitlines()[-1] == (
        "error: 1 entry of refs.bib could not be read; the others are imported"
    )

    again = run_cli("import", "bibtex", str(bib), "--list", "mine")
    assert again.returncode == 1, again.stderr
    assert again.stdout.splitlines() == [
        "refs.bib: 4 entries: 0 added (0 from arXiv), 3 already in the library (0 updated), "
        "1 unreadable, 1 with warnings",
        "line 1 (rlhf-survey): already in the library as rlhf-survey",
        "line 2 (notes): already in the library as notes",
        "line 4 (lstm): already in the library as lstm",
    ]
    as_json = run_cli("import", "bibtex", str(bib), "--json")
    assert as_json.returncode == 1 and "error:" not in as_json.stderr
    data = json.loads(as_json.stdout)
    assert list(data)[: len(OLD_JSON_KEYS)] == OLD_JSON_KEYS
    assert (data["added"], data["merged"], data["entries"], data["list"]) == (0, 3, 3, None)
    assert data["counts"] == {"added": 0, "merged": 3, "skipped": 0, "unreadable": 1}
    assert [(r["label"], r["status"]) for r in data["results"]] == [
        ("line 1 (rlhf-survey)", "merged"),
        ("line 2 (notes)", "merged"),
        ("line 4 (lstm)", "merged"),
        ("line 6 (broken)", "unreadable"),
    ]
    papers = run_cli("papers", "--list", "mine")
    assert papers.returncode == 0 and "3 papers" in papers.stdout


@pytest.mark.parametrize("kind", ["bibtex", "csl"])
def test_imported_pdfs_are_indexed_like_add_pdf(
    any_lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A PDF a Zotero ``file`` field attaches is parsed and indexed by the same auto-index as
    ``add --pdf`` (PTI, found by search), on SQLite and PostgreSQL; --json says so."""
    from tests.services.paperpdfs import paper_pdf

    monkeypatch.setenv("PAPERDESK_AUTO_INDEX", "1")
    monkeypatch.setenv("PAPERDESK_MODEL", "hash-64")
    if any_lib.settings.database_url:
        monkeypatch.setenv("PAPERDESK_DATABASE_URL", any_lib.settings.database_url)
    paper_pdf(tmp_path / "lit.pdf", "Sparse Gating of Tiny Experts", word="zymurgy", year=2020)
    if kind == "bibtex":
        (tmp_path / "refs").write_text(
            "@article{tiny2020, title = {Sparse Gating of Tiny Experts}, year = 2020,"
            " author = {Lovelace, Ada}, file = {Full Text:lit.pdf:application/pdf}}\n",
            "utf-8",
        )
    else:
        (tmp_path / "refs").write_text(
            '[{"id": "tiny2020", "type": "article-journal", "title": "Sparse Gating of Tiny'
            ' Experts", "author": [{"family": "Lovelace", "given": "Ada"}],'
            ' "issued": {"date-parts": [[2020]]}, "file": "lit.pdf"}]',
            "utf-8",
        )
    out = run_cli("import", kind, str(tmp_path / "refs"), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["pdfs"] == ["tiny2020: lit.pdf"]
    assert data["index"]["status"] == "indexed" and data["index"]["embedded"] > 0
    [row] = [p for p in json.loads(run_cli("papers", "--json").stdout)["papers"]]
    assert (row["id"], row["pdf"], row["parsed"], row["indexed"]) == ("tiny2020", True, True, True)
    found = run_cli("search", "zymurgy", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["id"] == "tiny2020"
    again = run_cli("import", kind, str(tmp_path / "refs"))  # nothing new: no index line
    assert again.returncode == 0 and "indexed" not in again.stdout
