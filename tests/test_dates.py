"""Times typed by a user are stored as naive UTC and shown in the local time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from paperdesk.dates import format_time, parse_time
from paperdesk.errors import StateError
from paperdesk.library import Library
from paperdesk.services.replication_runs import add_run
from paperdesk.storage.models import Run


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process in Europe/Berlin (UTC+2 in May, UTC+1 in January)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_offset_is_converted_to_utc_not_dropped() -> None:
    assert parse_time("2024-05-01T14:30+02:00") == datetime(2024, 5, 1, 12, 30)
    assert parse_time("2024-05-01T14:30-05:00") == datetime(2024, 5, 1, 19, 30)
    assert parse_time("2024-05-01T14:30Z") == datetime(2024, 5, 1, 14, 30)
    assert parse_time(datetime(2024, 5, 1, 14, 30, tzinfo=UTC)) == datetime(2024, 5, 1, 14, 30)
    assert parse_time(datetime(2024, 5, 1, 14, 30)) == datetime(2024, 5, 1, 14, 30)  # stored form


def test_a_time_without_offset_is_local(berlin: None) -> None:
    assert parse_time("2024-05-01T14:30") == datetime(2024, 5, 1, 12, 30)
    assert parse_time("2024-01-15T14:30") == datetime(2024, 1, 15, 13, 30)
    assert parse_time("2024-05-01") == datetime(2024, 4, 30, 22, 0)  # local midnight


def test_stored_times_read_in_local_time(berlin: None) -> None:
    assert format_time(datetime(2024, 5, 1, 12, 30)) == "2024-05-01 14:30"
    assert format_time("2024-05-01T12:30:00.123456") == "2024-05-01 14:30"
    assert format_time(None) == ""
    assert format_time(parse_time("2024-05-01T14:30+02:00")) == "2024-05-01 14:30"


@pytest.mark.parametrize("text", ["", "May 1", "2024-13-01", "14:30+02:00 tomorrow"])
def test_not_a_time_names_what(text: str) -> None:
    with pytest.raises(StateError, match=r"run date .* is not ISO 8601"):
        parse_time(text, "run date")


def test_repro_run_at_keeps_the_offset(lib: Library) -> None:
    """``paperdesk repro run 1706.03762 --at 2024-05-01T14:30+02:00`` ran at 12:30 UTC."""
    add_run(lib, "1706.03762", ran_at="2024-05-01T14:30+02:00", command="make train")
    with lib.session() as s:
        assert s.query(Run).one().ran_at == datetime(2024, 5, 1, 12, 30)
