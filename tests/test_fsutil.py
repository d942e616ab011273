"""fsutil: atomic replacement, pid-named temporary files swept after dead processes, locks
between processes, and a full disk named as such."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdesk import fsutil
from paperdesk.errors import DiskFullError


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_write_atomic_replaces_and_a_failure_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "notes.md"
    fsutil.write_atomic(target, b"first")
    assert target.read_bytes() == b"first"

    def half(fh) -> None:  # type: ignore[no-untyped-def]
        fh.write(b"half of the second")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        fsutil.write_atomic(target, half)
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in target.parent.iterdir()) == ["notes.md"]


def test_write_atomic_sets_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    fsutil.write_atomic(target, b"{}", mode=0o640)
    assert target.stat().st_mode & 0o777 == 0o640


def test_replace_all_names_the_target_it_could_not_write(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()  # a folder where a file should go: the rename fails
    with pytest.raises(OSError) as err:
        fsutil.replace_all([(tmp_path / "ok.md", b"1"), (tmp_path / "taken", b"2")])
    assert err.value.filename == str(tmp_path / "taken")
    assert (tmp_path / "ok.md").read_bytes() == b"1"
    assert fsutil.sweep(tmp_path) == []  # no temporary file of this process is left either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.md", "taken"]


def test_sweep_removes_leftovers_of_dead_processes_only(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".notes.md.{dead}.0123abcd.tmp"
    stale_dir = tmp_path / f".model.{dead}.0123abcd.tmpdir"
    mine = fsutil.temp_path(tmp_path / "live.md")
    parent = tmp_path / f".other.md.{os.getppid()}.0123abcd.tmp"  # alive
    legacy = tmp_path / ".attach.k3j_2hjs.pdf.part"
    user = tmp_path / ".my notes.tmp"
    for p in (stale, mine, parent, legacy, user):
        p.write_bytes(b"x")
    stale_dir.mkdir()
    (stale_dir / "model.onnx").write_bytes(b"x")
    assert sorted(fsutil.sweep(tmp_path)) == sorted([stale, stale_dir])
    old = time.time() - 2 * fsutil.MAX_AGE_S
    os.utime(legacy, (old, old))
    os.utime(user, (old, old))
    assert fsutil.sweep(tmp_path) == []  # earlier releases' names only when asked
    assert fsutil.sweep(tmp_path, legacy=True) == [legacy]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, parent.name, user.name])


def test_a_full_disk_is_named() -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert fsutil.is_disk_full(full)
    assert not fsutil.is_disk_full(OSError(errno.EACCES, "Permission denied"), Path("/"))
    err = fsutil.disk_error(full, Path("/data/pdfs/x.pdf"))
    assert isinstance(err, DiskFullError)
    assert str(err).startswith("disk full: cannot write x.pdf in /data/pdfs")


def _hold(path: str, ready, release) -> None:  # type: ignore[no-untyped-def]
    with fsutil.file_lock(Path(path)):
        ready.set()
        release.wait(10)


def test_file_lock_excludes_another_process(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    lock = tmp_path / "locks" / "x.lock"
    holder = ctx.Process(target=_hold, args=(str(lock), ready, release))
    holder.start()
    assert ready.wait(10)
    busy = fsutil.file_lock(lock, timeout=0.1, what="the index")
    with pytest.raises(fsutil.LockTimeout, match="busy in another paperdesk process"):
        busy.__enter__()
    release.set()
    holder.join(10)
    with fsutil.file_lock(lock, timeout=5):
        pass


def test_read_text_file_names_what_went_wrong_and_where(tmp_path: Path) -> None:
    """One reader of the files a user names (reading lists, results, backups, BibTeX): each
    failure is one error of the caller's kind, naming the file and what it should have been."""
    from paperdesk.errors import ExportError, NotFoundError
    from paperdesk.fsutil import read_text_file

    good = tmp_path / "list.yaml"
    good.write_bytes(b"\xef\xbb\xbfname: x\n")  # a byte-order mark is dropped
    assert read_text_file(good, "reading list") == "name: x\n"
    big = tmp_path / "big.csv"
    big.write_bytes(b"a" * (3 << 20))
    latin = tmp_path / "latin.bib"
    latin.write_bytes(b"@misc{x, title={Caf\xe9}}")
    cases = [
        (tmp_path / "nope.json", {}, ExportError, "nope.json: no such backup file"),
        (tmp_path / "nope.json", {"missing": NotFoundError}, NotFoundError, "no such backup file"),
        (tmp_path, {}, ExportError, "is a folder, not a backup file"),
        (big, {"max_bytes": 2 << 20}, ExportError, "the backup file is 3.0 MB; at most 2 MB"),
        (latin, {}, ExportError, "latin.bib: the backup file is not UTF-8 text (byte 19"),
    ]
    for path, options, kind, message in cases:
        with pytest.raises(kind, match=re.escape(message)):
            read_text_file(path, "backup file", error=ExportError, **options)  # type: ignore[arg-type]
