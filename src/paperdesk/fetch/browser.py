"""Opening a web page (a replication's code repository) in a graphical browser, or saying
plainly that there is none.

A console browser (lynx, w3m) is never used: started from the TUI it would take over the
terminal the TUI is drawing in. Without a display (an SSH session, a server) there is no
graphical browser, and the caller shows the URL instead.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Mapping

CONSOLE_BROWSERS = {"www-browser", "lynx", "links", "elinks", "w3m"}


def has_display(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> bool:
    """True where a graphical browser could show a page (macOS, Windows, X11, Wayland)."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_page(url: str) -> str | None:
    """Open ``url`` in a graphical browser; returns None when it did, else why it could not
    (one short sentence)."""
    if not has_display():
        return "there is no graphical display here (DISPLAY and WAYLAND_DISPLAY are unset)"
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser is installed"
    if getattr(browser, "name", "") in CONSOLE_BROWSERS:
        return f"the only browser found is {browser.name}, which runs in this terminal"
    try:
        opened = browser.open(url, new=2)
    except OSError as exc:
        return f"the browser could not start: {exc.strerror or exc}"
    return None if opened else "the browser did not start"
