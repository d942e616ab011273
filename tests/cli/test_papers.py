"""papers, show, mark and tag through the command line in fresh processes: a list's papers,
the reading history, two processes marking at once, tag rules, errors in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdesk.errors import InvalidIdError, NotFoundError, StateError
from paperdesk.library import Library
from paperdesk.services import papers
from tests.conftest import run_cli


def test_papers_json_for_a_list(home: Path) -> None:
    out = run_cli("papers", "--list", "transformers-core", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["papers"]
    ids = [r["id"] for r in rows]
    assert {
        "vaswani2017attention",
        "devlin2018bert",
        "brown2020language",
        "radford2018improving",
        "radford2019language",
    } <= set(ids)  # the citation keys, as in BibTeX
    gpt2 = rows[ids.index("radford2019language")]
    assert (
        gpt2["arxiv_id"] is None
        and gpt2["title"] == "Language Models are Unsupervised Multitask Learners"
    )
    bad = run_cli("papers", "--list", "nope")
    assert (
        bad.returncode == 1
        and "no reading list 'nope'" in bad.stderr
        and "Traceback" not in bad.stderr
    )


def test_mark_history_and_note(home: Path) -> None:
    assert run_cli("mark", "1706.03762", "reading").returncode == 0
    assert run_cli("mark", "arXiv:1706.03762", "read").returncode == 0
    show = json.loads(run_cli("show", "1706.03762", "--json").stdout)
    assert [(h["from"], h["to"]) for h in show["history"]] == [
        ("unread", "reading"),
        ("reading", "read"),
    ]
    assert all(h["at"] for h in show["history"])
    assert run_cli("note", "1706.03762", "--append", "Read section 3.2 twice.").returncode == 0
    assert run_cli("note", "1706.03762", "--print").stdout == "Read section 3.2 twice.\n"
    text = run_cli("show", "1706.03762").stdout
    assert "reading: unread → reading" in text and "Read section 3.2 twice." in text


def test_errors_are_one_line(home: Path) -> None:
    for args in (
        ["mark", "1706.03762", "finished"],
        ["show", "9999.99999"],
        ["show", "../../etc/passwd"],
    ):
        out = run_cli(*args)
        assert out.returncode == 1
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: "), out.stderr


WORKER = """
import sys, time
from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services.papers import mark
lib = Library.open(load_settings())
key, start = sys.argv[1], float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
for _ in range(5):
    for state in ("queued", "reading", "read", "skimmed"):
        mark(lib, key, state)
