"""Migration 0005_stable_keys: a library made before stable keys keeps the keys its exports gave
(``\\cite``s keep working), and its old CLI keys keep naming the papers."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from paperdesk.config import Settings
from paperdesk.library import Library
from paperdesk.storage import keying
from paperdesk.storage import repository as repo
from paperdesk.storage.db import Database
from tests.conftest import POSTGRES_URL

# key, arxiv_id, title, authors, year, added_at: what a 0003 library held
OLD_PAPERS = [
    ("1706.03762", "1706.03762", "Attention Is All You Need", ["Ashish Vaswani"], 2017, "01"),
    ("radford2018gpt1", None, "Improving Language Understanding by Generative Pre-Training",
     ["Alec Radford", "Karthik Narasimhan"], 2018, "02"),
    ("1810.04805", "1810.04805",
     "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", [],
     2018, "03"),
    ("2106.09685", "2106.09685", "arXiv:2106.09685", [], None, "04"),
    ("mynotes", None, "Attention Is All You Need, Again", ["Jane Vaswani"], 2017, "05"),
    ("hochreiter1997lstm", None, "Long Short-Term Memory",
     ["Sepp Hochreiter", "Jürgen Schmidhuber"], 1997, "06"),
]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A blank database: a SQLite file, or a fresh PostgreSQL database when a server is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    name = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _old_library(url: str) -> str:
    db = Database(url)
    db.migrate(upto="0003_paper_metadata")
    with db.engine.begin() as conn:
        for key, arxiv_id, title, authors, year, day in OLD_PAPERS:
            conn.execute(
                text(
                    "INSERT INTO papers (key, arxiv_id, title, authors, categories, year, "
                    "reading_state, replication_state, added_at, updated_at) VALUES "
                    "(:k, :a, :t, :au, '[]', :y, 'unread', 'none', :d, :d)"
                ),
                {
                    "k": key,
                    "a": arxiv_id,
                    "t": title,
                    "au": json.dumps(authors),
                    "y": year,
                    "d": f"2024-01-{day} 10:00:00",
                },
            )
    db.close()
    return url


def test_keys_become_the_exported_keys_once(tmp_path: Path, blank_url: str) -> None:
    url = _old_library(blank_url)
    lib = Library(Settings(home=tmp_path / "home"), Database(url))
    assert "0005_stable_keys" in lib.db.migrate()
    with lib.session() as s:
        got = {
            old: (p.key, p.key_provisional, keying.aliases(s, p))
            for old, *_ in OLD_PAPERS
            if (p := repo.find_paper(s, old))
        }
    assert got == {
        # an arXiv id keeps resolving as an arXiv id: no alias needed
        "1706.03762": ("vaswani2017attention", False, []),
        "radford2018gpt1": ("radford2018improving", False, ["radford2018gpt1"]),
        # no author yet: what the export gave, provisional
        "1810.04805": ("anon2018bert", True, []),
        "2106.09685": ("arxiv210609685", True, []),
        # the later paper of a clash gets the suffix the export gave it
        "mynotes": ("vaswani2017attentionb", False, ["mynotes"]),
        "hochreiter1997lstm": ("hochreiter1997long", False, ["hochreiter1997lstm"]),
    }
    with lib.session() as s:  # a key set by hand afterwards survives a re-run of the step
        keying.set_key(s, repo.find_paper(s, "mynotes"), "mine2017")
    from paperdesk.storage.migrate_keys import stable_keys

    with lib.db.engine.begin() as conn:
        stable_keys(conn)
    with lib.session() as s:
        assert repo.find_paper(s, "mynotes").key == "mine2017"
        assert repo.find_paper(s, "vaswani2017attentionb").key == "mine2017"
    lib.close()


def test_seeding_finalises_migrated_provisional_keys(tmp_path: Path, blank_url: str) -> None:
    """An old seeded library: the lists now carry authors, so the next start fills them in and
    the provisional keys become real ones; the export key of before still names the paper."""
    url = _old_library(blank_url)
    settings = Settings(home=tmp_path / "home", database_url=url)
    lib = Library.open(settings)
    with lib.session() as s:
        bert = repo.find_paper(s, "1810.04805")
        assert (bert.key, bert.key_provisional) == ("devlin2018bert", False)
        assert bert.authors[0] == "Jacob Devlin" and bert.venue == "NAACL-HLT 2019"
        assert bert.metadata_sources["authors"] == "seed"
        assert repo.find_paper(s, "anon2018bert") is bert
        gpt = repo.find_paper(s, "radford2018gpt1")
        assert gpt.key == "radford2018improving"
        assert gpt.authors == ["Alec Radford", "Karthik Narasimhan"]  # the user's, kept
        assert gpt.venue == "OpenAI technical report"  # missing, filled
        lstm = repo.find_paper(s, "hochreiter1997lstm")
        assert lstm.key == "hochreiter1997long"
        assert "authors" not in (lstm.metadata_sources or {})
    lib.close()
