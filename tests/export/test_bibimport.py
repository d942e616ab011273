"""``import bibtex`` of an entry the library has: existing values win, only empty fields are
filled (the venue counts once however it is stored), and the report names the entries that
were already there (QA #5)."""

from __future__ import annotations

from paperdesk.export.bibimport import import_bibtex_text
from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.cslimport import import_csl_text
from paperdesk.library import Library
from paperdesk.storage import repository as repo

DUPLICATE = r"""
@article{vas, title = {Attention Is All You Need}, journal = {NeurIPS}, year = {2017},
  eprint = {1706.03762}, volume = {30}}
"""


def _entry(lib: Library, key: str) -> str:
    text = bibtex_text(lib).text
    start = text.index("{" + key + ",")
    return text[text.rindex("@", 0, start) : text.index("\n}", start)]


def test_a_duplicate_does_not_overwrite_the_venue_or_type(lib: Library) -> None:
    report = import_bibtex_text(lib, DUPLICATE, "d.bib")
    assert (report.added, report.merged) == (0, 1)
    assert report.existing == ["line 2 (vas): already in the library as vaswani2017attention"]
    entry = _entry(lib, "vaswani2017attention")
    assert entry.startswith("@inproceedings{")
    assert "booktitle = {NeurIPS 2017}" in entry and "journal" not in entry
    assert "volume = {30}" in entry, "an empty field is still filled"
    with lib.session() as s:
        paper = repo.find_paper(s, "vaswani2017attention")
        assert paper.venue == "NeurIPS 2017" and paper.journal_ref is None
        assert paper.entry_type is None


def test_a_paper_without_a_venue_gets_the_entry_s(lib: Library) -> None:
    from paperdesk.services.papers import add_other

    known = add_other(
        lib,
        title="Frugal Quantised Adapters Revisited",
        year=2021,
        authors=["Ada Lovelace"],
        url="https://example.org/f",
        doi=None,
    )
    again = import_bibtex_text(
        lib,
        "@article{y, title = {Frugal Quantised Adapters Revisited}, year = {2021},"
        " author = {Lovelace, Ada}, journal = {Journal of Tests}}",
        "b.bib",
    )
    assert again.merged == 1 and again.updated == 1
    entry = _entry(lib, known.id or "")
    assert entry.startswith("@article{") and "journal = {Journal of Tests}" in entry


def test_csl_duplicates_follow_the_same_rule(lib: Library) -> None:
    item = '[{"id": "z", "type": "article-journal", "title": "Attention Is All You Need",'
    item += ' "container-title": "TACL", "issued": {"date-parts": [[2017]]},'
    item += ' "URL": "https://arxiv.org/abs/1706.03762"}]'
    report = import_csl_text(lib, item, "z.json")
    assert report.merged == 1 and report.existing[0].endswith("as vaswani2017attention")
    assert "booktitle = {NeurIPS 2017}" in _entry(lib, "vaswani2017attention")


BAD_FIELDS = r"""
@article{good2020, title = {A Good Paper about Attention}, author = {Doe, Jane}, year = {2020}}
@article{broken,
  title = {Unclosed brace,
  year = 2019
}
@misc{other, title = {Another Paper}, year = {2021}}
@article{baddoi, title = {X}, doi = {not a doi}, year = {abc}, url = {https://x.org}}
"""


def test_a_dropped_field_is_a_warning_with_the_entry_key_and_the_counts_add_up(
    lib: Library,
) -> None:
    report = import_bibtex_text(lib, BAD_FIELDS, "bad.bib")
    assert report.warnings == [
        "line 8 (baddoi): doi 'not a doi' is not a DOI, year 'abc' is not a year; "
        "imported without them"
    ]
    assert [line.split(":")[0] for line in report.failed] == ["line 3 (broken)"]
    assert report.summary().startswith("input: 4 entries: 3 added (0 from arXiv), ")
    assert "1 unreadable" in report.summary() and "1 with warnings" in report.summary()
    with lib.session() as s:
        paper = repo.find_paper(s, report.keys[-1])
        assert (paper.title, paper.doi, paper.year) == ("X", None, None)
