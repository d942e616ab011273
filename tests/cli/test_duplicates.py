"""``paperdesk duplicates`` and ``paperdesk merge`` in a real process."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.storage.models import Paper
from tests.conftest import run_cli


def _twin(lib: Library) -> str:
    """A second copy of 'Attention Is All You Need', as an import might have stored it."""
    with lib.session() as s:
        paper = Paper(title="Attention is all you need.", year=2017, authors=[])
        s.add(paper)
        s.flush()
        return paper.key


def test_duplicates_then_merge(lib: Library, home: Path) -> None:
    twin = _twin(lib)
    assert run_cli("note", twin, "--append", "from the twin").returncode == 0
    listed = run_cli("duplicates")
    assert (
        listed.returncode == 0 and twin in listed.stdout and "same title and year" in listed.stdout
    )
    (dup,) = [
        d
        for d in json.loads(run_cli("duplicates", "--json").stdout)["duplicates"]
        if d["other"] == twin
    ]
    out = run_cli("merge", dup["keep"], twin)
    assert out.returncode == 0, out.stderr
    assert f"merged {twin} into {dup['keep']}" in out.stdout and "note moved" in out.stdout
    assert twin not in run_cli("duplicates").stdout
    shown = json.loads(run_cli("show", twin, "--json").stdout)
    assert shown["id"] == dup["keep"] and "from the twin" in shown["note"]


def test_merge_errors_are_one_line(lib: Library, home: Path) -> None:
    same = run_cli("merge", "1706.03762", "arXiv:1706.03762v7")
    assert (
        same.returncode == 1 and same.stderr.startswith("error: ") and "same paper" in same.stderr
    )
    missing = run_cli("merge", "1706.03762", "nosuchpaper")
    assert missing.returncode == 1 and "nosuchpaper" in missing.stderr
    assert "Traceback" not in same.stderr + missing.stderr
    with lib.session() as s:
        assert s.scalar(select(Paper).where(Paper.arxiv_id == "1706.03762")) is not None


def test_merge_completes_both_papers(lib: Library, home: Path) -> None:
    from tests.cli.test_completion import complete

    lib.close()
    assert "1706.03762" in complete(home, "merge", "1706")
    assert "devlin2018bert" in complete(home, "merge", "1706.03762", "devlin")
