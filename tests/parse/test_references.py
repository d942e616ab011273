"""Reference lists as real templates lay them out, in PDFs made here with PyMuPDF, and on the two
CC-BY papers of ../shared against their GROBID parse: every entry found, none invented, each
entry's fields parsed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperdesk.parse.document import parse_pdf
from paperdesk.parse.refparse import title_norm
from tests.parse.layouts import PROSE, Writer
from tests.parse.pdfs import COLUMN_CHARS, WIDTH, Layout, sentence, wrap

FIRST = ("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Claude")
LAST = ("Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Shannon", "Hoare")
ADJ = ("Robust", "Sparse", "Neural", "Efficient", "Scalable", "Contrastive", "Causal", "Deep")
NOUN = ("parsing", "retrieval", "attention", "alignment", "translation", "summarization", "search")
TASK = ("documents", "graphs", "speech", "tables", "code", "images", "dialogue", "proofs")
SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "pdfs"


def person(k: int) -> tuple[str, str]:
    return FIRST[k % len(FIRST)], LAST[(k * 5 + 1) % len(LAST)]


def title(k: int) -> str:
    return f"{ADJ[k % 8]} {NOUN[(k // 8) % 7]} of {TASK[(k * 3) % 8]} with {NOUN[k % 7]} cues"


def acl_entry(k: int) -> str:
    (f1, l1), (f2, l2) = person(k), person(k + 3)
    return (
        f"{f1} {l1}, {f2} {l2}, and Claude Shannon. {2000 + k % 24}. {title(k)}. In "
        f"Proceedings of the Annual Meeting of the Association for Computational Linguistics, "
        f"pages {k + 1}-{k + 9}."
    )


def ieee_entry(k: int) -> str:
    (f1, l1), (f2, l2) = person(k), person(k + 2)
    return (
        f'[{k}] {f1[0]}. {l1}, {f2[0]}. {l2}, and C. Shannon, "{title(k)}," in Proc. IEEE '
        f"Conf. Computer Vision and Pattern Recognition, {2000 + k % 24}, pp. {k}-{k + 8}."
    )


def lncs_entry(k: int) -> str:
    (f1, l1), (f2, l2) = person(k), person(k + 4)
    return (
        f"{k}. {l1}, {f1[0]}., {l2}, {f2[0]}.: {title(k)}. In: International Conference on "
        f"Machine Learning. LNCS, vol. {k + 100}, pp. {k}-{k + 12}. Springer ({2000 + k % 24})"
    )


def acm_entry(k: int) -> str:
    (f1, l1) = person(k)
    return (
        f"[{k}] {f1} {l1} and Grace Hopper. {2000 + k % 24}. {title(k)}. ACM Trans. Graph. "
        f"{k % 40}, 4, Article {k} (July {2000 + k % 24}), 12 pages. "
        f"https://doi.org/10.1145/{3000000 + k}.{3000100 + k}"
    )


def two_column_paper(
    path: Path,
    entries: list[str],
    *,
    hanging: float,
    ref_size: float = 8.0,
    figure_page: bool = False,
    appendix: bool = False,
    footnote: bool = False,
) -> Path:
    """A two-column paper whose reference list runs down the columns and over pages; the
    entries' first lines are flush and the rest indented by ``hanging``. With
    ``figure_page``, the list breaks for a page topped by a wide figure and its caption."""
    import pymupdf

    doc = pymupdf.open()
    lay = Layout(doc)
    lay.page.insert_text((120, 120), "Reference Lists Across Columns", fontname="tibo", fontsize=16)
    lay.start_columns(150)
    lay.line("1 Introduction", 12, bold=True)
    for line in wrap(" ".join(sentence(k) for k in range(30))):
        lay.line(line)
    lay.y += 6
    if footnote:  # a body footnote under the column the list starts in, a point smaller
        lay.page.insert_text(
            (lay.x, 792), "1 Our code is at https://example.org/code.", fontsize=ref_size - 1
        )
    lay.line("References", 12, bold=True)
    chars = int(COLUMN_CHARS * 10 / ref_size) - 4
    for n, entry in enumerate(entries):
        if figure_page and n == len(entries) // 2:
            lay._new_page()
            lay.page.draw_rect(pymupdf.Rect(60, 90, WIDTH - 60, 300), color=(0, 0, 0))
            for i, label in enumerate(("0.1", "0.5", "accuracy", "epochs")):
                lay.page.insert_text((80 + 90 * i, 200), label, fontname="helv", fontsize=6)
            lay.page.insert_text(
                (60, 318),
                "Figure 2: Accuracy over epochs for every model we trained, on the dev set.",
                fontname="tiro",
                fontsize=10,
            )
            lay.start_columns(330)
        for i, line in enumerate(wrap(entry, chars)):
            lay.line(line, ref_size, indent=0 if i == 0 else hanging, step=ref_size * 1.2)
        lay.y += 1.5
    if appendix:
        lay.y += 10
        lay.line("A Additional Results", 12, bold=True)
        for line in wrap(" ".join(sentence(k) for k in range(200, 212))):
            lay.line(line, ref_size)
    doc.save(str(path))
    doc.close()
    return path


def entries_of(path: Path) -> list[dict[str, Any]]:
    return parse_pdf(path)["references"]


def test_acm_numbered_list_across_columns_pages_and_a_figure(tmp_path: Path) -> None:
    entries = [acm_entry(k) for k in range(1, 71)]
    path = two_column_paper(tmp_path / "acm.pdf", entries, hanging=10, figure_page=True)
    refs = entries_of(path)
    assert len(refs) == 70
    for k, ref in enumerate(refs, start=1):
        assert ref["text"].startswith(f"[{k}] "), ref["text"]
        assert title_norm(ref["title"]) == title_norm(title(k)), ref["text"]
        assert ref["doi"] == f"10.1145/{3000000 + k}.{3000100 + k}"
        assert ref["year"] == 2000 + k % 24
        assert "Figure 2" not in ref["text"] and "epochs" not in ref["text"]


def test_a_long_url_running_into_the_gutter_stays_in_its_column(tmp_path: Path) -> None:
    """A URL too long for the left column reaches past the middle of the page: it is still
    read before the right column beside it."""

    def entry(k: int) -> str:
        return f"{acm_entry(k)} https://example.org/artifacts/{k}/a-long-path-that-overruns-it"

    refs = entries_of(
        two_column_paper(tmp_path / "url.pdf", [entry(k) for k in range(1, 41)], hanging=10)
    )
    assert len(refs) == 40
    for k, ref in enumerate(refs, start=1):
        assert ref["text"].startswith(f"[{k}] ")
        assert ref["url"] == f"https://example.org/artifacts/{k}/a-long-path-that-overruns-it"


def test_acl_author_year_hanging_indent_across_columns(tmp_path: Path) -> None:
    entries = [acl_entry(k) for k in range(60)]
    path = two_column_paper(tmp_path / "acl.pdf", entries, hanging=7, ref_size=9, footnote=True)
    refs = entries_of(path)
    assert [r["text"] for r in refs] == entries
    for k, ref in enumerate(refs):
        f1, l1 = person(k)
        assert ref["authors"][:2] == [f"{f1} {l1}", " ".join(person(k + 3))]
        assert ref["title"] == title(k)
        assert ref["year"] == 2000 + k % 24
        assert ref["venue"].startswith("Proceedings of the Annual Meeting")


def test_ieee_quoted_titles(tmp_path: Path) -> None:
    entries = [ieee_entry(k) for k in range(1, 41)]
    refs = entries_of(two_column_paper(tmp_path / "ieee.pdf", entries, hanging=12))
    assert len(refs) == 40
    for k, ref in enumerate(refs, start=1):
        assert ref["title"] == title(k)
        assert ref["authors"][0] == f"{person(k)[0][0]}. {person(k)[1]}"
        assert ref["year"] == 2000 + k % 24


def test_lncs_numbered_with_dots_and_the_list_stops_at_the_appendix(tmp_path: Path) -> None:
    entries = [lncs_entry(k) for k in range(1, 36)]
    path = two_column_paper(tmp_path / "lncs.pdf", entries, hanging=10, appendix=True)
    refs = entries_of(path)
    assert len(refs) == 35
    for k, ref in enumerate(refs, start=1):
        assert ref["title"] == title(k)
        f1, l1 = person(k)
        assert ref["authors"][0] == f"{f1[0]}. {l1}"
        assert ref["venue"].startswith("International Conference on Machine Learning")
    assert "S200" not in refs[-1]["text"], "appendix text ran into the last entry"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/fixtures/pdfs is absent")
@pytest.mark.parametrize("name", ["2020.acl-main.207", "N18-3011"])
def test_cc_by_papers_against_grobid(name: str) -> None:
    """The entry count is GROBID's; titles agree with GROBID's for ≥ 90% of its entries (the
    rest are mostly GROBID's own errors: author names or the venue taken as the title)."""
    from bench.references import tei_truth
    from rapidfuzz import fuzz, process

    truth = tei_truth(SHARED / f"{name}.tei.xml")
    refs = entries_of(SHARED / f"{name}.pdf")
    assert len(refs) == truth.count
    texts = [title_norm(r["text"]) or "" for r in refs]
    agree = total = 0
    for entry in truth.entries:
        if not entry.title.strip():
            continue
        total += 1
        _, _, i = process.extractOne(title_norm(entry.raw) or "", texts, scorer=fuzz.ratio)
        got, want = title_norm(refs[i]["title"]) or "", title_norm(entry.title) or ""
        agree += fuzz.ratio(got, want) >= 90
    assert agree >= 0.9 * total, f"{agree} of {total} titles agree with GROBID"


def test_a_numbered_list_without_a_heading_is_found(tmp_path: Path) -> None:
    """APS/revtex print the bibliography with no heading: the trailing [1] … [N] is the list,
    the body text beside and before it is not."""
    import pymupdf

    doc = pymupdf.open()
    lay = Layout(doc)
    lay.start_columns(100)
    lay.line("I. INTRODUCTION", 11, bold=True)
    for line in wrap(" ".join(sentence(k) for k in range(40))):
        lay.line(line)
    lay.y += 8
    for k in range(1, 25):
        for i, line in enumerate(wrap(ieee_entry(k)[len(f"[{k}] ") :], COLUMN_CHARS)):
            lay.line((f"[{k}] " if i == 0 else "") + line, 8, indent=0 if i == 0 else 10, step=9.5)
    path = tmp_path / "aps.pdf"
    doc.save(str(path))
    doc.close()
    refs = entries_of(path)
    assert [r["text"].split()[0] for r in refs] == [f"[{k}]" for k in range(1, 25)]
    assert all("S0" not in r["text"] for r in refs)
    assert [r["title"] for r in refs] == [title(k) for k in range(1, 25)]


def test_texlive_abnt_reference_list() -> None:
    path = Path("/usr/share/doc/texlive-doc/latex/abntex2/examples/abntex2-modelo-artigo.pdf")
    if not path.exists():
        pytest.skip("abntex2 is not installed (texlive-publishers-doc)")
    result = parse_pdf(path)
    refs = result["references"]
    assert len(refs) == 6  # one runs over the page break, no gap shows there
    assert all(r["authors"] and r["year"] for r in refs)
    titles = [s["title"] for s in result["sections"]]
    assert "Referências" in titles and "Agradecimentos" in titles
    assert "Recomenda-se" not in (result["abstract"] or "")


APA = [
    "Lassen, S. R., Steele, M. M., & Sailor, W. (2006). The relationship of school-wide",
    "        positive behavior support to academic achievement. Psychology in the Schools,",
    "        43(6), 701–712.",
    "Shotton, M. A. (1989). Computer addiction? A study of computer dependency. Taylor &",
    "        Francis.",
    "von Davier, M., Xu, X., & Carstensen, C. H. (2011). Measuring growth in a longitudinal",
    "        large-scale assessment. Psychometrika, 76, 318–336.",
]


def test_an_apa_list_ends_where_its_page_ends_early(tmp_path: Path) -> None:
    """APA (apa7) sets everything in one size and starts tables, figures and appendices on
    new pages after the list: the list ends with its half-empty page."""
    w = Writer()
    w.put("Sample APA-Style Document", size=14, font="tibo")
    w.put("Method", font="tibo", gap=12, x=270)
    w.prose(6, gap=6)
    w.new_page()
    w.put("References", font="tibo", x=270)
    for text in APA:
        indent = text.startswith(" ")
        w.put(text.strip(), x=108 if indent else 72, gap=0 if indent else 4)
    w.new_page()
    w.put("Table 1", font="tibo")
    w.put("Sample Basic Table", gap=4)
    for row in ("Animal Description Price", "Gnat per gram 13.65", "Gnu stuffed 92.50"):
        w.put(row, gap=6)
    w.new_page()
    w.put("Appendix A", font="tibo", x=270)
    w.prose(8, gap=6)
    refs = entries_of(w.save(tmp_path / "apa.pdf"))
    assert [r["authors"][0] for r in refs] == ["S. R. Lassen", "M. A. Shotton", "M. von Davier"]
    assert [r["year"] for r in refs] == [2006, 1989, 2011]


def test_what_follows_the_last_entry_is_no_entry(tmp_path: Path) -> None:
    """iscram's change log after the list (its heading styled like REFERENCES), JPSJ's
    footnote "4) E-mail address is …" numbered like the entries; labels "1)"."""
    w = Writer()
    w.put("Instructions for the Preparation of a Manuscript", size=14, font="tibo")
    w.put("1 Introduction", size=12, font="tibo", gap=12)
    w.prose(4, gap=6)
    w.put("REFERENCES", size=9, font="tibo", gap=12)
    entries = [
        "1) L. Lamport: LaTeX: A Document Preparation System (Addison-Wesley, Reading, 1994).",
        "2) M. Goossens, F. Mittelbach and A. Samarin: The LaTeX Companion (Reading, 1994).",
        "3) A. Diller: LaTeX Line by Line (John Wiley & Sons, Chichester, 1999) 2nd ed.",
        "4) E-mail address is jpsj-online@jps.or.jp",
    ]
    for text in entries:
        w.put(text, gap=4)
    w.put("CHANGES", size=9, font="tibo", gap=16)
    for text in ("• v1.1.0 2018 edition update.", "• v1.0.0 First public release."):
        w.put(text, gap=6, x=88)
    refs = entries_of(w.save(tmp_path / "jpsj.pdf"))
    assert [r["text"][:2] for r in refs] == ["1)", "2)", "3)"]
    assert refs[0]["authors"] == ["L. Lamport"]


def test_one_line_entries_without_indent_or_gap(tmp_path: Path) -> None:
    """MNRAS's sample list: three one-line entries, flush, evenly spaced."""
    w = Writer()
    w.put("The MNRAS Style Guide", size=14, font="tibo")
    w.put("1 Introduction", size=12, font="tibo", gap=12)
    w.prose(4, gap=6)
    w.put("REFERENCES", size=9, font="tibo", gap=12)
    for text in (
        "Author A. N., 2013, Journal of Improbable Astronomy, 1, 1",
        "Jones C. D., 2015, Journal of Interesting Stuff, 17, 198",
        "Smith A. B., 2014, The Example Journal, 12, 345 (Paper I)",
    ):
        w.put(text, size=8)
    w.put("APPENDIX A: JOURNAL ABBREVIATIONS", size=9, font="tibo", gap=12)
    w.prose(6, size=9, gap=4)
    refs = entries_of(w.save(tmp_path / "mnras.pdf"))
    assert [r["year"] for r in refs] == [2013, 2015, 2014]


def test_texlive_apa_and_iscram_lists() -> None:
    apa = Path("/usr/share/doc/texlive-doc/latex/apa7/samples/longsample.pdf")
    iscram = Path("/usr/share/doc/texlive-doc/latex/iscram/iscram-class-doc.pdf")
    if not apa.exists() or not iscram.exists():
        pytest.skip("texlive-publishers-doc is not installed")
    assert [r["year"] for r in entries_of(apa)] == [2006, 1989, 2011]
    refs = entries_of(iscram)
    assert len(refs) == 7 and refs[-1]["text"].startswith("Zhang, P.")


def test_a_list_of_one_numbered_entry_before_other_text(tmp_path: Path) -> None:
    """elbioimp's list is one entry, "1. National institute of health. …", then a change
    history set like it: too few labels to split by, too little to read as a list."""
    w = Writer()
    w.put("Instructions for Authors", size=14, font="tibo")
    w.put("1 Introduction", size=12, font="tibo", gap=12)
    w.prose(4, gap=6)
    w.put("References", size=12, font="tibo", gap=12)
    w.put("1. National Institute of Health. International committee of medical journal", gap=6)
    w.put("editors uniform requirements for manuscripts. Updated 2009 Aug 28.", x=84)
    w.put("Change History", gap=10)
    for k in range(6):
        w.put(f"Version 1.{k}: the class sets the {PROSE[4:40].lower()} again.", gap=4)
    refs = entries_of(w.save(tmp_path / "one.pdf"))
    assert len(refs) == 1 and refs[0]["year"] == 2009
    assert "Change History" not in refs[0]["text"]


def test_author_biographies_after_the_list_are_no_entries(tmp_path: Path) -> None:
    """OUP sets its author biographies after the list, half a point larger than the entries
    (8 pt under 7.5 pt) and set off by a gap: the list ends at its last entry."""
    w = Writer()
    w.put("An Article in the OUP Authoring Template", size=14, font="tibo")
    w.put("Introduction", size=11, font="tibo", gap=12)
    w.prose(4, gap=6)
    w.put("References", size=11, gap=12)
    for text in (
        "D. Bahdanau, K. Cho, and Y. Bengio. Neural machine translation by jointly",
        "   learning to align and translate. arXiv preprint arXiv:1409.0473, 2014.",
        "Y. LeCun, Y. Bengio, and G. Hinton. Deep learning. Nature, 521(7553):436, 2015.",
        "K. P. Murphy. Machine learning: A probabilistic perspective. MIT press, 2012.",
        "K. Zhang, N. Liu, X. Yuan, X. Guo, C. Gao, and Z. Zhao. Fine-grained age",
        "   estimation in the wild with attention LSTM networks. arXiv:1805.10445, 2018.",
    ):
        w.put(text.strip(), size=7.5, x=80 if text.startswith(" ") else 72)
    w.y += 24
    for text in (
        "Author Name. This is sample author biography text. The values provided in",
        "the optional argument are meant for sample purposes. This is sample author",
        "biography text this is sample author biography text this is sample author.",
    ):
        w.put(text, size=8)
    refs = entries_of(w.save(tmp_path / "oup.pdf"))
    assert [r["year"] for r in refs] == [2014, 2015, 2012, 2018]
    assert "biography" not in refs[-1]["text"]
