"""Replacing a paper's PDF: the new file under a free name, the row committed, then the old
file removed; a rollback or a process dying at either step leaves the row and the files in
agreement, and the next run removes the loser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.paths import pdf_file, sha256_file
from paperdesk.services.attach import attach_pdf, copy_in
from paperdesk.services.pdfswap import swap_in
from paperdesk.storage import repository as repo
from tests.services.paperpdfs import paper_pdf

KEY = "1706.03762"


def _row(lib: Library) -> tuple[Path, str]:
    with lib.session() as s:
        p = repo.find_paper(s, KEY)
        path = pdf_file(lib.settings, p.pdf_path)
        assert path is not None
        return path, p.pdf_sha256 or ""


def _pdfs(lib: Library) -> list[str]:
    return sorted(p.name for p in lib.settings.pdf_dir.iterdir())


@pytest.fixture
def attached(lib: Library, tmp_path: Path) -> Library:
    paper_pdf(tmp_path / "first.pdf", "Attention Is All You Need", word="first", year=2017)
    attach_pdf(lib, tmp_path / "first.pdf", ref=KEY, force=True)
    return lib


def test_replacing_removes_the_old_file_after_the_commit(attached: Library, tmp_path: Path) -> None:
    old, _ = _row(attached)
    new_pdf = paper_pdf(tmp_path / "second.pdf", "Attention Is All You Need", word="second")
    attach_pdf(attached, new_pdf, ref=KEY, force=True)
    path, digest = _row(attached)
    assert path != old and not old.exists()
    assert digest == sha256_file(new_pdf) == sha256_file(path)
    assert _pdfs(attached) == [path.name]


def test_a_rollback_keeps_the_old_file(attached: Library, tmp_path: Path) -> None:
    old, digest = _row(attached)
    tmp, sha = copy_in(
        paper_pdf(tmp_path / "x.pdf", "Attention", word="x"), attached.settings.pdf_dir
    )
    with pytest.raises(RuntimeError), attached.session() as s:
        paper = repo.find_paper(s, KEY)
        new = swap_in(s, attached.settings, paper, tmp, sha, tmp_path / "x.pdf")
        assert new.exists()
        raise RuntimeError("the commit never happens")
    assert _row(attached) == (old, digest) and sha256_file(old) == digest
    assert _pdfs(attached) == [old.name]


def _die_after_swap(settings_home: str, src: str, commit: bool) -> None:
    """In a child: swap in ``src`` and die before (or right after) the commit."""
    lib = Library.open(load_settings({**os.environ, "PAPERDESK_HOME": settings_home}), seed=False)
    tmp, sha = copy_in(Path(src), lib.settings.pdf_dir)
    session_cm = lib.session()
    s = session_cm.__enter__()
    paper = repo.find_paper(s, KEY)
    swap_in(s, lib.settings, paper, tmp, sha, Path(src))
    if commit:
        from sqlalchemy import event

        event.listen(s, "after_commit", lambda _s: os._exit(0), insert=True)
        s.commit()
    os._exit(0)


@pytest.mark.parametrize("commit", [False, True], ids=["before-commit", "after-commit"])
def test_a_swap_cut_short_is_finished_by_the_next_run(
    attached: Library, tmp_path: Path, commit: bool
) -> None:
    old, digest = _row(attached)
    src = paper_pdf(tmp_path / "y.pdf", "Attention Is All You Need", word="killed")
    attached.db.engine.dispose()
    pid = os.fork()
    if pid == 0:
        _die_after_swap(str(attached.settings.home), str(src), commit)
    os.waitpid(pid, 0)
    assert any(p.endswith(".journal") for p in _pdfs(attached))  # the journal stayed
    path, now = _row(attached)
    assert sha256_file(path) == now  # the row points at a whole file either way
    lib = Library.open(attached.settings, seed=False)  # any next run tidies
    try:
        path, now = _row(lib)
        assert _pdfs(lib) == [path.name]
        if commit:
            assert now == sha256_file(src) and not old.exists()
        else:
            assert (path, now) == (old, digest)
    finally:
        lib.close()


def test_a_journal_of_a_live_process_is_left_alone(attached: Library) -> None:
    journal = attached.settings.pdf_dir / f".swap.{os.getppid()}.0123abcd.journal"
    journal.write_text(json.dumps({"paper_id": 1, "new": "/nowhere", "old": None}))
    Library.open(attached.settings, seed=False).close()
    assert journal.exists()
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    journal.rename(journal.with_name(f".swap.{int(done.stdout)}.0123abcd.journal"))
    Library.open(attached.settings, seed=False).close()
    assert not any(p.endswith(".journal") for p in _pdfs(attached))
