"""BibTeX: export parses back, keys are stable and unique, LaTeX specials survive, and import
recognises arXiv ids and merges with the library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import bibtexparser
import pytest

from paperdesk.errors import ExportError, InvalidIdError
from paperdesk.export.backup import dump
from paperdesk.export.bibimport import import_bibtex_text
from paperdesk.export.bibtex import bibtex_text, export_bibtex, import_bibtex
from paperdesk.export.latex import escape, from_latex, to_latex
from paperdesk.library import Library
from paperdesk.storage.models import Paper
from tests.export.sample import WEIRD_TITLE

MakeLib = Callable[..., Library]


def fields(entry: bibtexparser.model.Entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def test_export_parses_back_with_unique_keys(full_lib: Library, tmp_path: Path) -> None:
    out = export_bibtex(full_lib, tmp_path / "refs.bib")
    parsed = bibtexparser.parse_file(str(tmp_path / "refs.bib"))
    assert parsed.failed_blocks == []
    keys = [e.key for e in parsed.entries]
    assert out.entries == len(keys) == 5 and len(set(keys)) == 5
    assert keys == sorted(keys)
    by_key = {e.key: e for e in parsed.entries}
    assert set(by_key) == {
        "vaswani2017attention",
        "sang2003introduction",
        "muller2024odd",
        "radford2018improving",
        "arxiv181004805",
    }

    att = by_key["vaswani2017attention"]
    assert att.entry_type == "inproceedings"  # its journal reference names NeurIPS
    f = fields(att)
    assert f["eprint"] == "1706.03762" and f["archivePrefix"] == "arXiv"
    assert f["primaryClass"] == "cs.CL"
    assert f["booktitle"] == "Advances in Neural Information Processing Systems 30 (2017)"
    assert f["author"] == "Ashish Vaswani and Noam Shazeer and Niki Parmar and Łukasz Kaiser"

    conll = fields(by_key["sang2003introduction"])
    assert by_key["sang2003introduction"].entry_type == "misc"
    assert conll["eprint"] == "cs/0306050" and conll["doi"] == "10.48550/arXiv.cs/0306050"
    assert conll["title"].startswith("Introduction to the {CoNLL-2003} Shared Task")

    weird = fields(by_key["muller2024odd"])
    assert weird["doi"] == "10.1234/weird.2024"
    assert from_latex(weird["title"]) == WEIRD_TITLE

    gpt = fields(by_key["radford2018improving"])
    assert "eprint" not in gpt and gpt["url"].startswith("https://openai.com")


def test_import_into_an_empty_library_recovers_ids_and_titles(
    full_lib: Library, make_lib: MakeLib
) -> None:
    text = bibtex_text(full_lib).text
    fresh = make_lib("fresh")
    report = import_bibtex_text(fresh, text, "refs.bib")
    assert (report.entries, report.added, report.added_arxiv, report.merged) == (5, 5, 4, 0)
    original = {p["arxiv_id"] or p["title"]: p for p in dump(full_lib)["papers"]}
    restored = {p["arxiv_id"] or p["title"]: p for p in dump(fresh)["papers"]}
    assert set(restored) == set(original)
    for ident, p in restored.items():
        assert p["title"] == original[ident]["title"]
        assert p["authors"] == original[ident]["authors"]
        assert p["year"] == original[ident]["year"]
    assert restored["2401.00001"]["doi"] == "10.1234/weird.2024"
    for ident, p in restored.items():  # every paper keeps its citation key
        assert p["key"] == original[ident]["key"], ident
    assert restored["cs/0306050"]["key"] == "sang2003introduction"
    # the same file again only merges, and a re-export gives the same keys
    again = import_bibtex_text(fresh, text, "refs.bib")
    assert (again.added, again.merged, again.updated) == (0, 5, 0)
    reparsed = bibtexparser.parse_string(bibtex_text(fresh).text)
    assert {e.key for e in reparsed.entries} == {
        e.key for e in bibtexparser.parse_string(text).entries
    }


def test_keys_are_deduplicated_stably(empty_lib: Library) -> None:
    """Clashing papers get b, c, … in the order they enter; a later one never renames them."""

    def add(title: str, author: str, added: int) -> None:
        with empty_lib.session() as s:
            s.add(
                Paper(
                    title=title,
                    authors=[author],
                    year=2015,
                    url="https://x.org",
                    added_at=datetime(2024, 1, added),
                )
            )

    add("Deep Learning", "Yann LeCun", 2)
    add("Deep Learning, again", "Yann LeCun", 1)
    keys = [e.key for e in bibtexparser.parse_string(bibtex_text(empty_lib).text).entries]
    assert keys == ["lecun2015deep", "lecun2015deepb"]
    add("Deep learning", "Y. LeCun", 3)
    parsed = bibtexparser.parse_string(bibtex_text(empty_lib).text)
    by_key = {e.key: e for e in parsed.entries}
    assert sorted(by_key) == ["lecun2015deep", "lecun2015deepb", "lecun2015deepc"]
    assert by_key["lecun2015deepb"]["title"] == "Deep Learning, again"


def test_list_export_keeps_list_order(full_lib: Library) -> None:
    out = bibtex_text(full_lib, list_name="transformers-core")
    keys = [e.key for e in bibtexparser.parse_string(out.text).entries]
    assert keys == [
        "vaswani2017attention",
        "radford2018improving",
        "arxiv181004805",
        "muller2024odd",
    ]


@pytest.mark.parametrize(
    "text",
    [
        WEIRD_TITLE,
        r"100% of $x$ & #1 _under_ {set} ~tilde^ \back",
        "Über naïve 日本語",
        "$O(n^2)$ attention for $k$-NN",
        "GPT-3 and CoNLL-2003: LoRA",
        "costs $5 and $10",
    ],
)
def test_latex_round_trip(text: str) -> None:
    assert from_latex(to_latex(text, title=True)) == text
    assert from_latex(to_latex(text)) == text


def test_latex_escaping() -> None:
    assert escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert to_latex("$O(n)$ costs $5 and $10") == r"$O(n)$ costs \$5 and \$10"
    assert to_latex("BERT: Pre-training of Deep", title=True) == "{BERT:} Pre-training of Deep"
    assert from_latex(r"M{\"u}ller and Caf\'e") == "Müller and Café"


GOOGLE_SCHOLAR = r"""
@article{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam},
  journal={arXiv preprint arXiv:1706.03762},
  year={2017}
}
"""
VARIOUS = r"""
Leading text is a comment.
@misc{byeprint, title = {Layer Normalization}, author = {Ba, Jimmy Lei and Kiros, Jamie Ryan},
  eprint = {1607.06450v1}, archivePrefix = {arXiv}, year = 2016}
