"""Zotero and Better BibTeX in and out: keywords become tags, ``file`` PDFs are attached (copied
in, checked by sha256), notes come in, entry types are kept; CSL-JSON likewise; and the
exports give the same types, tags, DOIs, volumes and pages back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.export.bibimport import import_bibtex
from paperdesk.export.bibtex import bibtex_text
from paperdesk.export.cslimport import import_csl
from paperdesk.export.csljson import csl_text
from paperdesk.export.refextras import note_and_extra, split_files, split_keywords
from paperdesk.library import Library
from paperdesk.paths import pdf_file
from paperdesk.services.notes import get_note
from paperdesk.services.papers import paper_detail
from tests.conftest import run_cli
from tests.services.paperpdfs import paper_pdf

LSTM_PDF = "storage/ABCD1234/Hochreiter - Long Short-Term Memory.pdf"
ATTENTION_PDF = "papers/attention.pdf"

ZOTERO_BIB = r"""
@article{hochreiter1997long,
  title = {Long Short-Term Memory},
  author = {Hochreiter, Sepp and Schmidhuber, J{\"u}rgen},
  year = {1997},
  journal = {Neural Computation},
  volume = {9},
  number = {8},
  pages = {1735--1780},
  doi = {10.1162/neco.1997.9.8.1735},
  keywords = {LSTM, recurrent networks, Classic},
  file = {@LSTM_FILE@},
  annote = {Read for the gating equations.}
}

@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2017},
  volume = {30},
  pages = {5998--6008},
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL},
  keywords = {transformers; attention},
  file = {papers/attention.pdf}
}

