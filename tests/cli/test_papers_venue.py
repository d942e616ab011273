"""``paperdesk show`` prints a paper's venue however it was stored: the seeded venue, a BibTeX
``journal``/``booktitle`` or a CSL ``container-title`` (imported into ``journal_ref``) (QA #13)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_show_prints_imported_venues(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "r.bib"
    bib.write_text(
        "@inproceedings{mykey2020, title = {Parsing Tiny Treebanks Quickly},"
        " author = {Lovelace, Ada}, year = 2020, booktitle = {Proceedings of ACL 2020},"
        " url = {https://example.org/p}}\n",
        "utf-8",
    )
    csl = tmp_path / "r.json"
    csl.write_text(
        '[{"id": "z1", "type": "article-journal", "title": "Sparse Mixtures of Tiny Experts",'
        ' "author": [{"family": "Hopper", "given": "Grace"}], "container-title": "TACL",'
        ' "issued": {"date-parts": [[2021]]}, "URL": "https://example.org/z"}]',
        "utf-8",
    )
    for kind, path in (("bibtex", bib), ("csl", csl)):
        out = run_cli("import", kind, str(path))
        assert out.returncode == 0, out.stderr
    shown = run_cli("show", "mykey2020")
    assert shown.returncode == 0, shown.stderr
    assert "\nProceedings of ACL 2020\n" in shown.stdout
    shown = run_cli("show", "z1")
    assert "\nTACL\n" in shown.stdout
    seeded = run_cli("show", "1706.03762")
    assert seeded.stdout.count("NeurIPS 2017") == 1
