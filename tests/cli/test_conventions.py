"""CLI conventions (issue #16): usage errors exit 2, ``--help`` reads whole, ``-k/--limit``,
``config``, several ids where one makes sense, ``--json`` on mutations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.cli.main import COMMANDS, SUMMARIES
from paperdesk.library import Library
from tests.conftest import run_cli


def _papers(home: Path) -> list[dict]:
    return json.loads(run_cli("papers", "--json").stdout)["papers"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["add", "1706.03762", "--title", "A title"], "give either arXiv ids or --title"),
        (["add"], "nothing to add"),
        (["plan", "--pace", "3/week"], "name the list to plan"),
        (["papers", "--tag", " "], "--tag: needs a tag name"),
        (["search", "attention", "--tag", ""], "--tag: needs a tag name"),
        (["mark", "1706.03762"], "then the STATE: paperdesk mark 1706.03762 read"),
        (["search", "x", "-k", "0"], "-k"),
    ],
)
def test_usage_errors_exit_2_with_the_usage_line(
    lib: Library, args: list[str], message: str
) -> None:
    out = run_cli(*args)
    assert out.returncode == 2, (args, out.stderr)
    assert message in out.stderr, (args, out.stderr)
    assert f"Usage: paperdesk {args[0]}" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_usage_error_changes_nothing(lib: Library, home: Path) -> None:
    before = _papers(home)
    assert run_cli("add", "2005.14165", "--title", "GPT-3").returncode == 2
    assert _papers(home) == before


def test_pdf_options_for_one_paper_with_two_files_is_a_usage_error(
    lib: Library, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF-1.4\n")
    b.write_bytes(b"%PDF-1.4\n")
    out = run_cli("add", "--pdf", str(a), "--pdf", str(b), "--title", "One paper")
    assert out.returncode == 2 and "describe one paper" in out.stderr, out.stderr


def test_help_lists_every_command_whole(home: Path) -> None:
    out = run_cli("--help", env={"COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    listing = [ln for ln in out.stdout.split("Commands:", 1)[1].splitlines() if ln.strip()]
    names = [line.split()[0] for line in listing]
    assert names == sorted(COMMANDS)
    assert all(len(line) <= 80 for line in listing)
    assert not any("..." in line or "…" in line for line in listing)
    for line in listing:
        name = line.split()[0]
        assert line.split(None, 1)[1] == SUMMARIES[name]  # one line each, not wrapped


def test_every_command_has_a_summary_short_enough() -> None:
    assert set(SUMMARIES) == set(COMMANDS)
    assert all(len(s) <= 60 and not s.endswith("...") for s in SUMMARIES.values())


def test_limit_option_and_the_old_k_spelling(lib: Library) -> None:
    got = {}
    for flag in ("-k", "--limit", "--k"):
        out = run_cli("search", "language", "model", "--mode", "keyword", flag, "2", "--json")
        assert out.returncode == 0, out.stderr
        got[flag] = [h["id"] for h in json.loads(out.stdout)["hits"]]
    assert len(got["-k"]) == 2 and got["-k"] == got["--limit"] == got["--k"]
    helptext = run_cli("search", "--help").stdout
    assert "-k, --limit" in helptext and "--k " not in helptext  # the alias is hidden
    assert "-k, --limit" in run_cli("similar", "--help").stdout


def test_search_by_tag(lib: Library) -> None:
    assert run_cli("tag", "1810.04805", "encoders").returncode == 0
    out = run_cli("search", "language", "--mode", "keyword", "--tag", "Encoders", "--json")
    assert out.returncode == 0, out.stderr
    assert [h["id"] for h in json.loads(out.stdout)["hits"]] == ["devlin2018bert"]


def test_config_json_shows_sources_and_redacted_paths(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("feed_days = 3\n")
    env = {
        "PAPERDESK_ARXIV_TIMEOUT": "12",
        "PAPERDESK_DATABASE_URL": "postgresql://reader:s3cret@db.example/papers",
    }
    out = run_cli("config", "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    s = data["settings"]
    assert s["feed_days"] == {"value": 3, "source": "file", "variable": "PAPERDESK_FEED_DAYS"}
    assert s["arxiv_timeout"]["value"] == 12.0
    assert s["arxiv_timeout"]["source"] == "env PAPERDESK_ARXIV_TIMEOUT"
    assert s["model"]["source"] == "default"
    assert s["umask"] == {"value": "077", "source": "default", "variable": "PAPERDESK_UMASK"}
    assert s["home"]["source"] == "env PAPERDESK_HOME"
    assert "s3cret" not in out.stdout
    assert data["paths"]["database"] == "postgresql://reader:***@db.example/papers"
    assert s["database_url"]["value"] == data["paths"]["database"]
    assert data["paths"]["home"] == str(home.resolve())
    assert data["paths"]["config_file"] == str(home / "config.toml")
    assert data["paths"]["config_file_exists"] is True
    text = run_cli("config", env=env)
    assert text.returncode == 0 and "s3cret" not in text.stdout
    assert "feed_days" in text.stdout and "file" in text.stdout


def test_config_names_a_bad_setting(home: Path) -> None:
    out = run_cli("config", env={"PAPERDESK_FEED_DAYS": "soon"})
    assert out.returncode == 1
    assert out.stderr.strip() == "error: PAPERDESK_FEED_DAYS must be a whole number, got 'soon'"


def test_mark_several_papers_all_or_none(lib: Library, home: Path) -> None:
    out = run_cli("mark", "1706.03762", "1810.04805", "read")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "vaswani2017attention: reading unread → read",
        "devlin2018bert: reading unread → read",
    ]
    bad = run_cli("mark", "2005.14165", "nosuchpaper", "read")
    assert bad.returncode == 1 and "nosuchpaper" in bad.stderr
    states = {p["id"]: p["reading"] for p in _papers(home)}
    assert states["brown2020language"] == "unread"  # the good id was not marked either


def test_mark_json_says_what_changed(lib: Library) -> None:
    out = run_cli("mark", "1706.03762", "arXiv:1810.04805v2", "1706.03762", "planned", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "papers": [
            {
                "id": "vaswani2017attention",
                "track": "replication",
                "from": "none",
                "to": "planned",
                "changed": True,
            },
            {
                "id": "devlin2018bert",
                "track": "replication",
                "from": "none",
                "to": "planned",
                "changed": True,
            },
        ]
    }
    again = json.loads(run_cli("mark", "1706.03762", "planned", "--json").stdout)
    assert again["papers"][0]["changed"] is False and again["papers"][0]["from"] == "planned"


def test_tag_one_paper_or_several(lib: Library, home: Path) -> None:
    one = run_cli("tag", "1706.03762", "attention", "seq2seq").stdout
    assert one == "vaswani2017attention: attention, seq2seq\n"
    out = run_cli("tag", "1706.03762", "1810.04805", "-a", "Transformers", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["papers"] == [
        {
            "id": "vaswani2017attention",
            "tags": ["attention", "seq2seq", "transformers"],
            "added": ["transformers"],
            "removed": [],
        },
        {
            "id": "devlin2018bert",
            "tags": ["transformers"],
            "added": ["transformers"],
            "removed": [],
        },
    ]
    out = run_cli("tag", "1706.03762", "1810.04805", "-r", "transformers")
    assert out.stdout.splitlines() == [
        "vaswani2017attention: attention, seq2seq",
        "devlin2018bert: (no tags)",
    ]
    bad = run_cli("tag", "1706.03762", "1810.04805", "-r", "seq2seq")  # BERT lacks it
    assert bad.returncode == 1 and "devlin2018bert has no tag 'seq2seq'" in bad.stderr
    tags = {p["id"]: p["tags"] for p in _papers(home)}
    assert tags["vaswani2017attention"] == ["attention", "seq2seq"]  # nothing partial


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["show", "attention"],
            "error: no paper 'attention' in the library (did you mean vaswani2017attention",
        ),
        (
            ["show", "vaswani2017atention"],
            "error: no paper 'vaswani2017atention' in the library "
            "(did you mean vaswani2017attention?); to search by words:",
        ),
        (
            ["mark", "1706.03763", "read"],
            "error: no paper '1706.03763' in the library (did you mean 1706.03762",
        ),
        (["mark", "1706.03762", "raed"], "error: unknown state 'raed' (did you mean 'read'?)"),
        (
            ["papers", "--list", "transformer-core"],
            "error: no reading list 'transformer-core' (did you mean 'transformers-core'?)",
        ),
        (["search", "x", "--list", "trans"], "(did you mean 'transformers-core'?)"),
    ],
)
def test_did_you_mean(lib: Library, args: list[str], expected: str) -> None:
    out = run_cli(*args)
    assert out.returncode == 1 and out.stderr.startswith("error: ") and expected in out.stderr


def test_add_is_suggested_only_for_an_arxiv_id(lib: Library) -> None:
    word = run_cli("show", "attention").stderr
    assert "paperdesk add" not in word and "paperdesk search attention" in word
    assert "paperdesk add" not in run_cli("show", "10.1234/nothing").stderr
    assert (
        run_cli("show", "2401.99999")
        .stderr.strip()
        .endswith("add it with 'paperdesk add 2401.99999'")
    )


def test_fetch_and_parse_refuse_ids_with_all(lib: Library) -> None:
    for args in (
        ["fetch", "1706.03762", "--all"],
        ["fetch", "--list", "transformers-core", "--all"],
        ["parse", "1706.03762", "--all"],
    ):
        out = run_cli(*args)
        assert out.returncode == 2, out.stderr
        assert "one of them" in out.stderr or "not both" in out.stderr


def test_note_json(lib: Library) -> None:
    out = run_cli("note", "1706.03762", "--append", "Read 3.2 again.", "--json")
    assert out.returncode == 0, out.stderr
    saved = json.loads(out.stdout)
    assert saved["id"] == "vaswani2017attention" and saved["saved"] is True
    assert saved["characters"] == len("Read 3.2 again.\n")
    shown = json.loads(run_cli("note", "1706.03762", "--json").stdout)
    assert shown == {"id": "vaswani2017attention", "note": "Read 3.2 again.\n", "revision": 1}
    assert run_cli("note", "1706.03762", "--print", "--set", "x").returncode == 2


def test_export_and_import_json_say_what_they_did(lib: Library, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    out = run_cli("export", "bibtex", str(bib), "--list", "transformers-core", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"file": str(bib), "written": 8, "what": "BibTeX entries"}
    assert run_cli("export", "bibtex", "-", "--json").returncode == 2
    back = run_cli("import", "bibtex", str(bib), "--json")
    assert back.returncode == 0, back.stderr
    report = json.loads(back.stdout)
    assert report["entries"] == 8 and report["added"] == 0 and report["merged"] == 8
    assert report["summary"].startswith("refs.bib: 8 entries")
    vault = tmp_path / "vault"
    made = json.loads(run_cli("export", "markdown", str(vault), "--json").stdout)
    assert made["read_back"] is None and len(made["written"]) > 8
    read = json.loads(run_cli("import", "markdown", str(vault), "--json").stdout)
    assert read["papers"] == [] and read["unchanged"] == len(made["written"])
    backup = tmp_path / "backup.json"
    dumped = json.loads(run_cli("export", "json", str(backup), "--json").stdout)
    assert dumped["file"] == str(backup) and dumped["written"] == len(_papers(lib.settings.home))


def test_key_and_list_mutations_print_json(lib: Library, tmp_path: Path) -> None:
    out = run_cli("key", "1706.03762", "transformer2017", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "old": "vaswani2017attention",
        "new": "transformer2017",
        "changed": True,
        "aliases": ["vaswani2017attention"],
    }
    moved = json.loads(run_cli("lists", "move", "long-context", "1", "--json").stdout)
    assert moved["order"][0] == "long-context"
    reset = json.loads(run_cli("lists", "reset-order", "--json").stdout)
    assert reset["order"][0] == "deep-learning-foundations" and len(reset["order"]) == 8
    spec = tmp_path / "mine.yaml"
    spec.write_text("name: my-list\ntitle: Mine\npapers:\n  - id: 1706.03762\n")
    added = json.loads(run_cli("lists", "import", str(spec), "--json").stdout)
    assert added == {"name": "my-list", "added_papers": 0, "added_entries": 1, "existing": 0}


def test_open_json_names_the_pdf(home: Path, tmp_path: Path) -> None:
    from tests.services.paperpdfs import paper_pdf

    pdf = paper_pdf(tmp_path / "lora.pdf", "LoRA: Low-Rank Adaptation of Large Language Models")
    assert run_cli("add", "--pdf", str(pdf), "--id", "2106.09685").returncode == 0
    bindir = tmp_path / "bin"
    bindir.mkdir()
    viewer = bindir / "zathura"
    viewer.write_text("#!/bin/sh\nexit 0\n")
    viewer.chmod(0o755)
    out = run_cli("open", "2106.09685", "--page", "2", "--json", env={"PATH": str(bindir)})
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["page"] == 2 and shown["path"].endswith(".pdf") and Path(shown["path"]).is_file()
