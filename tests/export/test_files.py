"""Writing export files: the permissions a user expects (not mkstemp's 0600) and a clear error
when the target's folder is a file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.bibtex import export_bibtex
from paperdesk.export.files import write_atomic, write_many_atomic
from paperdesk.export.markdown import export_markdown
from paperdesk.library import Library
from tests.conftest import run_cli


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_follow_the_umask(tmp_path: Path, umask_022: None) -> None:
    write_atomic(tmp_path / "one.bib", b"x")
    write_many_atomic([(tmp_path / "a.md", b"a"), (tmp_path / "sub" / "b.md", b"b")])
    assert mode(tmp_path / "one.bib") == 0o644
    assert mode(tmp_path / "a.md") == 0o644 and mode(tmp_path / "sub" / "b.md") == 0o644
    os.umask(0o027)
    write_atomic(tmp_path / "two.bib", b"x")
    assert mode(tmp_path / "two.bib") == 0o640


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    for name in ("shared.bib", "a.md"):
        (tmp_path / name).write_bytes(b"old")
        (tmp_path / name).chmod(0o664)
    write_atomic(tmp_path / "shared.bib", b"new")
    write_many_atomic([(tmp_path / "a.md", b"new")])
    assert mode(tmp_path / "shared.bib") == 0o664 and mode(tmp_path / "a.md") == 0o664
    assert (tmp_path / "shared.bib").read_bytes() == b"new"


def test_exports_are_readable_by_others(full_lib: Library, tmp_path: Path, umask_022: None) -> None:
    export_bibtex(full_lib, tmp_path / "refs.bib")
    export_markdown(full_lib, tmp_path / "vault")
    assert mode(tmp_path / "refs.bib") == 0o644
    assert {mode(p) for p in (tmp_path / "vault").iterdir()} == {0o644}


def test_a_parent_that_is_a_file_is_named(full_lib: Library, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for target in (tmp_path / "file" / "x.bib", tmp_path / "file" / "deeper" / "x.bib"):
        with pytest.raises(ExportError, match=f"{tmp_path / 'file'} is a file, not a folder"):
            write_atomic(target, b"x")
        with pytest.raises(ExportError, match="is a file, not a folder"):
            write_many_atomic([(target, b"x")])
    with pytest.raises(
        ExportError,
        match=f"cannot write into {tmp_path / 'file' / 'vault'}: "
        f"{tmp_path / 'file'} is a file, not a folder",
    ):
        export_markdown(full_lib, tmp_path / "file" / "vault")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_cli_says_the_parent_is_a_file(home: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    out = run_cli("export", "bibtex", str(tmp_path / "file" / "x.bib"))
    assert out.returncode == 1
    assert out.stderr == (
        f"error: cannot write {tmp_path / 'file' / 'x.bib'}: "
        f"{tmp_path / 'file'} is a file, not a folder\n"
    )
