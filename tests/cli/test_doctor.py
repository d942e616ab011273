"""``paperdesk doctor``: each check on a real SQLite library, the shared PostgreSQL server, and a
throwaway server with password authentication (where ~/.pgpass and PGPASSWORD are read by
libpq itself)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.storage.revision import HEAD
from tests.conftest import POSTGRES_URL, run_cli
from tests.pgserver import ScramServer, scram_server

SECRET = "Tea-m8-s3cret"


def doctor(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, dict]]:
    """Run ``doctor --json``; the exit code and the checks by name (the last of a name)."""
    done = run_cli("doctor", "--json", *args, env=env, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] == (done.returncode == 0)
    return done.returncode, {c["name"]: c for c in data["checks"]}


def test_a_fresh_home_is_ready(home: Path) -> None:
    code, checks = doctor()
    assert code == 0
    assert checks["home"]["status"] == "ok" and "not made yet" in checks["home"]["finding"]
    assert checks["database"]["status"] == "ok"
    assert checks["schema"]["finding"].startswith("no tables yet")
    assert checks["server"]["status"] == "ok" and "SQLite" in checks["server"]["finding"]
    assert checks["features"]["finding"].startswith("FTS5")
    assert "password" not in checks  # a SQLite library has none
    assert not home.exists()  # doctor reads only: no folder, no database made


def test_a_used_library_is_ready_and_private(home: Path) -> None:
    assert run_cli("lists").returncode == 0
    done = run_cli("doctor")
    assert done.returncode == 0, done.stdout
    lines = done.stdout.splitlines()
    assert any(
        line.startswith("ok") and "library.sqlite" in line and "0600" in line for line in lines
    )
    assert any("schema" in line and HEAD in line for line in lines)
    assert lines[-1].startswith("0 failed")


def test_a_broken_config_file_fails_first(home: Path) -> None:
    home.mkdir()
    (home / "config.toml").write_text('feed_days = "soon"\n')
    code, checks = doctor()
    assert code == 1
    assert list(checks) == ["settings"]
    assert "feed_days must be a whole number" in checks["settings"]["finding"]


def test_folders_others_can_read_are_a_warning(home: Path) -> None:
    assert run_cli("lists").returncode == 0
    (home / "pdfs").mkdir(exist_ok=True)
    (home / "pdfs").chmod(0o755)
    (home / "library.sqlite").chmod(0o644)
    code, checks = doctor()
    assert code == 0
    assert checks["pdfs"]["status"] == "warn" and "0755" in checks["pdfs"]["finding"]
    assert checks["pdfs"]["fix"].startswith("chmod 700")
    assert checks["database"]["status"] == "warn" and checks["database"]["fix"].startswith(
        "chmod 600"
    )
    # others may read when the user says so
    code, checks = doctor(env={"PAPERDESK_UMASK": "022"})
    assert checks["pdfs"]["status"] == "ok"


def test_a_folder_that_cannot_be_written_fails(home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    assert run_cli("lists").returncode == 0
    (home / "index").mkdir(exist_ok=True)
    (home / "index").chmod(0o500)
    try:
        code, checks = doctor()
    finally:
        (home / "index").chmod(0o700)
    assert code == 1 and checks["index"]["status"] == "fail"


def _schema_rows(home: Path, sql: str) -> None:
    conn = sqlite3.connect(home / "library.sqlite")
    with conn:
        conn.execute(sql)
    conn.close()


def test_a_schema_behind_says_any_command_upgrades_it(home: Path) -> None:
    assert run_cli("lists").returncode == 0
    _schema_rows(home, "DELETE FROM schema_migrations WHERE name = '0013_lookup_indexes'")
    code, checks = doctor()
    assert code == 0
    assert checks["schema"]["status"] == "warn"
    assert "0013_lookup_indexes" in checks["schema"]["finding"]
    assert "run any paperdesk command to upgrade" in checks["schema"]["fix"]
    assert run_cli("lists").returncode == 0
    assert doctor()[1]["schema"]["status"] == "ok"


def test_a_schema_ahead_was_written_by_a_newer_paperdesk(home: Path) -> None:
    assert run_cli("lists").returncode == 0
    _schema_rows(home, "INSERT INTO schema_migrations VALUES ('0099_future', '2030-01-01')")
    code, checks = doctor()
    assert code == 1
    assert checks["schema"]["status"] == "fail"
    assert "written by a newer paperdesk" in checks["schema"]["finding"]
    assert "0099_future" in checks["schema"]["finding"]


def test_the_index_is_checked_against_the_database(home: Path, tmp_path: Path) -> None:
    env = {"PAPERDESK_MODEL": "hash"}
    bib = tmp_path / "a.bib"
    bib.write_text(
        "@article{smith2020,\n title={Sparse Mixtures of Experts at Scale},\n"
        " author={Smith, Ann},\n year={2020},\n abstract={We route tokens to experts.}\n}\n"
    )
    assert run_cli("import", "bibtex", str(bib), env=env).returncode == 0
    assert run_cli("index", env=env).returncode == 0
    checks = doctor(env=env)[1]
    assert checks["search"]["status"] == "ok", checks["search"]
    assert "current with the database" in checks["search"]["finding"]
    (home / "index" / "manifest.json").unlink()
    assert doctor(env=env)[1]["search"]["status"] == "warn"
    _, checks = doctor(env={"PAPERDESK_MODEL": "hash-64"})
    assert (
        checks["search"]["status"] == "warn" and "no hash-64 vector" in checks["search"]["finding"]
    )
    assert checks["search"]["fix"] == "paperdesk index"


def test_a_missing_or_incomplete_model_fails(home: Path, tmp_path: Path) -> None:
    code, checks = doctor(env={"PAPERDESK_MODEL": str(tmp_path / "no-such-model")})
    assert code == 1 and checks["model"]["status"] == "fail"
    half = tmp_path / "half-model"
    half.mkdir()
    (half / "config.json").write_text("{}")
    code, checks = doctor(env={"PAPERDESK_MODEL": str(half)})
    assert code == 1 and "no complete model" in checks["model"]["finding"]
    (half / "model.safetensors").write_bytes(b"\0" * 8)
    assert doctor(env={"PAPERDESK_MODEL": str(half)})[1]["model"]["status"] == "ok"


def test_doctor_starts_without_heavy_imports(home: Path) -> None:
    code = (
        "import sys\nfrom paperdesk.cli.main import cli\n"
        "try:\n    cli(['doctor'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'faiss', 'fitz', 'sqlalchemy')"
        " if m in sys.modules]\nprint('HEAVY', heavy, file=sys.stderr)\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in done.stderr, done.stderr


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_env(url: str, **extra: str) -> dict[str, str]:
    return {"PAPERDESK_DATABASE_URL": url, "PGPASSWORD": "", "PGPASSFILE": "/nonexistent", **extra}


def test_nothing_listening_is_connection_refused(home: Path) -> None:
    code, checks = doctor(env=_pg_env("postgresql://ana@127.0.0.1:1/paperdesk"))
    assert code == 1
    assert "connection refused" in checks["database"]["finding"]
    assert "start the server" in checks["database"]["fix"]


def test_a_server_that_never_answers_times_out(home: Path) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections (the kernel does), never speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        url = f"postgresql://ana@127.0.0.1:{port}/paperdesk"
        code, checks = doctor("--timeout", "2", env=_pg_env(url))
    assert code == 1
    assert "no answer from the server" in checks["database"]["finding"]


def test_an_unknown_host_is_named(home: Path) -> None:
    code, checks = doctor(env=_pg_env("postgresql://ana@no-such-host.invalid:5432/paperdesk"))
    assert code == 1 and "unknown" in checks["database"]["finding"]


def test_a_url_that_is_not_one_is_refused_without_its_password(home: Path) -> None:
    code, checks = doctor(env=_pg_env(f"ana:{SECRET}@db.lab/paperdesk"))
    assert code == 1
    assert "is not a database URL" in checks["database"]["finding"]
    assert SECRET not in json.dumps(checks)


@pytest.mark.postgres
def test_the_shared_server_is_ready(home: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("PAPERDESK_TEST_POSTGRES_URL not set")
    base = POSTGRES_URL.rsplit("/", 1)[0]
    code, checks = doctor(env=_pg_env(f"{base}/no_such_db_pd"))
    assert code == 1
    assert 'the database "no_such_db_pd" does not exist' in checks["database"]["finding"]
    code, checks = doctor(env=_pg_env(f"{POSTGRES_URL}?sslmode=require"))
    assert code == 1 and "SSL" in checks["database"]["finding"]
    assert "sslmode" in checks["database"]["fix"]
    code, checks = doctor(env=_pg_env(POSTGRES_URL))
    assert checks["server"]["status"] == "ok" and "PostgreSQL" in checks["server"]["finding"]
    assert checks["privileges"]["status"] == "ok"
    assert checks["database"]["finding"].endswith("without a password")


# --- a server that asks for passwords -----------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[ScramServer]:
    with scram_server() as srv:
        srv.sql(
            f"""
            CREATE ROLE lab NOLOGIN;
            CREATE ROLE ana LOGIN PASSWORD '{SECRET}' IN ROLE lab;
            CREATE ROLE bo LOGIN PASSWORD 'bo-{SECRET}' IN ROLE lab;
            CREATE ROLE eve LOGIN PASSWORD 'eve-{SECRET}';
            CREATE ROLE cy LOGIN PASSWORD 'cy-{SECRET}' IN ROLE lab;
            CREATE DATABASE paperdesk OWNER lab;
            ALTER ROLE ana IN DATABASE paperdesk SET role = 'lab';
            ALTER ROLE bo IN DATABASE paperdesk SET role = 'lab';
            GRANT CONNECT ON DATABASE paperdesk TO eve
            """
        )
        yield srv


def _pgpass(tmp_path: Path, server: ScramServer, line: str, mode: int = 0o600) -> Path:
    path = tmp_path / "pgpass"
    path.write_text(f"{server.host}:{server.port}:paperdesk:{line}\n")
    path.chmod(mode)
    return path


@pytest.mark.postgres
def test_the_password_comes_from_pgpassfile(
    home: Path, tmp_path: Path, server: ScramServer
) -> None:
    url = server.url("ana", "paperdesk")  # no password in the URL
    env = _pg_env(url, PGPASSFILE=str(_pgpass(tmp_path, server, f"ana:{SECRET}")))
    done = run_cli("lists", env=env)  # libpq reads the file itself
    assert done.returncode == 0, done.stderr
    code, checks = doctor(env=env)
    assert code == 0, checks
    assert checks["password"]["status"] == "ok"
    assert checks["password"]["finding"].endswith("pgpass (line 1)")
    assert "as ana (acting as lab), with a password" in checks["database"]["finding"]
    assert checks["schema"]["status"] == "ok"
    assert checks["privileges"]["status"] == "ok"
    # another member of the team role shares every table, with PGPASSWORD this time
    code, checks = doctor(env=_pg_env(server.url("bo", "paperdesk"), PGPASSWORD=f"bo-{SECRET}"))
    assert code == 0 and "PGPASSWORD" in checks["password"]["finding"]
    assert checks["privileges"]["status"] == "ok"


@pytest.mark.postgres
def test_a_role_outside_the_team_lacks_privileges(
    home: Path, tmp_path: Path, server: ScramServer
) -> None:
    env = _pg_env(
        server.url("ana", "paperdesk"), PGPASSFILE=str(_pgpass(tmp_path, server, f"ana:{SECRET}"))
    )
    assert run_cli("lists", env=env).returncode == 0
    code, checks = doctor(env=_pg_env(server.url("eve", "paperdesk"), PGPASSWORD=f"eve-{SECRET}"))
    assert code == 1
    assert checks["privileges"]["status"] == "fail"
    assert "eve lacks SELECT" in checks["privileges"]["finding"]


@pytest.mark.postgres
def test_a_member_who_does_not_act_as_the_team_role_is_warned(
    home: Path, server: ScramServer
) -> None:
    code, checks = doctor(env=_pg_env(server.url("cy", "paperdesk"), PGPASSWORD=f"cy-{SECRET}"))
    assert code == 0
    assert checks["privileges"]["status"] == "warn"
    assert "cy acts as itself, not as lab" in checks["privileges"]["finding"]
    assert checks["privileges"]["fix"].startswith(
        "as the admin: ALTER ROLE cy IN DATABASE paperdesk SET role = 'lab'"
    )


@pytest.mark.postgres
def test_a_wrong_or_missing_password_is_explained_never_shown(
    home: Path, tmp_path: Path, server: ScramServer
) -> None:
    url = server.url("ana", "paperdesk")
    code, checks = doctor(env=_pg_env(url))
    assert code == 1 and "asks for a password and none was found" in checks["database"]["finding"]
    assert ".pgpass" in checks["database"]["fix"]
    wrong = f"wrong-{SECRET}"
    for env in (
        _pg_env(url, PGPASSWORD=wrong),
        _pg_env(url.replace("ana@", f"ana:{wrong}@")),
        _pg_env(f"{url}?password={wrong}"),
    ):
        done = run_cli("doctor", env=env, timeout=60)
        assert done.returncode == 1
        assert "refused the password" in done.stdout
        assert wrong not in done.stdout + done.stderr
        other = run_cli("lists", env=env, timeout=60)
        assert other.returncode == 1 and wrong not in other.stdout + other.stderr


@pytest.mark.postgres
def test_a_pgpass_without_a_matching_line_is_named(
    home: Path, tmp_path: Path, server: ScramServer
) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{server.host}:{server.port}:otherdb:ana:{SECRET}\n")
    passfile.chmod(0o600)
    code, checks = doctor(env=_pg_env(server.url("ana", "paperdesk"), PGPASSFILE=str(passfile)))
    assert code == 1
    assert checks["password"]["status"] == "warn"
    where = f"{server.host}:{server.port}:paperdesk:ana"
    assert f"no line of {passfile} matches {where}" == checks["password"]["finding"]
    assert checks["password"]["fix"] == f"add the line {where}:PASSWORD to {passfile}"


@pytest.mark.postgres
def test_a_pgpass_others_can_read_is_ignored_by_libpq(
    home: Path, tmp_path: Path, server: ScramServer
) -> None:
    passfile = _pgpass(tmp_path, server, f"ana:{SECRET}", mode=0o644)
    code, checks = doctor(env=_pg_env(server.url("ana", "paperdesk"), PGPASSFILE=str(passfile)))
    assert code == 1  # the connection fails: libpq skipped the file
    assert checks["password"]["status"] == "warn"
    assert checks["password"]["fix"] == f"chmod 600 {passfile}"


@pytest.mark.postgres
def test_a_password_in_the_config_file(home: Path, server: ScramServer) -> None:
    home.mkdir()
    config = home / "config.toml"
    url = server.url(f"ana:{SECRET}", "paperdesk")
    config.write_text(f'database_url = "{url}"\n')
    config.chmod(0o644)
    env = {"PGPASSWORD": "", "PGPASSFILE": "/nonexistent"}
    done = run_cli("doctor", env=env, timeout=60)
    assert SECRET not in done.stdout + done.stderr
    assert done.returncode == 1  # others can read the file that holds it
    assert "password is written in" in done.stdout and "others can read" in done.stdout
    config.chmod(0o600)
    code, checks = doctor(env=env)
    assert code == 0 and checks["password"]["status"] == "warn"
    for args in (["config"], ["config", "--json"]):
        shown = run_cli(*args, env=env)
        assert shown.returncode == 0 and SECRET not in shown.stdout + shown.stderr
