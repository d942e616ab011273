"""Shell completion (cli/completion.py): the scripts for bash, zsh and fish, and what a TAB
offers — ids and keys, states after an id, list names, tags, commands and options — read
through the fast path, with no library made and nothing heavy imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from paperdesk.library import Library
from tests.conftest import run_cli


def complete(home: Path, *words: str) -> list[str]:
    """What bash would offer after ``paperdesk WORDS`` (the last word is being typed)."""
    env = {
        **os.environ,
        "PAPERDESK_HOME": str(home),
        "_PAPERDESK_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(("paperdesk", *words)),
        "COMP_CWORD": str(len(words)),
    }
    out = subprocess.run(
        [sys.executable, "-m", "paperdesk"], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return [line.split(",", 1)[1] for line in out.stdout.splitlines() if "," in line]


def test_completion_scripts(home: Path) -> None:
    for shell in ("bash", "zsh", "fish"):
        out = run_cli("completion", shell)
        assert out.returncode == 0, out.stderr
        assert "_PAPERDESK_COMPLETE" in out.stdout
    assert (
        "complete -o nosort -F _paperdesk_completion paperdesk"
        in run_cli("completion", "bash").stdout
    )
    assert run_cli("completion", "tcsh").returncode == 2


def test_completion_of_ids_states_lists_tags_commands_and_options(lib: Library) -> None:
    home = lib.settings.home
    assert run_cli("tag", "1706.03762", "attention-paper").returncode == 0
    assert "1706.03762" in complete(home, "mark", "1706")
    assert all(x.startswith("1706") for x in complete(home, "mark", "1706"))
    assert "vaswani2017attention" in complete(home, "show", "vaswani")
    after_id = complete(home, "mark", "1706.03762", "rea")
    assert "read" in after_id and "reading" in after_id
    assert "reproduced" in complete(home, "mark", "1706.03762", "1810.04805", "rep")
    assert complete(home, "papers", "--list", "transformers-c") == ["transformers-core"]
    assert complete(home, "papers", "--tag", "att") == ["attention-paper"]
    assert complete(home, "search", "x", "--tag", "att") == ["attention-paper"]
    assert {"mark", "merge"} <= set(complete(home, "m"))
    assert {"--limit", "--list"} <= set(complete(home, "search", "--li"))


def test_completion_without_a_readable_library_offers_no_names(home: Path) -> None:
    # nothing created yet: no ids, and no library is made by pressing TAB
    assert complete(home, "mark", "1706") == []
    assert not (home / "library.sqlite").exists()


def test_completion_and_help_stay_light(lib: Library) -> None:
    """A TAB reads the library through sqlite3 only: no SQLAlchemy, no model, no PDF library."""
    code = (
        "import sys, runpy, json\n"
        "sys.argv = ['paperdesk']\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('sqlalchemy', 'torch', 'sentence_transformers', 'faiss', 'fitz', 'pymupdf')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "PAPERDESK_HOME": str(lib.settings.home),
        "_PAPERDESK_COMPLETE": "bash_complete",
        "COMP_WORDS": "paperdesk mark 1706",
        "COMP_CWORD": "2",
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "plain,1706.03762" in out.stdout
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []


def test_completers_in_process(lib: Library) -> None:
    from paperdesk.cli.completion import paper_items, state_items
    from paperdesk.states import READING_STATES, REPLICATION_STATES

    items = paper_items("VASWANI")  # case-insensitive; the key when the id does not match
    assert [i.value for i in items] == ["vaswani2017attention"]
    assert items[0].help and "Attention" in items[0].help
    assert [i.value for i in paper_items("1706.0376")] == ["1706.03762"]
    states = state_items("RE")
    assert [s.value for s in states] == [
        s for s in (*READING_STATES, *REPLICATION_STATES) if s.startswith("re")
    ]
    assert {s.help for s in states if s.value == "read"} == {"reading"}
    assert state_items("zzz") == []


def test_repro_completes_the_paper_then_replication_states(lib: Library) -> None:
    home = lib.settings.home
    lib.close()
    assert "1706.03762" in complete(home, "repro", "1706")
    assert complete(home, "repro", "1706.03762", "st") == ["status"]
    assert complete(home, "repro", "1706.03762", "status", "r") == ["running", "reproduced"]
    assert complete(home, "repro", "1706.03762", "status", "rea") == []  # a reading state
