"""BibTeX import reads ``@string`` macros and ``#`` concatenation as BibTeX does, and an
invalid arXiv eprint is reported instead of silently making an unfindable paper."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.export.backup import dump
from paperdesk.export.bibimport import import_bibtex_text, parse_bibtex
from paperdesk.export.bibmacros import resolve, split_concatenation
from paperdesk.library import Library
from tests.conftest import run_cli

MakeLib = Callable[..., Library]

MACROS = r"""
@string{att = "Attention"}
@String{NIPS = {Advances in Neural Information Processing Systems}}
@STRING{nips30 = nips # " 30"}
@article{vaswani, title = att # " Is All " # {You Need}, journal = NIPS30,
  author = {Vaswani, Ashish}, year = 2017, month = jun, note = "see " # att}
@misc{bare, title = Att, year = {2017}, url = {https://example.org/bare}}
@misc{hash, title = {C# in {#} depth}, year = 2019, doi = {10.1000/csharp}}
"""


def test_strings_and_concatenation_are_resolved() -> None:
    records, failed = parse_bibtex(MACROS, "m.bib")
    assert failed == []
    by_key = {r.key: r for r in records}
    assert by_key["vaswani"].title == "Attention Is All You Need"
    assert by_key["vaswani"].journal == "Advances in Neural Information Processing Systems 30"
    assert by_key["vaswani"].year == 2017
    assert by_key["bare"].title == "Attention"
    assert by_key["hash"].title == "C# in # depth"


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ('a # "b # c" # {d # {e}}', ["a", '"b # c"', "{d # {e}}"]),
        ("{x}", ["{x}"]),
        ("jan#feb", ["jan", "feb"]),
    ],
)
def test_split_concatenation(raw: str, parts: list[str]) -> None:
    assert split_concatenation(raw) == parts


def test_resolve_rules() -> None:
    macros = {"att": "Attention", "jan": "January"}
    assert resolve("ATT", macros) == "Attention"
    assert resolve('jan # " 1"', macros) == "January 1"
    assert resolve('unknown # "x"', macros) == "unknownx"
    assert resolve("unknown", macros) is None and resolve("{att}", macros) is None
    assert resolve("2017", macros) is None


def test_import_with_macros(make_lib: MakeLib) -> None:
    other = make_lib("m")
    report = import_bibtex_text(other, MACROS, "m.bib")
    assert report.added == 3 and report.skipped == [] and report.warnings == []
    papers = {p["key"]: p for p in dump(other)["papers"]}
    assert papers["vaswani"]["title"] == "Attention Is All You Need"
    assert (
        papers["vaswani"]["journal_ref"] == "Advances in Neural Information Processing Systems 30"
    )


BAD_EPRINTS = r"""
@misc{typo, title = {Attention Is All You Need}, year = {2017}, eprint = {1706.3762},
  archivePrefix = {arXiv}}
@misc{lost, title = {Some Preprint}, eprint = {1706.3762}}
@misc{withurl, title = {Has A URL}, eprint = {99.1}, url = {https://example.org/p}}
@misc{viaurl, title = {Found Via URL}, eprint = {bogus}, url = {https://arxiv.org/abs/1607.06450}}
@misc{hal, title = {Not arXiv}, eprint = {hal-01234}, archiveprefix = {HAL}}
"""


def test_a_bad_eprint_is_reported(make_lib: MakeLib) -> None:
    other = make_lib("e")
    report = import_bibtex_text(other, BAD_EPRINTS, "e.bib")
    assert report.skipped == [
        "line 4 (lost): eprint '1706.3762' is not an arXiv id, and the entry has no URL, DOI "
        "or year to tell the paper by; correct the eprint",
    ]
    assert report.warnings == [
        "line 2 (typo): eprint '1706.3762' is not an arXiv id; imported without it "
        "(not as an arXiv paper)",
        "line 5 (withurl): eprint '99.1' is not an arXiv id; imported without it "
        "(not as an arXiv paper)",
    ]
    assert "2 with warnings" in report.summary()
    papers = {p["key"]: p for p in dump(other)["papers"]}
    assert set(papers) == {"typo", "withurl", "viaurl", "hal"}  # each entry's own key
    assert papers["viaurl"]["arxiv_id"] == "1607.06450"
    assert (papers["typo"]["title"], papers["typo"]["year"]) == ("Attention Is All You Need", 2017)
    assert papers["withurl"]["url"] == "https://example.org/p"


def test_cli_prints_the_warning(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_SEED_LISTS", "0")
    (tmp_path / "refs.bib").write_text(BAD_EPRINTS, encoding="utf-8")
    out = run_cli("import", "bibtex", str(tmp_path / "refs.bib"))
    assert out.returncode == 0, out.stderr
    assert "5 entries: 4 added (1 from arXiv)" in out.stdout
    assert "1 skipped" in out.stdout and "2 with warnings" in out.stdout
    assert out.stderr.splitlines() == [
        "skipped line 4 (lost): eprint '1706.3762' is not an arXiv id, and the entry has no "
        "URL, DOI or year to tell the paper by; correct the eprint",
        "warning: line 2 (typo): eprint '1706.3762' is not an arXiv id; imported without it "
        "(not as an arXiv paper)",
        "warning: line 5 (withurl): eprint '99.1' is not an arXiv id; imported without it "
        "(not as an arXiv paper)",
    ]
