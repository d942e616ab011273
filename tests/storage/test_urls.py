"""A database password is never printed, whatever form the URL gives it in."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import StorageError
from paperdesk.storage.urls import redact_text
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