"""


def test_two_processes_marking_at_once_lose_nothing(home: Path) -> None:
    run_cli("lists")
    start = time.time() + 2.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, key, str(start)],
            env={**os.environ},
            stderr=subprocess.PIPE,
            text=True,
        )
        for key in ("1706.03762", "1810.04805")
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    for key in ("1706.03762", "1810.04805"):
        show = json.loads(run_cli("show", key, "--json").stdout)
        assert len(show["history"]) == 20 and show["reading"] == "skimmed"


def test_a_key_in_use_is_an_error_not_a_duplicate(lib: Library) -> None:
    with pytest.raises(InvalidIdError, match="already used by another paper"):
        papers.add_other(
            lib,
            title="Collider",
            year=2020,
            authors=[],
            url="http://e.com/d",
            doi=None,
            key="radford2018improving",
        )
    with pytest.raises(InvalidIdError, match="already used by another paper"):
        papers.add_other(  # an earlier key of a paper is taken too
            lib,
            title="Collider",
            year=2020,
            authors=[],
            url="http://e.com/d",
            doi=None,
            key="Radford2018Improving",
        )
    same = papers.add_other(
        lib,
        title="Language Models are Unsupervised Multitask Learners",
        year=2019,
        authors=[],
        url="http://e.com/x",
        doi=None,
        key="radford2019language",
    )
    assert same.status == "exists"


def test_tags_are_words(lib: Library) -> None:
    for bad in ("", "a b", "new\nline", "x,y"):
        with pytest.raises(StateError):
            papers.set_tags(lib, "1706.03762", [bad], [])
    with pytest.raises(NotFoundError, match="has no tag 'nothere'"):
        papers.set_tags(lib, "1706.03762", [], ["nothere"])
    assert papers.set_tags(lib, "1706.03762", ["Core"], []) == ["core"]


def test_read_only_library_says_so(home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    run_cli("lists")
    (home / "library.sqlite").chmod(0o444)
    out = run_cli("mark", "1706.03762", "read")
    assert out.returncode == 1 and "read-only" in out.stderr


def test_empty_tag_filter_is_refused(home: Path) -> None:
    out = run_cli("papers", "--tag", "")
    assert out.returncode == 2 and "--tag: needs a tag name" in out.stderr


def test_show_prints_imported_venues(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@inproceedings{mykey2020, title = {Parsing Tiny Treebanks Quickly},"
        " author = {Lovelace, Ada}, year = 2020, booktitle = {Proceedings of ACL 2020},"
        " url = {https://example.org/p}}\n",
        "utf-8",
    )
    csl = tmp_path / "r.json"
    csl.write_text(
        '[{"id": "z1", "type": "article-journal", "title": "Sparse Mixtures of Tiny Experts",'
        ' "author": [{"family": "Hopper", "given": "Grace"}], "container-title": "TACL",'
        ' "issued": {"date-parts": [[2021]]}, "URL": "https://example.org/z"}]',
        "utf-8",
    )
    for kind, path in (("bibtex", bib), ("csl", csl)):
        out = run_cli("import", kind, str(path))
        assert out.returncode == 0, out.stderr
    shown = run_cli("show", "mykey2020")
    assert shown.returncode == 0, shown.stderr
    assert "\nProceedings of ACL 2020\n" in shown.stdout
    shown = run_cli("show", "z1")
    assert "\nTACL\n" in shown.stdout
    seeded = run_cli("show", "1706.03762")
    assert seeded.stdout.count("NeurIPS 2017") == 1


SHOW_KEYS = [
    "id", "key_provisional", "aliases", "arxiv_id", "version", "title", "authors", "abstract",
    "year", "published", "updated", "categories", "primary_category", "doi", "journal_ref",
    "venue", "metadata_sources", "comment", "url", "pdf_url", "pdf_path", "pdf_missing",
    "pdf_sha256", "pdf_version", "newer_version", "parse_status", "reading", "replication",
    "lists", "tags", "note", "note_updated", "history", "cites", "cited_by", "claims",
    "attempts", "links", "references",
]  # fmt: skip


def test_show_json_keeps_its_keys_and_order(home: Path) -> None:
    """``show --json`` is a documented format: the same keys in the same order, nested ones
    too, and the same names as PaperDetail's fields (so the typed record and the JSON agree)."""
    from dataclasses import fields

    from paperdesk.services.detail import PaperDetail

    assert run_cli("mark", "1706.03762", "reading").returncode == 0
    assert run_cli("note", "1706.03762", "--append", "eight heads").returncode == 0
    show = json.loads(run_cli("show", "1706.03762", "--json").stdout)
    assert list(show) == SHOW_KEYS
    assert [f.name for f in fields(PaperDetail)] == [*SHOW_KEYS, "sections"]
    assert list(show["lists"][0]) == ["name", "stage", "position", "why"]
    assert list(show["history"][0]) == ["track", "from", "to", "at"]
    assert show["history"][0]["from"] == "unread" and show["history"][0]["to"] == "reading"
    assert show["note"].strip() == "eight heads" and show["note_updated"]
    outline = json.loads(run_cli("show", "1706.03762", "--sections", "--json").stdout)
    assert list(outline) == [*SHOW_KEYS, "sections"] and outline["sections"] == []