@misc{ba2016layer,
  title = {Layer Normalization},
  author = {Ba, Jimmy Lei and Kiros, Jamie Ryan and Hinton, Geoffrey E.},
  year = {2016},
  eprint = {1607.06450},
  archivePrefix = {arXiv},
  primaryClass = {stat.ML},
  keywords = {normalization},
  note = {arXiv preprint arXiv:1607.06450}
}
""".replace(
    "@LSTM_FILE@",
    f"Full Text PDF:{LSTM_PDF}:application/pdf;Snapshot:storage/ABCD1234/snapshot.html:text/html",
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def zotero(tmp_path: Path) -> Path:
    """A Better BibTeX export beside its Zotero storage folder, with real PDFs."""
    folder = tmp_path / "zotero"
    (folder / LSTM_PDF).parent.mkdir(parents=True)
    (folder / ATTENTION_PDF).parent.mkdir(parents=True)
    paper_pdf(
        folder / LSTM_PDF,
        "Long Short-Term Memory",
        word="gating",
        authors="Sepp Hochreiter and Jürgen Schmidhuber",
        year=1997,
    )
    paper_pdf(
        folder / ATTENTION_PDF,
        "Attention Is All You Need",
        word="attention",
        authors="Ashish Vaswani and Noam Shazeer",
        year=2017,
    )
    (folder / "My Library.bib").write_text(ZOTERO_BIB, encoding="utf-8")
    return folder


def test_zotero_bibtex_comes_in_with_tags_types_notes_and_pdfs(
    empty_lib: Library, zotero: Path
) -> None:
    report = import_bibtex(empty_lib, zotero / "My Library.bib")

    assert (report.added, report.skipped, report.failed) == (3, [], [])
    assert sorted(report.pdfs) == [
        "hochreiter1997long: Hochreiter - Long Short-Term Memory.pdf",
        "vaswani2017attention: attention.pdf",
    ]
    lstm = paper_detail(empty_lib, "hochreiter1997long")
    assert lstm.tags == ["classic", "lstm", "recurrent-networks"]
    assert lstm.doi == "10.1162/neco.1997.9.8.1735"
    assert get_note(empty_lib, "hochreiter1997long").body == "Read for the gating equations.\n"
    # the PDF was copied into the library, byte for byte
    assert lstm.pdf_sha256 == sha256(zotero / LSTM_PDF)
    stored = pdf_file(empty_lib.settings, lstm.pdf_path)
    assert stored is not None and stored.parent != (zotero / LSTM_PDF).parent
    assert sha256(stored) == sha256(zotero / LSTM_PDF)
    att = paper_detail(empty_lib, "vaswani2017attention")
    assert att.arxiv_id == "1706.03762" and att.tags == ["attention", "transformers"]
    assert att.pdf_sha256 == sha256(zotero / ATTENTION_PDF)
    # Google Scholar's "arXiv preprint" note names the paper; it is no note of the user's
    assert get_note(empty_lib, "ba2016layer").body == ""

    again = import_bibtex(empty_lib, zotero / "My Library.bib")
    assert (again.added, again.merged, again.pdfs, again.enriched) == (0, 3, [], 0)
    assert get_note(empty_lib, "hochreiter1997long").body == "Read for the gating equations.\n"


def fields(entry: object) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}  # type: ignore[attr-defined]


def test_bibtex_export_types_and_round_trip(
    empty_lib: Library, zotero: Path, make_lib: object
) -> None:
    import_bibtex(empty_lib, zotero / "My Library.bib")
    text = bibtex_text(empty_lib).text
    parsed = {e.key: e for e in bibtexparser.parse_string(text).entries}

    lstm = parsed["hochreiter1997long"]
    f = fields(lstm)
    assert lstm.entry_type == "article" and f["journal"] == "Neural Computation"
    assert (f["volume"], f["pages"], f["doi"]) == ("9", "1735--1780", "10.1162/neco.1997.9.8.1735")
    assert f["keywords"] == "classic, lstm, recurrent-networks"
    att = parsed["vaswani2017attention"]
    f = fields(att)
    assert att.entry_type == "inproceedings"
    assert f["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (f["volume"], f["pages"], f["eprint"]) == ("30", "5998--6008", "1706.03762")
    ln = parsed["ba2016layer"]
    f = fields(ln)
    assert ln.entry_type == "misc"
    assert (f["eprint"], f["archivePrefix"], f["primaryClass"]) == (
        "1607.06450",
        "arXiv",
        "stat.ML",
    )
    assert f["doi"] == "10.48550/arXiv.1607.06450"

    # into a fresh library and out again: the same entries, types, tags and DOIs
    fresh = make_lib("fresh")  # type: ignore[operator]
    (zotero / "out.bib").write_text(text, encoding="utf-8")
    import_bibtex(fresh, zotero / "out.bib")
    assert bibtex_text(fresh).text == text


def test_csl_json_from_zotero_comes_in_and_goes_out(empty_lib: Library, zotero: Path) -> None:
    items = [
        {
            "id": "http://zotero.org/users/local/x1/items/ABCD1234",
            "citation-key": "hochreiter1997long",
            "type": "article-journal",
            "title": "Long Short-Term Memory",
            "container-title": "Neural Computation",
            "volume": "9",
            "issue": "8",
            "page": "1735-1780",
            "DOI": "10.1162/neco.1997.9.8.1735",
            "author": [
                {"family": "Hochreiter", "given": "Sepp"},
                {"family": "Schmidhuber", "given": "Jürgen"},
            ],
            "issued": {"date-parts": [["1997", 11, 15]]},
            "keyword": "LSTM, recurrent networks",
            "note": "Read for the gating equations.\nPMID: 9377276",
            "file": [LSTM_PDF],
        },
        {
            "id": "vaswani2017attention",
            "type": "paper-conference",
            "title": "Attention Is All You Need",
            "container-title": "Advances in Neural Information Processing Systems",
            "volume": "30",
            "author": [{"family": "Vaswani", "given": "Ashish"}],
            "issued": {"date-parts": [[2017]]},
            "URL": "http://arxiv.org/abs/1706.03762",
            "keyword": "transformers",
        },
        {
            "id": "http://zotero.org/users/local/x1/items/EFGH5678",
            "note": "arXiv: 1607.06450\nCitation Key: ba2016layer",
            "type": "article",
            "title": "Layer Normalization",
            "publisher": "arXiv",
            "number": "arXiv:1607.06450",
            "DOI": "10.48550/arXiv.1607.06450",
            "author": [{"family": "Ba", "given": "Jimmy Lei"}],
            "issued": {"date-parts": [[2016, 7, 21]]},
        },
    ]
    (zotero / "export.json").write_text(json.dumps(items, indent=2), encoding="utf-8")

    report = import_csl(empty_lib, zotero / "export.json")

    assert (report.added, report.skipped) == (3, [])
    assert report.pdfs == ["hochreiter1997long: Hochreiter - Long Short-Term Memory.pdf"]
    lstm = paper_detail(empty_lib, "hochreiter1997long")
    assert lstm.tags == ["lstm", "recurrent-networks"] and lstm.year == 1997
    assert lstm.pdf_sha256 == sha256(zotero / LSTM_PDF)
    assert get_note(empty_lib, "hochreiter1997long").body == "Read for the gating equations.\n"
    # Zotero's Extra lines ("Citation Key: …", "PMID: …") are data: the key, not the note
    assert paper_detail(empty_lib, "ba2016layer").arxiv_id == "1607.06450"
    assert get_note(empty_lib, "ba2016layer").body == ""
    assert paper_detail(empty_lib, "vaswani2017attention").arxiv_id == "1706.03762"

    out = {i["id"]: i for i in json.loads(csl_text(empty_lib).text)}
    assert out["hochreiter1997long"]["type"] == "article-journal"
    assert out["hochreiter1997long"]["container-title"] == "Neural Computation"
    assert (out["hochreiter1997long"]["volume"], out["hochreiter1997long"]["page"]) == (
        "9",
        "1735-1780",
    )
    assert out["hochreiter1997long"]["DOI"] == "10.1162/neco.1997.9.8.1735"
    assert out["hochreiter1997long"]["keyword"] == "lstm, recurrent-networks"
    assert out["vaswani2017attention"]["type"] == "paper-conference"
    assert out["ba2016layer"]["type"] == "article"
    assert out["ba2016layer"]["DOI"] == "10.48550/arXiv.1607.06450"


def test_csl_round_trip_keeps_types_tags_and_dois(
    empty_lib: Library, zotero: Path, make_lib: object
) -> None:
    import_bibtex(empty_lib, zotero / "My Library.bib")
    first = csl_text(empty_lib).text
    (zotero / "round.json").write_text(first, encoding="utf-8")
    fresh = make_lib("fresh")  # type: ignore[operator]
    import_csl(fresh, zotero / "round.json")
    assert csl_text(fresh).text == first


def test_a_missing_pdf_is_a_warning_naming_the_entry(empty_lib: Library, tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(
        "@article{smith2020x, title = {A Title}, year = 2020, journal = {J},\n"
        "  file = {Full Text:gone/missing.pdf:application/pdf}}\n",
        encoding="utf-8",
    )
    report = import_bibtex(empty_lib, tmp_path / "refs.bib")
    assert report.added == 1 and report.pdfs == []
    assert report.warnings == [
        f"line 1 (smith2020x): PDF gone/missing.pdf not found (looked at "
        f"{tmp_path / 'gone/missing.pdf'})"
    ]


def test_bad_csl_json_names_line_and_column(empty_lib: Library, tmp_path: Path) -> None:
    from paperdesk.errors import ExportError

    (tmp_path / "bad.json").write_text('[\n  {"id": "a", "title": "T"},\n  {"id": }\n]', "utf-8")
    with pytest.raises(ExportError, match=r"bad\.json:3:\d+: not valid JSON"):
        import_csl(empty_lib, tmp_path / "bad.json")


def test_file_fields_as_zotero_mendeley_and_plain_paths_write_them() -> None:
    assert split_files("Full Text PDF:/home/u/Zotero/storage/AB/a.pdf:application/pdf") == [
        "/home/u/Zotero/storage/AB/a.pdf"
    ]
    assert split_files(r"Title:C\:\\Users\\me\\a.pdf:application/pdf;Snap:s.html:text/html") == [
        r"C:\Users\me\a.pdf"
    ]
    assert split_files(":C:/Users/me/b.pdf:pdf") == ["C:/Users/me/b.pdf"]
    assert split_files("papers/one.pdf;papers/two.pdf") == ["papers/one.pdf", "papers/two.pdf"]
    assert split_files("a.pdf:application/pdf") == ["a.pdf"]
    assert note_and_extra("Great paper.\nCitation Key: smith2020\nPMID: 123", "Also.") == (
        "Great paper.\n\nAlso.",
        {"citation key": "smith2020", "pmid": "123"},
    )
    assert note_and_extra("arXiv preprint arXiv:1607.06450", None) == (None, {})
    assert split_keywords("Deep Learning, NLP; #transformers, nlp") == [
        "deep-learning",
        "nlp",
        "transformers",
    ]


@pytest.fixture
def no_seeding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_SEED_LISTS", "0")


def test_cli_import_zotero_bibtex_and_csl(
    empty_lib: Library, zotero: Path, no_seeding: None
) -> None:
    out = run_cli("import", "bibtex", str(zotero / "My Library.bib"))
    assert out.returncode == 0, out.stderr
    assert "3 added" in out.stdout and "2 PDFs attached" in out.stdout
    assert "attached hochreiter1997long: Hochreiter - Long Short-Term Memory.pdf" in out.stdout
    csl = run_cli("export", "csl", "-")
    items = {i["id"]: i for i in json.loads(csl.stdout)}
    assert items["hochreiter1997long"]["type"] == "article-journal"
    (zotero / "again.json").write_text(csl.stdout, encoding="utf-8")
    back = run_cli("import", "csl", str(zotero / "again.json"))
    assert back.returncode == 0, back.stderr
    assert "0 added" in back.stdout and "3 already in the library" in back.stdout
    bad = run_cli("import", "csl", str(zotero / "My Library.bib"))
    assert bad.returncode == 1 and "not valid JSON" in bad.stderr and "Traceback" not in bad.stderr


def test_zotero_export_merges_into_the_seeded_library_on_every_database(
    any_lib: Library, zotero: Path
) -> None:
    report = import_bibtex(any_lib, zotero / "My Library.bib")

    assert report.added == 0 and report.merged == 3  # the seeded lists have all three
    assert len(report.pdfs) == 2
    lstm = paper_detail(any_lib, "hochreiter1997long")
    assert lstm.tags == ["classic", "lstm", "recurrent-networks"]
    assert lstm.pdf_sha256 == sha256(zotero / LSTM_PDF)
    entries = {e.key: e for e in bibtexparser.parse_string(bibtex_text(any_lib).text).entries}
    assert entries["hochreiter1997long"].entry_type == "article"
    assert fields(entries["hochreiter1997long"])["pages"] == "1735--1780"
    assert entries["vaswani2017attention"].entry_type == "inproceedings"


def test_bibtex_with_files_carries_the_pdfs_to_another_library(
    empty_lib: Library, zotero: Path, make_lib: object, tmp_path: Path
) -> None:
    import_bibtex(empty_lib, zotero / "My Library.bib")
    out = bibtex_text(empty_lib, files=True).text
    entries = {e.key: fields(e) for e in bibtexparser.parse_string(out).entries}
    stored = pdf_file(empty_lib.settings, paper_detail(empty_lib, "hochreiter1997long").pdf_path)
    assert entries["hochreiter1997long"]["file"] == f"Full Text PDF:{stored}:application/pdf"
    assert "file" not in entries["ba2016layer"]  # no PDF
    assert "file" not in {
        f for e in bibtexparser.parse_string(bibtex_text(empty_lib).text).entries for f in fields(e)
    }

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "with-files.bib").write_text(out, encoding="utf-8")
    other = make_lib("other")  # type: ignore[operator]
    report = import_bibtex(other, elsewhere / "with-files.bib")
    assert len(report.pdfs) == 2 and report.warnings == []
    assert paper_detail(other, "hochreiter1997long").pdf_sha256 == sha256(zotero / LSTM_PDF)
