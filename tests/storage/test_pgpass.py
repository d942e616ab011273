"""Which line of a libpq password file a connection would use (doctor names it, or says that
none matches)."""

from __future__ import annotations

from pathlib import Path

from paperdesk.storage.pgpass import Target, pgpass_line, target


def test_target_fills_libpq_defaults() -> None:
    env = {"PGUSER": "ana", "PGPORT": "6543"}
    assert str(target("postgresql://db.lab/paperdesk", env)) == "db.lab:6543:paperdesk:ana"
    assert str(target("postgres://bo@db.lab:5432/", {})) == "db.lab:5432:bo:bo"
    assert str(target("host=/run/postgresql user=chen dbname=lab", {})) == "localhost:5432:lab:chen"
    assert target("ana:secret@db.lab/paperdesk", {}) is None  # not a URL libpq reads


def test_the_first_matching_line_wins(tmp_path: Path) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text(
        "# a comment\n\nother.host:5432:*:ana:x\ndb.lab:*:paperdesk:ana:first\n*:*:*:*:fallback\n",
        encoding="utf-8",
    )
    assert pgpass_line(passfile, Target("db.lab", "5432", "paperdesk", "ana")) == 4
    assert pgpass_line(passfile, Target("db.lab", "5432", "other", "bo")) == 5
    assert pgpass_line(tmp_path / "missing", Target("h", "1", "d", "u")) is None


def test_escaped_colons_and_short_lines(tmp_path: Path) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text("db.lab:5432\nfe80\\:\\:1:5432:p:ana:pw\\:with\\:colons\n")
    assert pgpass_line(passfile, Target("fe80::1", "5432", "p", "ana")) == 2
    assert pgpass_line(passfile, Target("db.lab", "5432", "p", "ana")) is None