@article{bydoi, title = {{BERT}: Pre-training of Deep Bidirectional Transformers},
  doi = {10.48550/arXiv.1810.04805}, year = {2018}}
@misc{byurl, title = {Language Models are Few-Shot Learners},
  url = {https://arxiv.org/abs/2005.14165v4}}
@inproceedings{fair, title = {Fairness and Abstraction in Sociotechnical Systems},
  author = {Selbst, Andrew D. and boyd, danah}, booktitle = {FAT* '19},
  doi = {https://doi.org/10.1145/3287560.3287598}, year = 2019}
@book{knuth1984, title = {The {\TeX}book}, author = {Donald E. Knuth}, year = {1984},
  publisher = {Addison-Wesley}}
@article{broken, title = {never closed
@misc{afterbroken, title = {Still Read}, year = {2020}}
"""


def test_import_recognises_arxiv_ids_everywhere(make_lib: MakeLib) -> None:
    other = make_lib("x")
    report = import_bibtex_text(other, GOOGLE_SCHOLAR + VARIOUS, "mixed.bib", list_name="bib")
    assert report.entries == 7 and report.added == 7 and report.added_arxiv == 4
    assert report.unreadable and report.unreadable[0].startswith("line ")
    assert report.listed == 7
    papers = {p["key"]: p for p in dump(other)["papers"]}  # keyed by the file's own keys
    arxiv = {p["arxiv_id"]: p for p in papers.values() if p["arxiv_id"]}
    assert set(arxiv) == {"1706.03762", "1607.06450", "1810.04805", "2005.14165"}
    assert arxiv["1706.03762"]["key"] == "vaswani2017attention"
    assert arxiv["1607.06450"]["key"] == "byeprint"
    assert papers["vaswani2017attention"]["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert papers["vaswani2017attention"]["journal_ref"] is None  # "arXiv preprint": no journal
    assert papers["bydoi"]["title"] == "BERT: Pre-training of Deep Bidirectional Transformers"
    assert papers["bydoi"]["doi"] is None
    assert papers["fair"]["doi"] == "10.1145/3287560.3287598"
    assert papers["fair"]["authors"] == ["Andrew D. Selbst", "danah boyd"]
    assert papers["fair"]["journal_ref"] == "FAT* '19"
    assert papers["knuth1984"]["title"] == "The TeXbook"
    assert papers["afterbroken"]["title"] == "Still Read"
    lists = {rl["name"]: rl for rl in dump(other)["lists"]}
    assert [e["paper"] for e in lists["bib"]["entries"]][:2] == ["vaswani2017attention", "byeprint"]


def test_import_merges_with_the_seeded_library(lib: Library) -> None:
    """The seeded lists hold 1706.03762 and GPT-1 (not on arXiv), with their authors."""
    text = (
        GOOGLE_SCHOLAR
        + r"""
@misc{radford2018improving, title = {Improving Language Understanding by Generative
  Pre-Training}, author = {Radford, Alec}, year = {2018}}
"""
    )
    before = len(dump(lib)["papers"])
    report = import_bibtex_text(lib, text, "gs.bib")
    assert (report.added, report.merged) == (0, 2)
    assert report.keys == ["vaswani2017attention", "radford2018improving"]
    papers = {p["key"]: p for p in dump(lib)["papers"]}
    assert len(papers) == before
    att = papers["vaswani2017attention"]
    assert att["authors"][:3] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]  # kept
    assert att["title"] == "Attention Is All You Need"  # never overwritten


def test_import_fills_the_title_of_an_unfetched_paper(full_lib: Library) -> None:
    report = import_bibtex_text(
        full_lib,
        r"@misc{b, title={{BERT}: Pre-training},"
        r" eprint={1810.04805}}",
        "b.bib",
    )
    assert (report.merged, report.updated) == (1, 1)
    papers = {p["key"]: p for p in dump(full_lib)["papers"]}
    assert papers["arxiv181004805"]["title"] == "BERT: Pre-training"  # no author: still provisional


def test_broken_files_fail_cleanly(empty_lib: Library, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such BibTeX file"):
        import_bibtex(empty_lib, tmp_path / "missing.bib")
    (tmp_path / "broken.bib").write_text("@article{x, title = {never closed\n", "utf-8")
    with pytest.raises(ExportError, match=r"broken.bib: no BibTeX entry could be read \(line 1"):
        import_bibtex(empty_lib, tmp_path / "broken.bib")
    (tmp_path / "empty.bib").write_text("% nothing here\n", "utf-8")
    with pytest.raises(ExportError, match="no BibTeX entries found"):
        import_bibtex(empty_lib, tmp_path / "empty.bib")
    report = import_bibtex_text(empty_lib, "@misc{notitle, year = 2020}", "x.bib")
    assert report.added == 0 and report.skipped == ["line 1 (notitle): no title and no arXiv id"]
    with pytest.raises(InvalidIdError, match="list name"):
        import_bibtex_text(empty_lib, "@misc{k, title = {T}}", "x.bib", list_name="Bad Name")
    assert dump(empty_lib)["papers"] == []


def test_arxiv_papers_sharing_a_title_stay_apart(empty_lib: Library) -> None:
    text = (
        "@misc{a, title = {Same Title Twice Over}, year = 2020, eprint = {2001.00001}}\n"
        "@misc{b, title = {Same title twice over}, year = 2020, eprint = {2001.00002}}\n"
        "@misc{c, title = {same title twice over}, year = 2020}\n"
    )
    report = import_bibtex_text(empty_lib, text, "x.bib")
    assert (report.added, report.merged) == (2, 1)
    assert report.keys == ["a", "b", "a"]


def test_printable_strips_escapes_inside_nested_values_and_keeps_line_breaks() -> None:
    from paperdesk.export.bibtex import printable

    value = {"title": "a\x1b]0;pwn\x07b", "authors": ["x\x9by"], "abstract": "one\n\ttwo", "n": 3}
    assert printable(value) == {
        "title": "a]0;pwnb",
        "authors": ["xy"],
        "abstract": "one\n\ttwo",
        "n": 3,
    }


def test_name_suffixes_are_written_last_jr_first(any_lib: Library, make_lib: MakeLib) -> None:
    """BibTeX reads a suffix only in ``Last, Jr., First``: ``Charles Babbage, Jr.`` would be
    the family name "Charles Babbage". The key takes the family name, and an import of the
    export gives the same names and key."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    from paperdesk.services.papers import add_other
    from paperdesk.storage.repository import find_paper

    authors = ["Charles Babbage, Jr.", "Thurston Howell III", "John Smith V", "Ada Lovelace"]
    added = add_other(
        any_lib,
        title="On the Mathematical Powers of the Calculating Engine",
        year=1837,
        authors=authors,
        url="https://example.org/engine",
        doi=None,
    )
    assert added.id == "babbage1837mathematical"
    text = bibtex_text(any_lib).text
    assert (
        "  author = {Babbage, Jr., Charles and Howell, III, Thurston and Smith, V, John and "
        "Ada Lovelace},\n" in text
    )
    first = parse_single_name_into_parts("Babbage, Jr., Charles")
    assert (first.last, first.jr, first.first) == (["Babbage"], ["Jr."], ["Charles"])
    other = make_lib("other")
    import_bibtex_text(other, text, "export.bib")
    with other.session() as s:
        paper = find_paper(s, added.id)
        assert paper.authors == [
            "Charles Babbage Jr.",
            "Thurston Howell III",
            "John Smith V",
            "Ada Lovelace",
        ]
