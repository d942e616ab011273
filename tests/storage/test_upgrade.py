"""Upgrades from stored libraries of old releases, on SQLite and PostgreSQL.

``data/`` holds libraries made by the old releases' own code (``data/make_old_library.py``):
the first release (c821e0f, 0001-0002) and the previous one (62d3053, 0001-0006), as SQLite
files and as ``pg_dump`` scripts. Each is upgraded to head and must then have the schema of a
fresh database (tables, columns, indexes, unique and foreign keys) with its rows intact.
"""

from __future__ import annotations

import gzip
import shutil
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from paperdesk.storage.db import Database
from paperdesk.storage.models import Base
from paperdesk.storage.revision import MIGRATION_NAMES
from tests.conftest import POSTGRES_URL

DATA = Path(__file__).parent / "data"
RELEASES = {"first": MIGRATION_NAMES[:2], "prev": MIGRATION_NAMES[:6]}


def _schema(db: Database) -> dict[str, Any]:
    with warnings.catch_warnings():  # expression indexes (lower(title)) are not reflected
        warnings.simplefilter("ignore")
        insp = inspect(db.engine)
        out: dict[str, Any] = {}
        for table in insp.get_table_names():
            if table.startswith("passages_fts"):
                continue
            out[table] = {
                "columns": {
                    c["name"]: (str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
                },
                "indexes": sorted(
                    (i["name"], tuple(map(str, i["column_names"])), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
                "foreign": sorted(
                    (
                        tuple(f["constrained_columns"]),
                        f["referred_table"],
                        (f.get("options") or {}).get("ondelete"),
                    )
                    for f in insp.get_foreign_keys(table)
                ),
            }
    with db.engine.connect() as conn:
        out["(indexes by name)"] = sorted(_index_names(conn))
    return out


def _index_names(conn: Any) -> list[str]:
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
    return [row[0] for row in conn.execute(text(sql))]


@pytest.fixture(params=["sqlite", "postgres"])
def database_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function making an empty database and returning its URL, on each backend."""
    if request.param == "sqlite":
        yield lambda: f"sqlite:///{tmp_path / uuid.uuid4().hex}.sqlite"
        return
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    admin = create_engine(
        POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    names: list[str] = []

    def make() -> str:
        names.append(f"pd_{uuid.uuid4().hex[:12]}")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{names[-1]}"'))
        return POSTGRES_URL.rsplit("/", 1)[0] + "/" + names[-1]

    yield make
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _restore(release: str, url: str) -> None:
    """Put the stored library of ``release`` at ``url`` (a file copy, or the dump replayed)."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        with gzip.open(DATA / f"{release}-release.sqlite.gz") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return
    script = gzip.decompress((DATA / f"{release}-release.postgres.sql.gz").read_bytes())
    sql = "\n".join(
        line for line in script.decode().splitlines() if not line.startswith("\\")
    )  # psql meta-commands (\restrict) are not SQL
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_old_release_upgrades_to_a_fresh_schema_keeping_rows(
    release: str, database_urls: Any
) -> None:
    url = database_urls()
    _restore(release, url)
    old = Database(url)
    old.info["member_name"] = "ana"  # who runs the upgrade: existing personal rows are hers
    with old.engine.connect() as conn:
        done = [r[0] for r in conn.execute(text("SELECT name FROM schema_migrations ORDER BY 1"))]
    assert tuple(done) == RELEASES[release]
    assert old.migrate() == [n for n in MIGRATION_NAMES if n not in done]
    assert old.migrate() == []

    fresh = Database(database_urls())
    fresh.migrate()
    assert _schema(old) == _schema(fresh)
    fresh.close()

    with old.engine.connect() as conn:
        members = conn.execute(text("SELECT id, name FROM members")).all()
        assert [m.name for m in members] == ["ana"]
        ana = members[0].id
        rows = conn.execute(
            text(
                "SELECT p.arxiv_id, r.member_id, r.state, p.replication_state FROM papers p "
                "LEFT JOIN readings r ON r.paper_id = p.id ORDER BY p.arxiv_id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            ("1706.03762", ana, "read", "running"),
            ("1810.04805", ana, "queued", "none"),
        ]
        owners = {
            table: {r[0] for r in conn.execute(text(f"SELECT {column} FROM {table}"))}
            for table, column in (
                ("state_changes", "member_id"),
                ("notes", "member_id"),
                ("paper_tags", "member_id"),
                ("repro_attempts", "created_by"),
                ("runs", "created_by"),
            )
        }
        assert owners == {key: {ana} for key in owners}
        history = conn.execute(
            text(
                "SELECT sc.new_state FROM state_changes sc JOIN papers p ON p.id = sc.paper_id "
                "WHERE p.arxiv_id = '1706.03762' AND sc.track = 'reading' ORDER BY sc.at, sc.id"
            )
        ).all()
        assert history[-1].new_state == "read"
        note = conn.execute(text("SELECT body, revision FROM notes")).one()
        assert tuple(note) == ("Multi-head attention, $O(n^2)$.", 2)
        entries = conn.execute(
            text(
                "SELECT p.arxiv_id, e.why FROM list_entries e JOIN papers p ON p.id = e.paper_id "
                "JOIN reading_lists l ON l.id = e.list_id WHERE l.name = 'foundations' "
                "ORDER BY e.position"
            )
        ).all()
        assert [tuple(r) for r in entries] == [("1706.03762", "the start"), ("1810.04805", None)]
        result = conn.execute(
            text("SELECT c.label, rr.value FROM run_results rr JOIN claims c ON c.id = rr.claim_id")
        ).one()
        assert tuple(result) == ("BLEU EN-DE", 27.1)
        assert conn.execute(text("SELECT name FROM tags")).scalar() == "transformers"
    old.close()


def test_migrations_alone_create_every_table_column_and_index_of_the_models(
    database_urls: Any,
) -> None:
    """``0001`` is frozen: a table, column or index added to the models needs its migration."""
    db = Database(database_urls())
    db.migrate()
    have = _schema(db)
    for table in Base.metadata.sorted_tables:
        assert table.name in have, f"no migration creates table {table.name}"
        missing = {c.name for c in table.columns} - set(have[table.name]["columns"])
        assert not missing, f"no migration adds {table.name}.{', '.join(sorted(missing))}"
        for index in table.indexes:
            assert index.name in have["(indexes by name)"], f"no migration creates {index.name}"
    db.close()
