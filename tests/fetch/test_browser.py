"""Opening a repository page: only where a graphical browser can show it; otherwise one
sentence saying why, so the caller shows the URL instead."""

from __future__ import annotations

import sys

import pytest

from paperdesk.fetch import browser


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("darwin", {}, True),
        ("win32", {}, True),
        ("linux", {"DISPLAY": ":0"}, True),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("linux", {}, False),
        ("linux", {"DISPLAY": ""}, False),
    ],
)
def test_has_display(platform: str, environ: dict[str, str], expected: bool) -> None:
    assert browser.has_display(platform, environ) is expected


def test_without_a_display_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("macOS and Windows always have a display")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert browser.open_page("https://github.com/tensorflow/tensor2tensor") == (
        "there is no graphical display here (DISPLAY and WAYLAND_DISPLAY are unset)"
    )
