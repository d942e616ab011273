"""Seeding: the packaged lists give a fresh library complete papers with final keys, and fill
what an existing library's papers lack without overwriting anything."""

from __future__ import annotations

from sqlalchemy import delete, select

from paperdesk.keys import KeyBasis, base_key
from paperdesk.library import Library
from paperdesk.storage import repository as repo
from paperdesk.storage.models import Meta, Paper
from tests.conftest import seed


def test_a_fresh_library_has_complete_papers_with_final_keys(lib: Library) -> None:
    with lib.session() as s:
        papers = s.scalars(select(Paper)).all()
        assert len(papers) == seed().papers
        for p in papers:
            assert p.authors and p.year and p.venue, p.key
            assert not p.key_provisional and p.key == base_key(KeyBasis.of(p)), p.key
            assert {"authors", "year", "venue"} <= set(p.metadata_sources), p.key
            assert set(p.metadata_sources.values()) == {"seed"}
        assert repo.find_paper(s, "1706.03762").key == "vaswani2017attention"
        assert repo.find_paper(s, "10.1162/neco.1997.9.8.1735").key == "hochreiter1997long"


def test_reseeding_fills_only_what_is_missing(lib: Library) -> None:
    with lib.session() as s:
        bert = repo.find_paper(s, "1810.04805")
        bert.authors = ["J. Devlin (my spelling)"]
        bert.metadata_sources = {**bert.metadata_sources, "authors": "user"}
        t5 = repo.find_paper(s, "1910.10683")
        t5.venue, t5.doi = None, None
        s.execute(delete(Meta).where(Meta.key.startswith("seed:")))  # the lists changed
    assert len(lib.ensure_seeded()) == 8
    with lib.session() as s:
        bert = repo.find_paper(s, "1810.04805")
        assert bert.authors == ["J. Devlin (my spelling)"]
        assert bert.metadata_sources["authors"] == "user"
        assert bert.key == "devlin2018bert"  # keys never follow metadata
        t5 = repo.find_paper(s, "1910.10683")
        assert t5.venue == "JMLR 2020" and t5.metadata_sources["venue"] == "seed"
        assert t5.doi is None  # the list gives T5 no DOI
        assert len(s.scalars(select(Paper)).all()) == seed().papers
