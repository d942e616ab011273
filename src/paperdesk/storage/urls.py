"""Database URLs with their passwords hidden, for every message that may show one.

A password reaches a URL in more ways than ``scheme://user:password@host``: as a query
parameter (``?password=...``, which libpq and SQLAlchemy accept), in a URL written without a
scheme (``user:password@host/db``), unencoded with an ``@`` inside it (``user:p@ss@host``), or
in a libpq keyword string (``host=db password=...``). Error messages of the drivers quote the
URL they were given, so the edges (the CLI's error line, ``--json``, ``doctor``, the TUI's
notifications, logs) pass any text through :func:`redact_text`, not only the URL itself.

The patterns cannot see where a password with a space in it ends; so the configured URL's
password (and ``PGPASSWORD``) is also remembered (:func:`remember`, called when the settings
load) and hidden wherever it appears, in whatever message.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

HIDDEN = "***"
#: Shorter secrets are not hidden literally (they would blank ordinary words); the patterns
#: still hide them in every URL form.
MIN_LITERAL = 4
_SECRETS: set[str] = set()

_KEYWORD = re.compile(
    r"(?i)\b(pgpassword|password|passwd|pwd|pass|sslpassword)(\s*=\s*)('(?:[^'\\]|\\.)*'|\"[^\"]*\"|[^&\s;,)]*)"
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
    if not text:
        return text
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, HIDDEN)
    if not any(c in text for c in "@="):
        return text
    text = _USERINFO.sub(_userinfo, text)
    return _KEYWORD.sub(lambda m: f"{m[1]}{m[2]}{HIDDEN}", text)


def remember(url: str = "", password: str = "") -> None:
    """Hide ``url``'s password, and ``password``, literally in every later :func:`redact_text`
    (also percent-decoded). A secret that is part of what the URL shows anyway (its user or
    host: ``postgres:postgres@``) or shorter than :data:`MIN_LITERAL` is left to the patterns."""
    secrets, public = _passwords(url)
    for secret in [password, *secrets]:
        for form in {secret, unquote(secret)}:
            if len(form) >= MIN_LITERAL and form not in public:
                _SECRETS.add(form)


def _passwords(url: str) -> tuple[list[str], str]:
    """The passwords one URL (or libpq keyword string) carries, however written, and the URL
    without them."""
    found: list[str] = []
    public = url
    if "://" in url or "@" in url:
        scheme, sep, body = url.rpartition("://")
        auth, at, rest = body.rpartition("@")
        user, colon, pw = auth.partition(":")
        if colon and pw:
            found.append(pw)
            auth = user + colon
        query = rest.partition("?")[2]
        public = f"{scheme}{sep}{auth}{at}{rest}"
    else:
        query = url
    for m in _KEYWORD.finditer(query):
        if value := m[3].strip("'\""):
            found.append(value)
            public = public.replace(m[0], m[1] + m[2], 1)
    return [f for f in found if f != HIDDEN], public


def _userinfo(m: re.Match[str]) -> str:
    if not m["pw"] or m["pw"] == HIDDEN:
        return m[0]
    return f"{m['head']}:{HIDDEN}@{m['host']}"
