"""File names and links that try to leave the library or the export folder: nothing is ever
written outside it."""

from __future__ import annotations

from pathlib import Path

from paperdesk.export.markdown import export_markdown
from paperdesk.library import Library
from paperdesk.paths import pdf_target
from paperdesk.storage.models import Paper


def test_a_vault_page_replaced_by_a_link_is_never_written_through(
    empty_lib: Library, tmp_path: Path
) -> None:
    with empty_lib.session() as s:
        s.add(Paper(key="smith2020deep", title="Deep Things", authors=["Ann Smith"], year=2020))
    vault = tmp_path / "vault"
    export_markdown(empty_lib, vault)
    page = vault / "smith2020deep.md"
    outside = tmp_path / "outside.md"
    outside.write_bytes(page.read_bytes())  # the same bytes paperdesk wrote, behind a link
    page.unlink()
    page.symlink_to(outside)
    before = outside.read_bytes()
    with empty_lib.session() as s:
        s.query(Paper).one().title = "Deeper Things"
    export_markdown(empty_lib, vault)
    assert outside.read_bytes() == before
    inside = sorted(p for p in vault.rglob("*") if p.is_file() and not p.is_symlink())
    assert all(p.resolve().is_relative_to(vault.resolve()) for p in inside)


def test_keys_that_look_like_paths_stay_in_their_folders(
    empty_lib: Library, tmp_path: Path
) -> None:
    evil = ["../../etc/passwd", "/abs/key", "a\\..\\..\\b", "..", "con", "x\x00y"]
    for key in evil:
        target = pdf_target(empty_lib.settings, key)
        assert target.parent == empty_lib.settings.pdf_dir, key
    with empty_lib.session() as s:
        for i, key in enumerate(evil[:4]):
            s.add(Paper(key=key, title=f"Evil {i}", authors=[], year=2020))
    vault = tmp_path / "vault"
    export_markdown(empty_lib, vault)
    home = empty_lib.settings.home.resolve()
    written = [p.resolve() for p in tmp_path.rglob("*") if p.is_file()]
    outside = [p for p in written if not p.is_relative_to(home)]
    assert outside and all(p.is_relative_to(vault.resolve()) for p in outside)
    assert len(list(vault.glob("*.md"))) >= 5  # four papers and the index, none elsewhere


def test_shell_metacharacters_and_bidi_in_a_file_name_are_only_a_name(
    home: Path, tmp_path: Path
) -> None:
    from tests.conftest import run_cli
    from tests.hostile.pdfs import good

    name = "$(touch PWNED);`touch PWNED2`|x&\u202egpj.exe.pdf"
    pdf = good(tmp_path / name)
    done = run_cli("add", "--pdf", str(pdf), "--title", "Named badly")
    assert done.returncode == 0, done.stderr
    assert not any(p.name.startswith("PWNED") for p in tmp_path.rglob("*"))
    assert not any(p.name.startswith("PWNED") for p in Path.cwd().iterdir())
