"""``suggest``: cited-but-missing works from parsed references (real parser, real SQLite and
PostgreSQL), merged across citation styles, ranked by citing papers, added to a list."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select, update

from paperdesk.errors import StateError
from paperdesk.library import Library
from paperdesk.parse.refparse import title_norm
from paperdesk.services.suggest import add_suggestions, dismiss, pick, suggest
from paperdesk.storage.models import ListEntry, Paper, ReadingList, Reference
from paperdesk.tracking import set_state
from tests.conftest import run_cli
from tests.services.references_lib import add_references

# Layer normalization (arXiv:1607.06450) as four papers cite it, in four styles: two give the
# arXiv id, one a CoRR id, one only the title
LAYER_NORM = [
    "Jimmy Lei Ba, Jamie Ryan Kiros, and Geoffrey E. Hinton. 2016. Layer normalization. "
    "arXiv preprint arXiv:1607.06450.",
    "[3] Ba, J.L., Kiros, J.R., Hinton, G.E.: Layer normalization. CoRR abs/1607.06450 (2016)",
    "Ba J, Kiros JR, Hinton GE (2016) Layer normalization. In: NIPS Deep Learning Symposium",
    "J. L. Ba, J. R. Kiros, G. E. Hinton. Layer Normalization. arXiv:1607.06450, 2016.",
]
ADAM = [
    "Diederik P. Kingma and Jimmy Ba. 2015. Adam: A method for stochastic optimization. In ICLR.",
    "Kingma, D. P. and Ba, J. (2014). Adam: A Method for Stochastic Optimization. "
    "arXiv preprint arXiv:1412.6980.",
]
LSTM = (
    "Sepp Hochreiter and Jürgen Schmidhuber. 1997. Long short-term memory. Neural "
    "Computation, 9(8):1735–1780. doi:10.1162/neco.1997.9.8.1735"
)
# a work the library holds (paper 0 below): cited, but never suggested
IN_LIBRARY = (
    "Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, "
    "Lukasz Kaiser, and Illia Polosukhin. 2017. Attention is all you need. In NeurIPS."
)


def _paper(s, key: str, title: str, year: int, state: str = "unread", arxiv: str | None = None):
    p = Paper(
        key=key,
        arxiv_id=arxiv,
        title=title,
        authors=["A. Author"],
        categories=[],
        year=year,
    )
    s.add(p)
    s.flush()
    set_state(s, p, "reading", state)
    return p


def _library(lib: Library) -> None:
    """Five papers: four cite Layer normalization, two cite Adam, one LSTM; all cite the
    Transformer, which is in the library. Two of Adam's citers are read, one of LN's."""
    with lib.session() as s:
        s.execute(delete(Paper))  # the seeded lists: this library holds the five papers only
        attention = _paper(
            s, "vaswani2017attention", "Attention Is All You Need", 2017, "read", arxiv="1706.03762"
        )
        bert = _paper(
            s,
            "devlin2018bert",
            "BERT: Pre-training of Deep Bidirectional Transformers",
            2018,
            "read",
        )
        gpt2 = _paper(
            s,
            "radford2019language",
            "Language Models are Unsupervised Multitask Learners",
            2019,
            "read",
        )
        t5 = _paper(s, "raffel2019exploring", "Exploring the Limits of Transfer Learning", 2019)
        xl = _paper(s, "dai2019transformerxl", "Transformer-XL: Attentive Language Models", 2019)
        add_references(s, attention, [LAYER_NORM[0], ADAM[0]])
        add_references(s, bert, [IN_LIBRARY, ADAM[1], LSTM])
        add_references(s, gpt2, [IN_LIBRARY])
        add_references(s, t5, [IN_LIBRARY, LAYER_NORM[1]])
        add_references(s, xl, [IN_LIBRARY, LAYER_NORM[2]])
        add_references(s, gpt2, [])
        # a second reference list entry in GPT-2 for LN: counted once per citing paper
        add_references(s, gpt2, [LAYER_NORM[3], LAYER_NORM[3]])


def test_a_work_cited_by_four_papers_comes_first(any_lib: Library) -> None:
    _library(any_lib)
    report = suggest(any_lib)
    first = report.suggestions[0]
    assert (first.arxiv_id, first.title, first.year) == ("1607.06450", "Layer normalization", 2016)
    assert first.cites == 4 and first.key == "arxiv:1607.06450"
    assert {c.key for c in first.cited_by} == {
        "vaswani2017attention",
        "radford2019language",
        "raffel2019exploring",
        "dai2019transformerxl",
    }
    assert first.read_cites == 2
    assert first.link == "https://arxiv.org/abs/1607.06450"
    second = report.suggestions[1]
    assert (second.arxiv_id, second.cites, second.read_cites) == ("1412.6980", 2, 2)
    lstm = report.suggestions[2]
    assert (lstm.doi, lstm.cites, lstm.title) == (
        "10.1162/neco.1997.9.8.1735",
        1,
        "Long short-term memory",
    )
    titles = [w.title.lower() for w in report.suggestions]
    assert "attention is all you need" not in titles  # held by the library
    assert report.total == 3 and [w.rank for w in report.suggestions] == [1, 2, 3]


def test_filters_by_list_and_citations(lib: Library) -> None:
    _library(lib)
    assert [w.cites for w in suggest(lib, min_cites=2).suggestions] == [4, 2]
    assert len(suggest(lib, limit=1).suggestions) == 1 and suggest(lib, limit=1).total == 3
    with lib.session() as s:
        rl = ReadingList(name="two", title="two", source="user")
        s.add(rl)
        s.flush()
        for n, key in enumerate(("devlin2018bert", "raffel2019exploring"), start=1):
            pid = s.scalar(select(Paper.id).where(Paper.key == key))
            s.add(ListEntry(list_id=rl.id, paper_id=pid, position=n))
    only = suggest(lib, list_name="two")
    # one citing paper each: those the read paper (BERT) cites first, newest first
    assert [(w.arxiv_id or w.doi, w.cites, w.read_cites) for w in only.suggestions] == [
        ("1412.6980", 1, 1),
        ("10.1162/neco.1997.9.8.1735", 1, 1),
        ("1607.06450", 1, 0),
    ]
    with pytest.raises(StateError, match="--min-cites must be at least 1"):
        suggest(lib, min_cites=0)


def test_add_makes_papers_on_a_list_and_they_stop_being_suggested(any_lib: Library) -> None:
    _library(any_lib)
    report = suggest(any_lib)
    added = add_suggestions(any_lib, pick(report, [1, 3]), "to-read")
    assert [a.created for a in added] == [True, True]
    with any_lib.session() as s:
        ln = s.scalar(select(Paper).where(Paper.arxiv_id == "1607.06450"))
        assert ln is not None and ln.title == "Layer normalization" and ln.year == 2016
        assert ln.authors[0] == "Jimmy Lei Ba" and ln.metadata_fetched_at is None  # fetch fills
        lstm = s.scalar(select(Paper).where(Paper.doi == "10.1162/neco.1997.9.8.1735"))
        assert lstm is not None and lstm.title == "Long short-term memory"
        names = s.scalars(
            select(Paper.key)
            .join(ListEntry, ListEntry.paper_id == Paper.id)
            .join(ReadingList, ReadingList.id == ListEntry.list_id)
            .where(ReadingList.name == "to-read")
            .order_by(ListEntry.position)
        ).all()
        assert names == [ln.key, lstm.key]
    after = suggest(any_lib)
    assert [w.arxiv_id for w in after.suggestions] == ["1412.6980"]
    with pytest.raises(StateError, match="no suggestion numbered 7"):
        pick(after, [7])


def test_dismissed_works_are_remembered(lib: Library) -> None:
    _library(lib)
    report = suggest(lib)
    assert dismiss(lib, [report.suggestions[1].key]) == 1
    assert dismiss(lib, [report.suggestions[1].key]) == 0
    again = suggest(lib)
    assert [w.arxiv_id for w in again.suggestions][:1] == ["1607.06450"]
    assert "1412.6980" not in [w.arxiv_id for w in again.suggestions] and again.dismissed == 1


def test_cli_lists_and_adds(lib: Library) -> None:
    _library(lib)
    out = run_cli("suggest")
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[1]
    assert "cited by 4 (2 read)" in first and "Layer normalization" in first
    data = json.loads(run_cli("suggest", "--json", "--min-cites", "2").stdout)
    assert [(w["arxiv_id"], w["cites"]) for w in data["suggestions"]] == [
        ("1607.06450", 4),
        ("1412.6980", 2),
    ]
    added = run_cli("suggest", "2", "--add", "optimisers", "--json")
    assert added.returncode == 0, added.stderr
    assert [a["rank"] for a in json.loads(added.stdout)["added"]] == [2]
    bad = run_cli("suggest", "9", "--add", "optimisers")
    assert bad.returncode == 1 and "no suggestion numbered 9" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run_cli("suggest", "1").returncode == 2  # RANK without --add or --dismiss: a usage error


def test_a_dismissed_title_stays_dismissed_once_an_arxiv_id_turns_up(lib: Library) -> None:
    _library(lib)
    lstm = next(w for w in suggest(lib).suggestions if w.doi)
    with lib.session() as s:  # only its title: dismissed as "title:…"
        s.execute(update(Reference).where(Reference.doi == lstm.doi).values(doi=None))
    (work,) = [w for w in suggest(lib).suggestions if w.title == "Long short-term memory"]
    assert work.key == "title:long short term memory"
    dismiss(lib, [work.key])
    with lib.session() as s:  # a newly parsed paper cites it with an id
        pid = s.scalar(select(Paper.id).where(Paper.key == "raffel2019exploring"))
        s.add(
            Reference(
                paper_id=pid,
                position=9,
                text="LSTM",
                arxiv_id="1503.04069",
                title="Long Short-Term Memory",
                title_norm="long short term memory",
                authors=["S. Hochreiter"],
                year=1997,
            )
        )
    after = suggest(lib)
    assert "Long short-term memory" not in [w.title for w in after.suggestions]
    assert after.dismissed == 1


# What the parser stored from TeX Live's revtex samples (aipsamp.pdf, apssamp.pdf): physics
# references give no title, so the "title" is a venue, an identifier or numbers
JUNK = [
    ("Res. 108, 4201 (2003), DOI:10.1029/2002JD002268", None, "10.1029/2002jd002268", None),
    ("arXiv:hep-th/0106109", "hep-th/0106109", None, "a), J. Appl. Phys. (submitted"),
    ("Proceedings of the 5th International Molecular Beam Epitaxy Conference", None, None, None),
    ("Trans. R. Soc. London, Ser", None, None, "B 777"),
    (
        "Surface chemistry and preferential crystal orientation on a silicon surface",
        None,
        None,
        "J. Appl. Phys. (unpublished",
    ),
]


def test_reference_junk_is_no_title(any_lib: Library) -> None:
    """A "title" that is no title makes no suggestion by title; a work keyed by its DOI or
    arXiv id stays, labelled by the id; a broken venue fragment is not shown."""
    with any_lib.session() as s:
        s.execute(delete(Paper))
        for key in ("sample2018a", "sample2018b"):
            citing = _paper(s, key, f"Sample {key}", 2018)
            for n, (title, arxiv, doi, venue) in enumerate(JUNK, start=1):
                s.add(
                    Reference(
                        paper_id=citing.id,
                        position=n,
                        text=title,
                        arxiv_id=arxiv,
                        doi=doi,
                        title=title,
                        title_norm=title_norm(title),
                        authors=["A. Physicist"],
                        year=2003,
                        venue=venue,
                    )
                )
    report = suggest(any_lib)
    rows = {w.key: (w.title, w.titled, w.venue) for w in report.suggestions}
    assert rows == {
        "doi:10.1029/2002jd002268": ("10.1029/2002jd002268", False, None),
        "arxiv:hep-th/0106109": ("arXiv:hep-th/0106109", False, None),
        "title:surface chemistry and preferential crystal orientation on a silicon surface": (
            JUNK[4][0],
            True,
            None,
        ),
    }
    doi_work = next(w for w in report.suggestions if w.doi)
    (added,) = add_suggestions(any_lib, [doi_work], "physics")
    with any_lib.session() as s:
        paper = s.scalar(select(Paper).where(Paper.key == added.paper_key))
        assert paper.doi == "10.1029/2002jd002268" and "Res." not in paper.title


REVTEX = "/usr/share/doc/texlive-doc/latex/revtex/sample"


def test_revtex_samples_suggest_no_junk(lib: Library) -> None:
    """The QA repro: both revtex samples added, then suggest (texlive-publishers-doc)."""
    from pathlib import Path

    from paperdesk.parse.reftitles import is_title
    from paperdesk.services.intake import add_pdfs

    pdfs = [Path(REVTEX, "aip/aipsamp.pdf"), Path(REVTEX, "aps/apssamp.pdf")]
    if not all(p.is_file() for p in pdfs):
        pytest.skip("TeX Live's revtex samples are not installed")
    add_pdfs(lib, pdfs)
    works = suggest(lib).suggestions
    assert works, "the samples cite works"
    for w in works:
        assert w.titled == is_title(w.title), w
        assert w.titled or w.title in (f"arXiv:{w.arxiv_id}", w.doi), w
        assert "Proceedings of" not in w.title[:16] and "(submitted" not in (w.venue or "")
