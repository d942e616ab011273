"""The abstract refresh stamps the papers table with the same fingerprint every reader sees."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from paperdesk.library import Library
from paperdesk.search import abstracts, store
from paperdesk.storage.fastread import SessionReader, open_fast
from paperdesk.storage.models import Paper


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
