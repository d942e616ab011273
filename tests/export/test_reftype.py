"""Reference types (:mod:`paperdesk.export.reftype`)."""

from __future__ import annotations

from typing import Any

import pytest

from paperdesk.export.reftype import (
    BIBTEX_OF,
    CSL_OF,
    csl_type,
    entry_type,
    institution,
    journal_name,
    venue_of,
)


def test_venue_of_prefers_the_journal_ref_and_skips_preprints() -> None:
    assert venue_of({"journal_ref": "  Neural  Computation ", "venue": "X"}) == "Neural Computation"
    assert venue_of({"journal_ref": "arXiv preprint arXiv:1", "venue": "ICML 2020"}) == "ICML 2020"
    assert venue_of({"journal_ref": "CoRR abs/1", "venue": "Preprint"}) is None
    assert venue_of({}) is None


@pytest.mark.parametrize(
    ("paper", "kind"),
    [
        ({"entry_type": " PhDThesis ", "journal_ref": "NeurIPS"}, "phdthesis"),
        ({"entry_type": "weird", "journal_ref": "Neural Computation"}, "article"),
        ({"journal_ref": "Advances in Neural Information Processing Systems 30"}, "inproceedings"),
        ({"venue": "Proceedings of ACL 2019"}, "inproceedings"),
        ({"venue": "EMNLP Workshop BlackboxNLP"}, "inproceedings"),
        ({"venue": "OpenAI technical report"}, "techreport"),
        ({"venue": "Journal of Machine Learning Research"}, "article"),
        ({"arxiv_id": "1706.03762"}, "misc"),
        ({"venue": "arXiv preprint"}, "misc"),
    ],
)
def test_entry_type(paper: dict[str, Any], kind: str) -> None:
    assert entry_type(paper) == kind


def test_csl_type_follows_the_entry_type() -> None:
    assert csl_type({"venue": "ICML 2020"}) == "paper-conference"
    assert csl_type({"venue": "Neural Computation"}) == "article-journal"
    assert csl_type({"arxiv_id": "1706.03762"}) == "article"  # a preprint, as Zotero has it
    assert csl_type({"title": "a web page"}) == "document"  # misc, not on arXiv


def test_every_bibtex_type_maps_to_a_csl_type_that_maps_back_to_one() -> None:
    for kind, csl in CSL_OF.items():
        back = BIBTEX_OF[csl]
        assert CSL_OF[back] == csl, kind


def test_journal_name_drops_a_trailing_year() -> None:
    assert journal_name("JMLR 2024", 2024) == "JMLR"
    assert journal_name("JMLR, 2024", 2024) == "JMLR"
    assert journal_name("JMLR 2024", 2023) == "JMLR 2024"
    assert journal_name("JMLR 2024", None) == "JMLR 2024"


def test_institution_drops_the_report_words() -> None:
    assert institution("OpenAI technical report") == "OpenAI"
    assert institution("Google, White Paper") == "Google"
    assert institution("Technical Report") == "Technical Report"  # nothing left: kept
