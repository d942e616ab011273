"""BibTeX and CSL-JSON values are checked entry by entry: one bad entry is skipped and named,
the others are imported, on SQLite and on PostgreSQL (which refuses what SQLite would take)."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from paperdesk.errors import ExportError
from paperdesk.export.bibimport import import_bibtex_text
from paperdesk.export.cslimport import import_csl_text
from paperdesk.library import Library
from paperdesk.storage.models import Paper

BIB = (
    "@article{good1,\n  title = {A Good Paper},\n  author = {Lovelace, Ada},\n  year = 2020\n}\n\n"
    "@article{longdoi,\n  title = {Long DOI},\n  year = 2020,\n"
    "  doi = {10.1234/" + "x" * 250 + "}\n}\n\n"
    "@article{nul,\n  title = {Nul\x00 byte \x1b[2J title},\n  author = {Nul, Ned},\n"
    "  year = 2021\n}\n\n"
    "@article{longvolume,\n  title = {Long Volume},\n  year = 2020,\n"
    "  volume = {" + "9" * 60 + "}\n}\n\n"
    "@article{good2,\n  title = {Another Good Paper},\n  author = {Turing, Alan},\n"
    "  year = 2021\n}\n"
)


def _titles(lib: Library) -> set[str]:
    with lib.session() as s:
        return set(s.scalars(select(Paper.title)))


@pytest.mark.postgres
def test_one_bad_bibtex_entry_fails_only_itself(any_lib: Library) -> None:
    report = import_bibtex_text(any_lib, BIB, "refs.bib")
    assert report.added == 3
    skipped = "\n".join(report.skipped)
    assert "(longdoi): 'doi' is 258 characters long (at most 200)" in skipped
    assert "(longvolume): 'volume' is 60 characters long (at most 40)" in skipped
    titles = _titles(any_lib)
    assert {"A Good Paper", "Another Good Paper", "Nul byte [2J title"} <= titles


@pytest.mark.postgres
def test_one_bad_csl_item_fails_only_itself(any_lib: Library) -> None:
    items = [
        {"id": "a", "type": "article", "title": "CSL Good", "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "article", "title": "CSL Long", "volume": "v" * 41},
        {"id": "c", "type": "article", "title": "CSL Odd", "author": [5, None]},
        {"id": "d", "type": "article", "title": ["CSL", "List"], "DOI": "10.1/\x00x"},
        {"id": "e", "type": "article", "title": "CSL Good Too", "URL": "https://x.org"},
    ]
    report = import_csl_text(any_lib, json.dumps(items, indent=1), "items.json")
    assert "CSL Good" in _titles(any_lib) and "CSL Good Too" in _titles(any_lib)
    problems = "\n".join(report.skipped + report.unreadable)
    assert "'volume' is 41 characters long" in problems
    assert "CSL Long" not in _titles(any_lib)


def test_a_string_macro_bomb_is_refused_fast(empty_lib: Library) -> None:
    macros = ['@string{a0 = "lol lol lol lol lol lol lol lol"}']
    macros += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 40)]
    bib = "\n".join(macros) + "\n@article{x, title = a39, year = 2020}\n"
    start = time.monotonic()
    with pytest.raises(ExportError, match=r"bomb\.bib: line \d+: @string a\d+ expands to more"):
        import_bibtex_text(empty_lib, bib, "bomb.bib")
    assert time.monotonic() - start < 30  # a bound on a hang, not a timing benchmark


def test_csl_json_nested_too_deeply_is_a_message(empty_lib: Library) -> None:
    with pytest.raises(ExportError, match="nested too deeply"):
        import_csl_text(empty_lib, "[" + "[" * 100_000 + "]" * 100_000 + "]", "deep.json")
