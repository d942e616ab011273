"""``import bibtex`` of an entry the library has: existing values win, only empty fields are
filled (the venue counts once however it is stored), and the report names the entries that
were already there (QA #5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.export.bibimport import import_bibtex, import_bibtex_text
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
    assert [r.label for r in report.failed] == ["line 3 (broken)"]
    assert report.failed[0].status == "unreadable"
    assert report.summary().startswith("input: 4 entries: 3 added (0 from arXiv), ")
    assert "1 unreadable" in report.summary() and "1 with warnings" in report.summary()
    with lib.session() as s:
        paper = repo.find_paper(s, report.keys[-1])
        assert (paper.title, paper.doi, paper.year) == ("X", None, None)


# A user's export: ids or not, years or not, a title as plain as "Introduction", two papers
# of one title and year (told apart by their first authors), a @misc with only a title.
LIBRARY_BIB = r"""
@article{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv}
}
@inproceedings{rombach2022high,
  title = {High-Resolution Image Synthesis with Latent Diffusion Models},
  author = {Rombach, Robin and Blattmann, Andreas},
  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  year = {2022},
  doi = {10.1109/CVPR52688.2022.01042}
}
@misc{graves2012sequence,
  title = {Sequence Transduction with Recurrent Neural Networks},
  author = {Graves, Alex},
  url = {https://arxiv.org/abs/1211.3711}
}
@article{doi-only,
  title = {Scaling Laws for Dense Retrieval Revisited},
  author = {Okafor, Chidi},
  doi = {10.5555/sldr.2024.17}
}
@techreport{sutton-notes,
  title = {Notes on Temporal-Difference Learning in Practice},
  author = {Sutton, Richard S.},
  institution = {University of Massachusetts}
}
@misc{rlhf-survey,
  title = {A Survey of Reinforcement Learning from Human Feedback}
}
@misc{smith-intro,
  title = {Introduction},
  author = {Smith, Jane},
  year = {2020}
}
@article{zhao2023survey,
  title = {A Survey of Large Language Models},
  author = {Zhao, Wayne Xin and Zhou, Kun},
  year = {2023},
  eprint = {2303.18223},
  archivePrefix = {arXiv}
}
@article{lee2023survey,
  title = {A Survey of Large Language Models},
  author = {Lee, Minji},
  journal = {Journal of Surveys},
  year = {2023}
}
"""


def _papers(lib: Library) -> list[tuple[str, str, int | None]]:
    from sqlalchemy import select

    from paperdesk.storage.models import Paper

    with lib.session() as s:
        return [(p.key, p.title, p.year) for p in s.scalars(select(Paper).order_by(Paper.id))]


@pytest.mark.postgres
def test_importing_the_same_bibtex_file_again_adds_nothing(
    any_lib: Library, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(LIBRARY_BIB, encoding="utf-8")
    before = len(_papers(any_lib))
    first = import_bibtex(any_lib, bib)
    assert (first.added, first.added_arxiv, first.merged) == (8, 2, 1)  # Attention is seeded
    assert [r.status for r in first.results].count("added") == 8
    after = _papers(any_lib)
    assert len(after) == before + 8
    surveys = [key for key, title, _ in after if title == "A Survey of Large Language Models"]
    assert sorted(surveys) == ["lee2023survey", "zhao2023survey"]

    for _ in range(2):
        again = import_bibtex(any_lib, bib)
        assert (again.added, again.merged, again.skipped, again.unreadable) == (0, 9, [], [])
        assert again.keys == first.keys
        assert [(r.label, r.status) for r in again.results][4:6] == [
            ("line 26 (sutton-notes)", "merged"),
            ("line 31 (rlhf-survey)", "merged"),
        ]
        assert "line 34 (smith-intro): already in the library as smith-intro" in again.existing
        assert again.summary() == (
            "refs.bib: 9 entries: 0 added (0 from arXiv), 9 already in the library (0 updated)"
        )
        assert _papers(any_lib) == after


def test_csl_json_imported_again_adds_nothing(lib: Library) -> None:
    items = [
        {
            "id": "notes",
            "type": "report",
            "title": "Notes on Temporal-Difference Learning",
            "author": [{"family": "Sutton", "given": "Richard"}],
        },
        {
            "id": "http://zotero.org/users/1/items/ABCD1234",
            "type": "webpage",
            "title": "A Survey of Reinforcement Learning from Human Feedback",
        },
        {
            "id": "intro",
            "type": "chapter",
            "title": "Introduction",
            "issued": {"date-parts": [[2020]]},
        },
        {
            "id": "diffusion",
            "type": "paper-conference",
            "DOI": "10.1109/CVPR52688.2022.01042",
            "title": "High-Resolution Image Synthesis with Latent Diffusion Models",
        },
    ]
    text = json.dumps(items, indent=2)
    first = import_csl_text(lib, text, "refs.json")
    assert (first.added, first.merged) == (4, 0)
    papers = _papers(lib)
    again = import_csl_text(lib, text, "refs.json")
    assert (again.added, again.merged) == (0, 4) and again.keys == first.keys
    assert _papers(lib) == papers


def test_an_entry_without_a_year_is_the_paper_of_its_title(lib: Library) -> None:
    """From another file (another key): a distinctive title names the one paper that has it;
    among papers of that title from different years it names none."""
    import_bibtex_text(
        lib,
        "@misc{a, title = {Frugal Quantised Adapters Revisited}, year = {2021}}\n"
        "@misc{b, title = {Sparse Mixtures of Tiny Experts}, year = {2019}}\n"
        "@misc{c, title = {Sparse Mixtures of Tiny Experts}, year = {2021}}\n",
        "dated.bib",
    )
    report = import_bibtex_text(
        lib,
        "@misc{other, title = {Frugal Quantised Adapters Revisited}, author = {Doe, Jo}}\n"
        "@misc{which, title = {Sparse Mixtures of Tiny Experts}}\n",
        "undated.bib",
    )
    assert [(r.status, r.paper) for r in report.results] == [("merged", "a"), ("added", "which")]
    with lib.session() as s:
        paper = repo.find_paper(s, "a")
        assert (paper.year, paper.authors) == (2021, ["Jo Doe"])  # the entry fills what lacks


VENUE_FIELDS = r"""
@book{goodfellow2016dl, title = {Deep Learning Revisited For Tests}, year = {2016},
  author = {Goodfellow, Ian}, publisher = {MIT Press}}
@techreport{smith2019tiny, title = {A Report On Tiny Things}, year = {2019},
  author = {Smith, Jo}, institution = {Google}}
@phdthesis{doe2020small, title = {A Thesis On Small Models}, year = {2020},
  author = {Doe, Jane}, school = {University of Edinburgh}}
"""


def test_publisher_institution_and_school_survive_a_round_trip(any_lib: Library) -> None:
    """A book names its venue in ``publisher``, a report in ``institution``, a thesis in
    ``school`` (as export writes them): kept as the venue and written back, BibTeX and CSL."""
    import_bibtex_text(any_lib, VENUE_FIELDS, "v.bib")
    assert "publisher = {MIT Press}" in _entry(any_lib, "goodfellow2016dl")
    assert "institution = {Google}" in _entry(any_lib, "smith2019tiny")
    assert "school = {University of Edinburgh}" in _entry(any_lib, "doe2020small")
    with any_lib.session() as s:
        assert repo.find_paper(s, "goodfellow2016dl").journal_ref == "MIT Press"
    from paperdesk.export.csljson import csl_text

    items = {i["id"]: i for i in json.loads(csl_text(any_lib).text)}
    book = items["goodfellow2016dl"]
    assert (book["type"], book["publisher"]) == ("book", "MIT Press")
    assert "container-title" not in book
    csl = json.dumps([{**book, "id": "other2016dl", "title": "Another Book For Tests"}])
    import_csl_text(any_lib, csl, "b.json")
    assert "publisher = {MIT Press}" in _entry(any_lib, "other2016dl")
