"""Migration 0011: the entry type, volume and pages of papers on a library made before it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from paperdesk.storage.db import Database


def test_0011_adds_the_reference_fields_keeping_the_papers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    db = Database(url)
    db.migrate()
    with db.engine.begin() as conn:  # make it look like a library from before 0011
        for name in ("entry_type", "volume", "pages"):
            conn.execute(text(f"ALTER TABLE papers DROP COLUMN {name}"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0011_reference_fields'"))
        conn.execute(
            text(
                "INSERT INTO papers (key, key_provisional, title, authors, categories, "
                "replication_state, added_at, updated_at) VALUES ('lstm1997', 0, "
                "'Long Short-Term Memory', '[]', '[]', 'none', '2024-01-01', "
                "'2024-01-01')"
            )
        )
    db.close()
    db = Database(url)
    assert db.migrate() == ["0011_reference_fields"]
    assert db.migrate() == []
    columns = {c["name"] for c in inspect(db.engine).get_columns("papers")}
    assert {"entry_type", "volume", "pages"} <= columns
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT key, replication_state, entry_type, pages FROM papers"))
    assert rows.all() == [("lstm1997", "none", None, None)]
    db.close()
