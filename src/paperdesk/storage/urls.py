"""Database URLs with their passwords hidden, for every message that may show one.

A password reaches a URL in more ways than ``scheme://user:password@host``: as a query
parameter (``?password=...``, which libpq and SQLAlchemy accept), in a URL written without a
scheme (``user:password@host/db``), unencoded with an ``@`` inside it (``user:p@ss@host``), or
in a libpq keyword string (``host=db password=...``). Error messages of the drivers quote the
URL they were given, so the edges (the CLI's error line, ``--json``, ``doctor``, the TUI's
notifications, logs) pass any text through :func:`redact_text`, not only the URL itself.
"""

from __future__ import annotations

import re

HIDDEN = "***"

_KEYWORD = re.compile(
    r"(?i)\b(password|passwd|pwd|pass|sslpassword)(\s*=\s*)('(?:[^'\\]|\\.)*'|\"[^\"]*\"|[^&\s;,)]*)"
)
# [scheme://]user:password@host — the password runs to the last '@' before the host, so an
# unencoded '@' inside it is hidden too
_USERINFO = re.compile(
    r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'\"]*|[^\s:/@'\"=]+)"
    r":(?!//)(?P<pw>\S*)@(?P<host>[^\s@/'\"?]+)"
)


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (the user name and host are kept)."""
    return redact_text(url)


def redact_text(text: str) -> str:
    """``text`` with every database password in it hidden, whatever form it is written in."""
    if not text or not any(c in text for c in "@="):
        return text
    text = _KEYWORD.sub(lambda m: f"{m[1]}{m[2]}{HIDDEN}", text)
    return _USERINFO.sub(_userinfo, text)


def _userinfo(m: re.Match[str]) -> str:
    if not m["pw"] or m["pw"] == HIDDEN:
        return m[0]
    return f"{m['head']}:{HIDDEN}@{m['host']}"
