"""A project error's text is safe to show anywhere: no database password in any form a URL
holds one, no terminal control characters from the text it quotes."""

from __future__ import annotations

import pytest

from paperdesk.errors import (
    ConfigError,
    DiskFullError,
    InvalidIdError,
    NotFoundError,
    PaperdeskError,
    StorageError,
)


def test_the_message_hides_a_database_password() -> None:
    error = StorageError("cannot open postgresql://bob:s3cret@db.example/lib")
    assert str(error) == "cannot open postgresql://bob:***@db.example/lib"


def test_the_message_drops_control_characters_of_quoted_text() -> None:
    error = ConfigError("bad title '\x1b]0;pwned\x07Evil'")
    assert str(error) == "bad title ']0;pwnedEvil'"


def test_errors_are_caught_as_the_builtin_kinds_callers_expect() -> None:
    with pytest.raises(ValueError):
        raise InvalidIdError("not an id")
    with pytest.raises(LookupError):
        raise NotFoundError("no paper")
    with pytest.raises(StorageError):  # a full disk is a storage failure
        raise DiskFullError("disk full")
    assert issubclass(DiskFullError, PaperdeskError)
