"""A database password is never printed, whatever form the URL gives it in."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from paperdesk.errors import StorageError
from paperdesk.storage.urls import redact_text, remember
from tests.conftest import run_cli

SECRET = "s3cr3t-Pw"
FORMS = [
    f"postgresql://alice:{SECRET}@127.0.0.1:1/papers",
    f"postgresql://alice@127.0.0.1:1/papers?password={SECRET}&sslmode=disable",
    f"postgresql://alice@127.0.0.1:1/papers?sslmode=disable&PASSWORD={SECRET}",
    f"alice:{SECRET}@127.0.0.1:1/papers",
    f"postgresql://alice:{SECRET}@x@127.0.0.1:1/papers",
    f"postgres://alice:{SECRET}@127.0.0.1:1/papers",
    f"host=127.0.0.1 port=1 password={SECRET} user=alice",
    f"postgresql://alice:'{SECRET}'@127.0.0.1:1/papers",
    f"postgresql://alice:{SECRET}&password=x@127.0.0.1:1/papers",
    f"postgresql://alice:{SECRET.replace('-', '%2D')}@127.0.0.1:1/papers",
]
#: forms only the remembered password hides (the patterns cannot tell where it ends)
SPACED = [
    f"postgresql://alice:{SECRET} and more@127.0.0.1:1/papers",
    f"host=127.0.0.1 port=1 password='{SECRET} and more' user=alice",
]


@pytest.mark.parametrize("url", FORMS)
def test_redact_text_hides_every_form(url: str) -> None:
    shown = redact_text(f"cannot open the library at {url}: connection refused")
    assert SECRET not in shown
    assert "***" in shown
    assert "127.0.0.1" in shown  # what is not secret stays, so the message still helps


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://postgres@127.0.0.1:5499/postgres",
        "sqlite:////home/a/library.sqlite",
        "error at 12:30: a@b.org wrote x=1",
        "https://arxiv.org/abs/1706.03762",
        "passed=3 password-less login for alice@host",
    ],
)
def test_text_without_a_password_is_unchanged(text: str) -> None:
    assert redact_text(text) == text


def test_project_errors_redact_themselves() -> None:
    err = StorageError(f"database error at postgresql://a:{SECRET}@h/d: \x1b[2Jboom")
    assert SECRET not in str(err)
    assert "\x1b" not in str(err)


@pytest.mark.parametrize("url", FORMS)
def test_the_cli_never_prints_the_password(url: str, home: Path) -> None:
    for args in (["papers", "--json"],):
        done = run_cli(*args, env={"PAPERDESK_DATABASE_URL": url}, timeout=60)
        assert done.returncode == 1, done.stderr
        assert SECRET not in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("error: ")


def test_pgpassword_in_a_message_is_hidden() -> None:
    assert SECRET not in redact_text(f"PGPASSWORD={SECRET} paperdesk lists")


@pytest.mark.parametrize("url", SPACED)
def test_a_remembered_password_is_hidden_in_any_text(url: str) -> None:
    remember(url)
    for text in (url, f"driver said: bad password '{SECRET} and more' for alice"):
        shown = redact_text(text)
        assert SECRET not in shown and "***" in shown


def test_remember_leaves_what_the_url_shows_anyway() -> None:
    remember("postgresql://postgres:postgres@localhost/paperdesk")
    remember("postgresql://ann:abc@localhost/paperdesk")  # too short to hide literally
    assert redact_text("role postgres at localhost") == "role postgres at localhost"
    assert redact_text("abc") == "abc"
    assert redact_text("postgresql://ann:abc@localhost/p") == "postgresql://ann:***@localhost/p"


def _no_secret(done: subprocess.CompletedProcess[str]) -> None:
    assert SECRET not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("url", FORMS + SPACED)
def test_config_and_doctor_never_print_the_password(url: str, home: Path) -> None:
    env = {"PAPERDESK_DATABASE_URL": url, "PGPASSWORD": f"{SECRET}-env"}
    for args in (["config"], ["config", "--json"]):
        done = run_cli(*args, env=env)
        assert done.returncode == 0, done.stderr
        _no_secret(done)
    for args in (["doctor"], ["doctor", "--json"]):
        done = run_cli(*args, env=env, timeout=60)
        assert done.returncode == 1  # nothing listens on port 1
        _no_secret(done)
    data = json.loads(done.stdout)
    assert {"password", "database"} <= {c["name"] for c in data["checks"]}
    password = next(c for c in data["checks"] if c["name"] == "password")
    assert password["status"] == "warn"  # a password in the URL: it belongs in ~/.pgpass
    assert "PAPERDESK_DATABASE_URL" in password["finding"]


@pytest.mark.parametrize("url", SPACED)
def test_the_cli_never_prints_a_spaced_password(url: str, home: Path) -> None:
    done = run_cli("papers", "--json", env={"PAPERDESK_DATABASE_URL": url}, timeout=60)
    assert done.returncode == 1
    _no_secret(done)
