"""The migration names (storage/revision.py): in order, the head the last, the same as the
migrations that run, and importable without SQLAlchemy (the fast read path checks them)."""

from __future__ import annotations

import subprocess
import sys

from paperdesk.library import Library
from paperdesk.storage.migrations import MIGRATIONS
from paperdesk.storage.revision import HEAD, MIGRATION_NAMES


def test_names_are_the_migrations_in_order() -> None:
    assert tuple(name for name, _ in MIGRATIONS) == MIGRATION_NAMES
    numbers = [int(name.split("_", 1)[0]) for name in MIGRATION_NAMES]
    assert numbers == sorted(set(numbers))  # increasing, none twice
    assert MIGRATION_NAMES[0] == "0001_initial" and MIGRATION_NAMES[-1] == HEAD


def test_a_fresh_library_is_at_head(empty_lib: Library) -> None:
    from sqlalchemy import text

    with empty_lib.db.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM schema_migrations"))]
    assert sorted(names) == sorted(MIGRATION_NAMES) and HEAD in names


def test_imports_no_sqlalchemy() -> None:
    code = "import sys, paperdesk.storage.revision; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
