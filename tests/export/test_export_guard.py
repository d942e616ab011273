"""Exports never replace a file paperdesk did not write, never write through a symbolic link,
and what paperdesk makes is private to the user (umask 077 unless PAPERDESK_UMASK)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kind", ["bibtex", "csl", "json"])
def test_a_hand_made_file_is_kept_unless_forced(home: Path, tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"refs.{kind}"
    target.write_text("my own file\n")
    done = run_cli("export", kind, str(target))
    assert done.returncode == 1
    assert "paperdesk did not write it" in done.stderr and "--force" in done.stderr
    assert target.read_text() == "my own file\n"
    assert run_cli("export", kind, str(target), "--force").returncode == 0
    assert target.read_text() != "my own file\n"
    again = run_cli("export", kind, str(target))  # paperdesk wrote it: replaced without asking
    assert again.returncode == 0, again.stderr
    target.write_text(target.read_text() + "\n% my edit\n")
    edited = run_cli("export", kind, str(target))
    assert edited.returncode == 1 and "edited since" in edited.stderr
    assert target.read_text().endswith("% my edit\n")


def test_a_symbolic_link_is_never_written_through(home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    link = tmp_path / "refs.bib"
    link.symlink_to(outside)
    done = run_cli("export", "bibtex", str(link))
    assert done.returncode == 1 and "symbolic link" in done.stderr
    assert run_cli("export", "bibtex", str(link), "--force").returncode == 0
    assert not link.is_symlink() and link.read_text().startswith("@")
    assert outside.read_text() == "precious\n"


def test_library_and_exports_are_private(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    assert run_cli("export", "bibtex", str(out)).returncode == 0
    assert _mode(out) == 0o600
    assert _mode(home / "library.sqlite") == 0o600
    assert _mode(home) == 0o700


def test_the_umask_can_be_configured(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    assert run_cli("export", "bibtex", str(out), env={"PAPERDESK_UMASK": "022"}).returncode == 0
    assert _mode(out) == 0o644
    bad = run_cli("lists", env={"PAPERDESK_UMASK": "rw-r--r--"})
    assert bad.returncode == 1 and "PAPERDESK_UMASK must be an octal mask" in bad.stderr


def test_a_library_made_before_becomes_private(home: Path) -> None:
    assert run_cli("lists", env={"PAPERDESK_UMASK": "022"}).returncode == 0
    db = home / "library.sqlite"
    assert (_mode(db), _mode(home)) == (0o644, 0o755)
    assert run_cli("export", "json", "-").returncode == 0  # a command that opens the library
    assert (_mode(db), _mode(home)) == (0o600, 0o700)
