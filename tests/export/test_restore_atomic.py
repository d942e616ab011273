"""A restore is all or nothing: a database failure part-way (the last table refuses its rows),
a commit that fails, or a SIGKILL at any moment leaves the library as it was, intact; the
next run restores it whole."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from paperdesk.config import Settings
from paperdesk.errors import PaperdeskError
from paperdesk.export.backup import dump, export_json, import_json, to_json
from paperdesk.library import Library
from paperdesk.members import ensure_member
from paperdesk.storage.models import Note, Paper, PaperTag, Reading, StateChange, Tag
from tests.reliability import killing

V1 = Path(__file__).parent / "data" / "backup_v1.json"
AsMember = Callable[[Library, str], Library]
MakeLib = Callable[..., Library]
KILLS = 6


def _refuse_plans(lib: Library) -> None:
    """Make the database itself refuse the restore's last rows (study plans): on SQLite as the
    row is written, on PostgreSQL at COMMIT (a deferred constraint trigger)."""
    with lib.db.engine.begin() as conn:
        if lib.db.dialect == "sqlite":
            conn.execute(
                text(
                    "CREATE TRIGGER no_plans BEFORE INSERT ON study_plans "
                    "BEGIN SELECT RAISE(ABORT, 'plans refused'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION no_plans() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'plans refused'; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE CONSTRAINT TRIGGER no_plans AFTER INSERT ON study_plans "
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION no_plans()"
                )
            )


def _allow_plans(lib: Library) -> None:
    with lib.db.engine.begin() as conn:
        if lib.db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER no_plans"))
        else:
            conn.execute(text("DROP TRIGGER no_plans ON study_plans"))
            conn.execute(text("DROP FUNCTION no_plans()"))


def test_a_failure_part_way_leaves_the_library_as_it_was(
    any_lib: Library, as_member: AsMember
) -> None:
    ana = as_member(any_lib, "ana")
    before = to_json(dump(ana))
    _refuse_plans(ana)
    with pytest.raises(PaperdeskError, match="plans refused") as failed:
        import_json(ana, V1)
    if ana.db.dialect == "sqlite":  # refused while written: the part of the backup is named
        assert "backup_v1.json: plans: cannot be restored" in str(failed.value)
    assert to_json(dump(ana)) == before  # the seeded lists, no member, nothing of the backup
    with ana.session() as s:
        assert s.scalar(text("SELECT COUNT(*) FROM members")) == 0
    _allow_plans(ana)
    assert import_json(ana, V1).added_papers == 5
    assert len(dump(ana)["plans"]) == 1


def _big_backup(make_lib: MakeLib, as_member: AsMember, path: Path, n: int = 1000) -> None:
    """Two members, ``n`` papers, each with a state, a note, a tag and a history row of both:
    a restore long enough to be killed in the middle."""
    lib = make_lib("big")
    for name in ("ana", "bo"):
        member = as_member(lib, name)
        with member.session() as s:
            me = ensure_member(s).id
            if name == "ana":
                s.add_all(
                    Paper(key=f"paper{i:05d}", title=f"Paper number {i}", year=2000 + i % 25)
                    for i in range(n)
                )
                s.add(Tag(name="big"))
                s.flush()
            ids = list(s.scalars(text("SELECT id FROM papers ORDER BY id")))
            tag = s.scalar(text("SELECT id FROM tags"))
            for pid in ids:
                s.add(Reading(member_id=me, paper_id=pid, state="read"))
                s.add(Note(paper_id=pid, member_id=me, body=f"{name}'s note on {pid}\n" * 5))
                s.add(PaperTag(paper_id=pid, tag_id=tag, member_id=me))
                s.add(
                    StateChange(
                        paper_id=pid,
                        track="reading",
                        old_state="unread",
                        new_state="read",
                        member_id=me,
                    )
                )
    export_json(lib, path)


def test_a_kill_at_any_moment_restores_nothing_or_everything(
    make_lib: MakeLib, as_member: AsMember, tmp_path: Path
) -> None:
    backup = tmp_path / "big.json"
    _big_backup(make_lib, as_member, backup)
    expected = backup.read_text(encoding="utf-8")
    base = tmp_path / "base"
    Library.open(Settings(home=base), seed=False).close()  # a new, empty library
    env = {"PAPERDESK_HOME": str(base), "PAPERDESK_SEED_LISTS": "0", "PAPERDESK_USER": "ana"}

    whole = killing.copy_home(base, tmp_path / "whole")
    done = killing.run(["import", "json", str(backup)], {**env, "PAPERDESK_HOME": str(whole)})
    assert done.code == 0, done

    def state(home: Path) -> str:
        lib = Library.open(Settings(home=home), seed=False)
        try:
            return to_json(dump(lib))
        finally:
            lib.close()

    assert state(whole) == expected
    empty = state(base)
    rng = random.Random("restore-kill")
    killed = attempt = 0
    while killed < KILLS and attempt < 3 * KILLS:
        attempt += 1
        home = killing.copy_home(base, tmp_path / "k")
        env_k = {**env, "PAPERDESK_HOME": str(home)}
        at = rng.uniform(0.05, 0.95) * done.seconds
        got = killing.run(["import", "json", str(backup)], env_k, kill_after=at)
        killed += got.code is None
        assert got.code in (None, 0), (attempt, at, got)
        assert killing.integrity(home) == [], (attempt, at)
        now = state(home)
        assert now in (empty, expected), (attempt, at)  # never half a backup
        if now == empty:
            again = killing.run(["import", "json", str(backup)], env_k)
            assert again.code == 0, (attempt, at, again)
        assert state(home) == expected, (attempt, at)
    assert killed >= KILLS // 2, f"only {killed} of {attempt} runs were killed before they ended"
