"""Bad input found in review: each gets one clear line and loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.errors import InvalidIdError, NotFoundError, StateError
from paperdesk.ids import check_key
from paperdesk.library import Library
from paperdesk.services import papers
from tests.conftest import run_cli, seed


@pytest.mark.parametrize(
    "key",
    [
        "2401.00001",
        "1706.03762v2",
        "cs_0306050",
        "math_0309136v2",
        "../../etc",
        "10.1145/1",
        "",
        "9lives",
    ],
)
def test_keys_that_could_collide_are_refused(key: str) -> None:
    with pytest.raises(InvalidIdError):
        check_key(key)


def test_good_keys_pass() -> None:
    assert check_key("radford2018gpt1") == "radford2018gpt1"
    assert check_key("Smith-2001.note_2") == "Smith-2001.note_2"


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


@pytest.mark.parametrize("name", ["a#b?c", "fifty%41", "sp ace"])
def test_home_with_url_characters(tmp_path: Path, name: str) -> None:
    home = tmp_path / name
    env = {"PAPERDESK_HOME": str(home)}
    out = run_cli("lists", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["papers"] == seed().papers
    assert (home / "library.sqlite").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    code = (
        "import sys, runpy\nsys.argv = ['paperdesk', 'papers', '--json']\n"
        "try:\n    runpy.run_module('paperdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass\nprint('sqlalchemy' in sys.modules, file=sys.stderr)\n"
    )
    fast = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}
    )
    assert fast.stderr.strip().splitlines()[-1] == "False", "the fast read path is used"


def test_note_exclusive_options(home: Path) -> None:
    # the editor's failure is tested on a terminal in tests/cli/test_note.py
    both = run_cli("note", "1706.03762", "--print", "--append", "x")
    assert both.returncode == 2 and "do not go together" in both.stderr
    assert run_cli("note", "1706.03762", "--print").stdout == ""


@pytest.mark.parametrize(
    ("var", "value", "fragment"),
    [
        ("PAPERDESK_ARXIV_API_URL", "notaurl", "must be an http(s) URL"),
        ("PAPERDESK_PDF_MAX_MB", "0", "PAPERDESK_PDF_MAX_MB must be > 0"),
        ("PAPERDESK_PARSE_TIMEOUT", "-5", "PAPERDESK_PARSE_TIMEOUT must be > 0"),
    ],
)
def test_nonsense_settings_are_named(home: Path, var: str, value: str, fragment: str) -> None:
    out = run_cli("papers", env={var: value})
    assert out.returncode == 1 and fragment in out.stderr and "Traceback" not in out.stderr


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
