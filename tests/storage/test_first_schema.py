"""The frozen first-release schema (storage/first_schema.py): ``0001_initial`` creates exactly
its tables and columns, the same as a library the first release made (the stored
first-release.sqlite), and not today's models (SQLite; PostgreSQL for what 0001 creates)."""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from paperdesk.storage.db import Database
from paperdesk.storage.first_schema import FIRST_RELEASE
from paperdesk.storage.models import Base
from tests.conftest import POSTGRES_URL

DATA = Path(__file__).parent / "data"
OWN = {"schema_migrations"}  # the migrations' tracking table, not part of the schema


def columns(engine: object) -> dict[str, set[str]]:
    found = inspect(engine)
    return {
        t: {c["name"] for c in found.get_columns(t)}
        for t in found.get_table_names()
        if t not in OWN and not t.startswith("passages_fts")
    }


def frozen() -> dict[str, set[str]]:
    return {name: {c.name for c in t.columns} for name, t in FIRST_RELEASE.tables.items()}


def test_0001_creates_the_first_release_schema(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    assert db.migrate(upto="0001_initial") == ["0001_initial"]
    made = columns(db.engine)
    db.close()
    assert made == frozen()
    # and the same as what the first release itself wrote
    old = tmp_path / "first.sqlite"
    old.write_bytes(gzip.decompress((DATA / "first-release.sqlite.gz").read_bytes()))
    engine = create_engine(f"sqlite:///{old}")
    try:
        assert columns(engine) == made
    finally:
        engine.dispose()


def test_it_is_not_todays_models() -> None:
    today = {name: {c.name for c in t.columns} for name, t in Base.metadata.tables.items()}
    first = frozen()
    assert set(today) - set(first)  # later migrations added tables (members, feed, ...)
    assert "members" in today and "members" not in first
    changed = [t for t in first if t in today and first[t] != today[t]]
    assert "papers" in changed  # e.g. the reading state moved to per-member readings


@pytest.mark.postgres
def test_0001_on_postgres() -> None:
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    name = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name)
        assert db.migrate(upto="0001_initial") == ["0001_initial"]
        made = columns(db.engine)
        db.close()
        assert made == frozen()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
