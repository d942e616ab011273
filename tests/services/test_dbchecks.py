"""What each database fact means for the user: the verdicts of doctor's database checks on facts
a real server could report (an old version, a schema the user may not create in, tables owned
by someone else), which the servers at hand cannot all be made to show."""

from __future__ import annotations

from paperdesk.services.dbchecks import _features, _schema, _version
from paperdesk.storage.health import DatabaseFacts
from paperdesk.storage.revision import MIGRATION_NAMES


def pg(**kw: object) -> DatabaseFacts:
    facts = DatabaseFacts("postgresql", "postgresql://ana@db/p", (16, 4), "PostgreSQL 16.4")
    facts.user, facts.login, facts.schema = "lab", "ana", "public"
    facts.applied = list(MIGRATION_NAMES)
    for name, value in kw.items():
        setattr(facts, name, value)
    return facts


def test_an_old_server_fails_and_says_what_is_needed() -> None:
    check = _version(pg(version=(11, 22), version_text="PostgreSQL 11.22"))
    assert check.status == "fail" and "needs 12.0" in check.finding
    old_sqlite = DatabaseFacts("sqlite", "sqlite:///x", (3, 31, 1), "SQLite 3.31.1")
    assert _version(old_sqlite).status == "fail"
    assert _version(pg()).status == "ok"


def test_no_create_on_the_schema_fails_only_when_a_migration_must_run() -> None:
    current = _features(pg(can_create=False))
    assert [c.status for c in current] == ["warn"]
    assert "GRANT CREATE, USAGE ON SCHEMA public TO lab" in current[0].fix
    behind = _features(pg(can_create=False, applied=list(MIGRATION_NAMES[:-1])))
    assert behind[0].status == "fail" and "migrations are pending" in behind[0].finding


def test_tables_of_another_owner_and_missing_privileges() -> None:
    shared = _features(pg(foreign_owned={"papers": "bo", "notes": "bo"}))
    assert shared[0].status == "warn" and "owned by bo" in shared[0].finding
    assert "REASSIGN OWNED BY bo" in shared[0].fix
    denied = _features(pg(missing_privileges={"papers": ["INSERT", "UPDATE"], "notes": ["DELETE"]}))
    assert denied[0].status == "fail"
    assert "lab lacks INSERT, UPDATE on papers and 1 more table(s)" in denied[0].finding


def test_a_missing_schema_or_text_search_configuration_fails() -> None:
    assert _features(pg(schema=None))[-1].status == "fail"
    assert _features(pg(text_search_english=False))[0].status == "fail"


def test_schema_states() -> None:
    assert _schema(pg()).status == "ok"
    assert _schema(pg(applied=[])).finding.startswith("no tables yet")
    behind = _schema(pg(applied=list(MIGRATION_NAMES[:-2])))
    assert (
        behind.status == "warn"
        and f"{MIGRATION_NAMES[-2]} … {MIGRATION_NAMES[-1]}" in behind.finding
    )
    ahead = _schema(pg(applied=[*MIGRATION_NAMES, "0100_later"]))
    assert ahead.status == "fail" and "0100_later" in ahead.finding
