"""Migration 0006: list positions and the study-plan table on a library made before it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from paperdesk.storage.db import Database
from paperdesk.storage.revision import MIGRATION_NAMES


def test_0006_upgrades_an_older_library_keeping_its_lists(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    db = Database(url)
    db.migrate()
    with db.engine.begin() as conn:  # make it look like a library from before 0006
        conn.execute(text("DROP TABLE study_plans"))
        conn.execute(text("DROP INDEX ix_state_changes_progress"))
        conn.execute(text("ALTER TABLE reading_lists DROP COLUMN position"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0006_study_plans'"))
        conn.execute(
            text(
                "INSERT INTO reading_lists (name, title, source, created_at) "
                "VALUES ('mine', 'Mine', 'user', '2024-01-01')"
            )
        )
    db.close()
    db = Database(url)
    assert db.migrate() == ["0006_study_plans"]
    assert db.migrate() == []
    insp = inspect(db.engine)
    assert "position" in {c["name"] for c in insp.get_columns("reading_lists")}
    assert "study_plans" in insp.get_table_names()
    indexes = {ix["name"] for ix in insp.get_indexes("state_changes")}
    assert "ix_state_changes_progress" in indexes
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name, position FROM reading_lists")).all() == [
            ("mine", None)
        ]
    db.close()
    names = MIGRATION_NAMES
    assert names.index("0006_study_plans") == names.index("0005_stable_keys") + 1
