"""Shared fixtures. Every test gets its own PAPERDESK_HOME under tmp_path; nothing touches the
user's library or the network."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from paperdesk.config import Settings, load_settings
from paperdesk.library import Library
from paperdesk.readinglists import load_list_file, seed_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test when it is absent (a user's clone has none)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not available ({path})")
    return path


@dataclass(frozen=True)
class Seed:
    """What the seeded library holds, read from reading_lists/ (so adding a paper to a list
    changes no test): entries per list, and the distinct papers they name."""

    lists: dict[str, int]
    papers: int


@cache
def seed() -> Seed:
    specs = [load_list_file(path) for path in seed_files()]
    papers = {
        e.arxiv.base if e.arxiv else (e.title or "").casefold() for s in specs for e in s.entries
    }
    return Seed({s.name: len(s.entries) for s in specs}, len(papers))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated PAPERDESK_HOME, also exported for subprocesses and CLI runs."""
    h = tmp_path / "home"
    monkeypatch.setenv("PAPERDESK_HOME", str(h))
    monkeypatch.delenv("PAPERDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "0")
    # add/parse/fetch would embed what they bring in with the real model: tests that want it
    # set PAPERDESK_AUTO_INDEX=1 with PAPERDESK_MODEL=hash-256
    monkeypatch.setenv("PAPERDESK_AUTO_INDEX", "0")
    return h


@pytest.fixture
def settings(home: Path) -> Settings:
    return load_settings()


@pytest.fixture
def lib(settings: Settings) -> Iterator[Library]:
    """A seeded SQLite library."""
    library = Library.open(settings)
    yield library
    library.close()


@pytest.fixture
def empty_lib(settings: Settings) -> Iterator[Library]:
    """A migrated SQLite library without the seeded lists."""
    library = Library.open(settings, seed=False)
    yield library
    library.close()


POSTGRES_URL = os.environ.get("PAPERDESK_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_lib(request: pytest.FixtureRequest, home: Path) -> Iterator[Library]:
    """The seeded library on SQLite, and on PostgreSQL when PAPERDESK_TEST_POSTGRES_URL is set
    (.ci/run starts a server). Each PostgreSQL test gets a fresh database."""
    if request.param == "sqlite":
        library = Library.open(load_settings())
        yield library
        library.close()
        return
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    import uuid

    from sqlalchemy import create_engine, text

    name = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    library = Library.open(load_settings({**os.environ, "PAPERDESK_DATABASE_URL": url}))
    yield library
    library.close()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def run_cli(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m paperdesk ARGS`` in a fresh process (real start-up, real exit code)."""
    return subprocess.run(
        [sys.executable, "-m", "paperdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=timeout,
    )
