"""The abstract refresh stamps the papers table with the same fingerprint every reader sees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from paperdesk.library import Library, load_list
from paperdesk.readinglists import load_list_file
from paperdesk.search import abstracts, keyword, store
from paperdesk.storage.fastread import SessionReader, open_fast
from paperdesk.storage.models import Paper, Passage


def test_one_fingerprint_for_session_sqlite3_and_sqlalchemy_readers(alib: Library) -> None:
    with alib.session() as s:
        abstracts.refresh_if_changed(s)
    fast = open_fast(alib.settings)
    assert fast is not None
    try:
        assert store.abstracts_current(fast) and store.abstracts_current(SessionReader(alib))
        assert store.papers_fingerprint(fast) == store.papers_fingerprint(SessionReader(alib))
        with alib.session() as s:  # (updated_at has second precision: step it by hand)
            paper = s.scalars(select(Paper).where(Paper.arxiv_id == "1412.6980")).one()
            paper.abstract, paper.updated_at = "Changed.", datetime(2099, 1, 1)
        assert not store.abstracts_current(fast)
        with alib.session() as s:
            # Seen inside the session before commit: the stamp is taken on its connection.
            paper = s.scalars(select(Paper).where(Paper.arxiv_id == "1207.0580")).one()
            paper.abstract, paper.updated_at = "Again.", datetime(2099, 1, 2)
            s.flush()
            assert abstracts.refresh_if_changed(s).updated == 2
        assert store.abstracts_current(fast)
    finally:
        fast.close()


def _abstract_passage(lib: Library, arxiv_id: str) -> Passage:
    with lib.session() as s:
        return s.scalars(
            select(Passage)
            .join(Paper, Paper.id == Passage.paper_id)
            .where(Paper.arxiv_id == arxiv_id, Passage.kind == "abstract")
        ).one()


def test_a_seeded_paper_says_its_lists_summary_and_why_until_its_abstract_arrives(
    lib: Library,
) -> None:
    with lib.session() as s:
        abstracts.refresh_if_changed(s)
    bert = _abstract_passage(lib, "1810.04805")
    assert bert.section == "Summary"
    title, said = bert.text.split("\n\n")
    assert title.startswith("BERT: Pre-training of Deep Bidirectional Transformers")
    assert "next sentence prediction" in said and "masked language model" in said
    assert said.endswith("BERT, bidirectional masked-language-model pre-training.")  # the why
    hits = keyword.search(SessionReader(lib), "next sentence prediction", limit=3)
    assert bert.id in [h[0] for h in hits]  # ALBERT's and RoBERTa's summaries drop NSP
    with lib.session() as s:
        paper = s.scalars(select(Paper).where(Paper.arxiv_id == "1810.04805")).one()
        paper.abstract, paper.updated_at = "We introduce BERT.", datetime(2099, 1, 1)
    with lib.session() as s:
        assert abstracts.refresh_if_changed(s).updated == 1
    bert = _abstract_passage(lib, "1810.04805")
    assert (bert.section, bert.text.split("\n\n")[1]) == ("Abstract", "We introduce BERT.")


def test_a_list_of_ones_own_is_searched_by_its_summaries(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\npapers:\n  - id: 2401.00001\n    why: Read it first.\n"
        "    summary: Zebra finches learn songs from tutors. Their babbling converges.\n"
    )
    with lib.session() as s:
        abstracts.refresh_if_changed(s)
        load_list(s, load_list_file(path))
    with lib.session() as s:
        assert abstracts.refresh_if_changed(s).changed  # loading a list made it stale
    hits = keyword.search(SessionReader(lib), "zebra finch babbling", limit=3)
    passage = _abstract_passage(lib, "2401.00001")
    assert hits and hits[0][0] == passage.id
    assert passage.text == (
        "Zebra finches learn songs from tutors. Their babbling converges. Read it first."
    )  # no title yet (a placeholder until fetched)
    path.write_text("name: mine\npapers:\n  - id: 2401.00001\n")
    with lib.session() as s:
        abstracts.refresh_if_changed(s)
        load_list(s, load_list_file(path))
    with lib.session() as s:
        assert abstracts.refresh_if_changed(s).changed  # loading a list made it stale
    assert keyword.search(SessionReader(lib), "zebra finch babbling", limit=3) == []