def test_show_json_is_the_records_to_json(lib: Library) -> None:
    papers.mark(lib, "1810.04805", "queued")
    papers.set_tags(lib, "1810.04805", ["encoder"], [])
    detail = papers.paper_detail(lib, "1810.04805")
    shown = json.loads(run_cli("show", "1810.04805", "--json").stdout)
    assert shown == json.loads(json.dumps(detail.to_json()))
    assert (detail.reading, detail.tags) == ("queued", ["encoder"])
    [change] = detail.history
    assert (change.track, change.old, change.new) == ("reading", "unread", "queued")
    assert shown["history"][0]["at"] == change.at.isoformat()
    assert [m.name for m in detail.lists] == [m["name"] for m in shown["lists"]]


def test_papers_reader_stays_on_the_fast_path(lib: Library, home: Path) -> None:
    """``papers --reader NAME`` finds the member through the read-only sqlite3 reader, like the
    list itself: no SQLAlchemy is imported, and an unknown name is still exit 2 with the
    closest name."""
    from tests.cli.heavy import modules_after

    lib.close()
    assert run_cli("mark", "1706.03762", "read", env={"PAPERDESK_USER": "ana"}).returncode == 0
    out = run_cli("papers", "--reader", "ana", "--json", env={"PAPERDESK_USER": "bo"})
    assert out.returncode == 0, out.stderr
    states = {p["id"]: p["reading"] for p in json.loads(out.stdout)["papers"]}
    assert states["vaswani2017attention"] == "read"  # ana's state, seen by bo
    bad = run_cli("papers", "--reader", "anna")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "no member 'anna'" in bad.stderr and "did you mean 'ana'" in bad.stderr
    for name in ("ana", "anna"):
        assert modules_after(["papers", "--reader", name], home, ["sqlalchemy"]) == []


def test_show_and_mark_take_a_papers_name(home: Path) -> None:
    shown = run_cli("show", "bert")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("BERT: Pre-training of Deep Bidirectional Transformers")
    marked = run_cli("mark", "GPT-3", "LoRA", "queued")
    assert marked.returncode == 0, marked.stderr
    assert marked.stdout.splitlines() == [
        "brown2020language: reading unread → queued",
        "hu2021lora: reading unread → queued",
    ]
    for year in ("2015", "2016"):
        added = run_cli(
            "add", "--title", "Deep Learning", "--year", year, "--url", f"https://x.org/{year}"
        )
        assert added.returncode == 0, added.stderr
    both = run_cli("show", "Deep Learning")
    assert both.returncode == 1
    assert both.stderr.startswith("error: 'Deep Learning' is ambiguous: 2 papers have that ")
    assert "anon2015deep (Deep Learning, 2015); anon2016deep (Deep Learning, 2016)" in both.stderr


def test_papers_json_is_the_rows_to_json(lib: Library) -> None:
    """``papers --json`` is a documented format: PaperRow.to_json() for each row (a list's rows
    add stage, position and why), the same on the fast path the command reads through."""
    from paperdesk.services.listing import PaperFilter, list_papers
    from paperdesk.storage.fastread import SessionReader

    papers.mark(lib, "1810.04805", "reading")
    papers.set_tags(lib, "1810.04805", ["encoder"], [])
    reader = SessionReader(lib)
    for args, flt in (
        ((), PaperFilter()),
        (("--list", "transformers-core"), PaperFilter(list_name="transformers-core")),
        (("--tag", "encoder"), PaperFilter(tag="encoder")),
    ):
        shown = json.loads(run_cli("papers", *args, "--json").stdout)
        rows = list_papers(reader, flt)
        assert shown == {"papers": [r.to_json() for r in rows], "count": len(rows)}, args
    listed = json.loads(run_cli("papers", "--list", "transformers-core", "--json").stdout)
    assert list(listed["papers"][0])[-3:] == ["stage", "position", "why"]


