"""CSL-JSON import (:mod:`paperdesk.export.cslimport`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.cslimport import import_csl, items_with_lines, parse_csl, to_record
from paperdesk.library import Library
from paperdesk.services.notes import note_of
from paperdesk.storage import repository as repo


def test_items_with_lines_names_the_line_each_item_starts_on() -> None:
    text = '[\n  {"id": "a"},\n\n  {"id": "b",\n   "x": 1}, {"id": "c"}\n]\n'
    assert items_with_lines(text, "f") == [
        (2, {"id": "a"}),
        (4, {"id": "b", "x": 1}),
        (5, {"id": "c"}),
    ]
    assert items_with_lines('{"items": [{"id": "a"}]}', "f") == [(1, {"id": "a"})]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"id": "a"}', r"^f: CSL-JSON is an array of items"),
        ('[{"id": "a"},', r"^f: the array of items is never closed"),
        ('[\n{"id": }]', r"^f:2:8: not valid JSON"),
        ("[" + "[" * 100_000 + "]" * 100_000 + "]", r"^f: not CSL-JSON: nested too deeply"),
    ],
)
def test_items_with_lines_refuses_what_is_not_an_array(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        items_with_lines(text, "f")


def test_to_record_reads_zoteros_arxiv_item() -> None:
    rec = to_record(
        7,
        {
            "id": "http://zotero.org/items/ABC",
            "type": "article",
            "title": "Attention  Is\nAll You Need",
            "author": [
                {"family": "Vaswani", "given": "Ashish"},
                {"literal": "Google Brain"},
                {"family": "Merriënboer", "given": "Bart", "non-dropping-particle": "van"},
            ],
            "issued": {"date-parts": [["2017", 6, 12]]},
            "number": "arXiv:1706.03762",
            "DOI": "10.48550/arXiv.1706.03762",
            "container-title": "arXiv preprint",
            "keyword": "NLP, Attention",
            "note": "Citation Key: vaswani2017attention\nGreat paper.",
            "page": "1 – 15",
            "file": ["a.pdf"],
        },
    )
    assert rec.line == 7 and rec.key == "vaswani2017attention"
    assert rec.title == "Attention Is All You Need"
    assert rec.authors == ["Ashish Vaswani", "Google Brain", "Bart van Merriënboer"]
    assert rec.year == 2017
    assert rec.arxiv is not None and rec.arxiv.base == "1706.03762"
    assert rec.doi is None and rec.journal is None  # arXiv's DOI and "arXiv preprint": no venue
    assert rec.extras.entry_type == "misc"
    assert rec.extras.pages == "1--15"
    assert rec.extras.tags == ["nlp", "attention"]
    assert rec.extras.note == "Great paper." and rec.extras.files == ["a.pdf"]


def test_to_record_journal_report_and_raw_dates() -> None:
    article = to_record(
        1,
        {
            "id": "lstm",
            "type": "article-journal",
            "title": ["LSTM"],
            "container-title": "Neural Computation",
            "DOI": "https://doi.org/10.1162/NECO.1997.9.8.1735",
            "issued": {"raw": "Nov 1997"},
            "URL": "https://example.org/lstm",
        },
    )
    assert (article.key, article.title, article.year) == ("lstm", "LSTM", 1997)
    assert article.journal == "Neural Computation" and article.extras.entry_type == "article"
    assert article.doi == "10.1162/neco.1997.9.8.1735" and article.arxiv is None
    report = to_record(2, {"type": "report", "title": "GPT", "publisher": "OpenAI"})
    assert report.journal == "OpenAI" and report.extras.entry_type == "techreport"
    assert report.year is None and report.key == ""


def test_parse_csl_lists_what_is_not_an_item() -> None:
    text = json.dumps([{"id": "a", "title": "A"}, "text", {"id": "b", "author": 5}], indent=1)
    records, failed = parse_csl(text, "f")
    assert [r.key for r in records] == ["a"]
    assert [r.status for r in failed] == ["unreadable", "unreadable"]
    assert failed[0].label.startswith("line ") and "not a CSL item" in failed[0].reason
    assert "not a readable CSL item (TypeError" in failed[1].reason
    with pytest.raises(ExportError, match="no CSL-JSON items"):
        parse_csl("[]", "f")


def test_import_csl_adds_papers_with_tags_and_notes(empty_lib: Library, tmp_path: Path) -> None:
    file = tmp_path / "refs.json"
    items = [
        {
            "id": "lstm1997",
            "type": "article-journal",
            "title": "Long Short-Term Memory",
            "author": [{"family": "Hochreiter", "given": "Sepp"}],
            "issued": {"date-parts": [[1997]]},
            "container-title": "Neural Computation",
            "keyword": "rnn",
            "note": "Classic.",
        },
        {"id": "x", "title": "Long Short-Term Memory", "issued": {"date-parts": [[1997]]}},
    ]
    file.write_text(json.dumps(items), encoding="utf-8")
    report = import_csl(empty_lib, file)
    assert (report.added, report.merged, report.enriched) == (1, 1, 1)
    with empty_lib.session() as s:
        paper = repo.find_paper(s, "lstm1997")
        assert paper.venue == "Neural Computation" or paper.journal_ref == "Neural Computation"
        assert paper.entry_type == "article"
        assert repo.tags_of(s, paper.id) == ["rnn"]
        assert note_of(s, paper.id).body == "Classic.\n"
