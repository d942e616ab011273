"""The foundation's promises, through the real command line in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.test_note import on_terminal
from tests.conftest import run_cli, seed

HEAVY = (
    "torch",
    "sentence_transformers",
    "transformers",
    "faiss",
    "fitz",
    "pymupdf",
    "onnxruntime",
)


def test_lists_shows_the_seeded_roadmap(home: Path) -> None:
    out = run_cli("lists", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["lists"]) == len(seed().lists) and data["papers"] == seed().papers
    assert all(x["read"] == 0 for x in data["lists"])
    table = run_cli("lists")
    assert "transformers-core" in table.stdout and "0/8" in table.stdout
    assert f"{len(seed().lists)} lists · {seed().papers} papers in the library" in table.stdout


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


def test_add_existing_and_invalid(home: Path) -> None:
    out = run_cli("add", "https://arxiv.org/abs/1706.03762v7")
    assert out.returncode == 0 and "already in the library" in out.stdout
    bad = run_cli("add", "1706.3762")
    assert bad.returncode == 1
    assert "'1706.3762'" in bad.stderr and "Traceback" not in bad.stderr
    mixed = run_cli("add", "2106.09999", "cs/03060")
    assert (
        mixed.returncode == 1
        and "added arxiv210609999" in mixed.stdout  # provisional until fetched
        and "'cs/03060'" in mixed.stderr
    )
    count = json.loads(run_cli("papers", "--json").stdout)["count"]
    assert count == 54


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


def test_note_in_editor(home: Path, tmp_path: Path) -> None:
    editor = tmp_path / "ed.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('from the editor\\n')\n")
    out = on_terminal("note", "1810.04805", env={"EDITOR": f"{sys.executable} {editor}"})
    assert out.returncode == 0, out.stderr
    assert run_cli("note", "1810.04805", "--print").stdout == "from the editor\n"


def test_errors_are_one_line(home: Path) -> None:
    for args in (
        ["mark", "1706.03762", "finished"],
        ["show", "9999.99999"],
        ["show", "../../etc/passwd"],
    ):
        out = run_cli(*args)
        assert out.returncode == 1
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: "), out.stderr


def test_lists_import(home: Path, tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\ntitle: Mine\npapers:\n  - id: 1706.03762\n  - id: 2106.09999\n")
    out = run_cli("lists", "import", str(f))
    assert out.returncode == 0 and "2 entries added (1 new paper," in out.stdout
    again = run_cli("lists", "import", str(f))
    assert "0 entries added" in again.stdout
    f.write_text("name: mine\npapers:\n  - id: 1706.03762\n  - id: [\n")
    bad = run_cli("lists", "import", str(f))
    assert bad.returncode == 1 and f"{f}:5:" in bad.stderr


def test_version_and_help(home: Path) -> None:
    assert run_cli("--version").stdout.startswith("paperdesk, version")
    helptext = run_cli("--help").stdout
    for cmd in ("lists", "papers", "show", "add", "mark", "note"):
        assert cmd in helptext


def _modules_after(args: list[str], home: Path) -> list[str]:
    code = (
        "import sys, runpy, json\n"
        f"sys.argv = ['paperdesk', *{args!r}]\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PAPERDESK_HOME": str(home)},
    )
    return json.loads(out.stderr.strip().splitlines()[-1])


def test_help_and_list_views_import_nothing_heavy(home: Path) -> None:
    run_cli("lists")  # first run migrates and seeds
    for args in (["--help"], ["papers"], ["papers", "--json"], ["lists"], ["show", "1706.03762"]):
        assert _modules_after(args, home) == [], args


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