def test_a_second_id_is_not_taken_for_a_tag(lib: Library, home: Path) -> None:
    """``tag A B newtag`` names two papers: refused (exit 1, nothing tagged) with the -a form;
    an arXiv id, a DOI or a paper's key is never a tag."""
    for second in ("1810.04805", "devlin2018bert", "10.48550/arXiv.1810.04805"):
        out = run_cli("tag", "1706.03762", second, "newtag")
        assert out.returncode == 1
        assert "not a tag" in out.stderr and "-a TAG" in out.stderr, out.stderr
    assert run_cli("tag", "1706.03762", "1810.04805", "-a", "1810.04805").returncode == 1
    listed = json.loads(run_cli("papers", "--json").stdout)["papers"]
    assert all(p["tags"] == [] for p in listed)
    one = run_cli("tag", "1706.03762", "newtag")
    assert one.returncode == 0 and one.stdout == "vaswani2017attention: newtag\n"


def test_mark_with_two_states_is_a_usage_error(home: Path) -> None:
    out = run_cli("mark", "1706.03762", "read", "planned")
    assert out.returncode == 2
    assert "give one STATE after the IDs: 'read' and 'planned' are both states" in out.stderr
    assert "no paper" not in out.stderr
    shown = json.loads(run_cli("show", "1706.03762", "--json").stdout)
    assert shown["reading"] == "unread" and shown["replication"] == "none"


def test_mark_json_from_is_the_state_when_unchanged(home: Path) -> None:
    assert run_cli("mark", "1706.03762", "reading").returncode == 0
    again = json.loads(run_cli("mark", "1706.03762", "reading", "--json").stdout)
    assert again["papers"] == [
        {
            "id": "vaswani2017attention",
            "track": "reading",
            "from": "reading",
            "to": "reading",
            "changed": False,
        }
    ]


def test_show_prints_the_reference_count_and_one_venue(home: Path, tmp_path: Path) -> None:
    """``show`` says how many references the parse found (text and JSON, as the parse report
    counts them), and one venue line however the venue was stored."""
    from paperdesk.config import load_settings
    from paperdesk.storage import repository as repo
    from tests.services.test_papers import refs_pdf

    pdf = refs_pdf(tmp_path / "refs.pdf")
    added = run_cli("add", "--pdf", str(pdf), "--json")
    assert added.returncode == 0, added.stderr
    [row] = json.loads(added.stdout)["results"]
    shown = json.loads(run_cli("show", row["id"], "--json").stdout)
    assert shown["references"] == row["references"] >= 2
    text = run_cli("show", row["id"]).stdout
    assert f"text: parsed   references: {row['references']}" in text
    assert text.count("Proceedings of the Workshop on Tests 2020") == 1
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@inproceedings{venue2020, title = {Venues Told Twice Over}, author = {Lovelace, Ada},"
        " year = 2020, booktitle = {NAACL}}\n",
        "utf-8",
    )
    assert run_cli("import", "bibtex", str(bib)).returncode == 0
    lib = Library.open(load_settings())
    try:
        with lib.session() as s:  # a venue the PDF gave before the import's rule, as QA had
            repo.find_paper(s, "venue2020").venue = "Proceedings of NAACL-HLT 2018"
    finally:
        lib.close()
    text = run_cli("show", "venue2020").stdout
    assert "\nNAACL\n" in text and "NAACL-HLT" not in text
    assert "references:" not in text  # not parsed: nothing to count


def test_a_malformed_id_names_the_close_ids(home: Path) -> None:
    out = run_cli("show", "1706.0376")
    assert out.returncode == 1
    assert out.stderr.startswith(
        "error: not an arXiv id: '1706.0376' (ids from 1706 have 5 digits after the dot); "
        "did you mean '1706.03762'"
    ), out.stderr
    url = run_cli("mark", "https://arxiv.org/abs/1810.0480", "read")
    assert url.returncode == 1 and "did you mean '1810.04805'?" in url.stderr
    far = run_cli("show", "9999.1")
    assert far.returncode == 1 and "did you mean" not in far.stderr
