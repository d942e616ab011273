"""The progress protocol (:mod:`paperdesk.progress`): ``NullProgress`` is a full ``Progress``."""

from __future__ import annotations

import inspect

import pytest

from paperdesk.progress import Cancelled, NullProgress, Progress


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(fn)
        for name, fn in vars(cls).items()
        if inspect.isfunction(fn) and not name.startswith("_")
    }


def test_null_progress_has_every_method_of_the_protocol_with_its_signature() -> None:
    protocol = _methods(Progress)
    assert protocol.keys() == {"start", "advance", "message", "cancelled"}
    assert _methods(NullProgress) == protocol


def test_null_progress_accepts_every_call_and_never_cancels() -> None:
    p: Progress = NullProgress()
    p.start(None)
    p.start(3, "parsing")
    p.advance()
    p.advance(2, item="1706.03762", nbytes=1024)
    p.message("skipped one")
    assert p.cancelled() is False


def test_cancelled_is_an_exception_a_service_can_raise() -> None:
    assert issubclass(Cancelled, Exception)
    with pytest.raises(Exception, match=r"^stop$"):  # what a worker catches
        raise Cancelled("stop")
