"""The member name "me" goes by: ``PAPERDESK_USER``, else ``user`` in the config file, else
the OS user name. Pure (no storage), so that migrations and the fast read path can use it;
:mod:`paperdesk.members` re-exports it."""

from __future__ import annotations

import os
import unicodedata
from typing import TYPE_CHECKING

from paperdesk.errors import ConfigError
from paperdesk.printable import strip_controls

if TYPE_CHECKING:
    from paperdesk.config import Settings

NAME_MAX = 100
ENV = "PAPERDESK_USER"


def check_name(name: str, where: str) -> str:
    """A member name as stored: NFC (a name typed on macOS, NFD, is the same member), 1–100
    characters, no control characters, no '/'."""
    cleaned = unicodedata.normalize("NFC", name.strip())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise ConfigError(f"{where}: a member name must have 1 to {NAME_MAX} characters")
    if strip_controls(cleaned, lines=False) != cleaned or "/" in cleaned:
        raise ConfigError(f"{where}: a member name may not contain '/' or control characters")
    return cleaned


def fallback_name() -> str:
    """The OS user name (``getpass.getuser``), or "me" where the OS cannot say."""
    import getpass

    try:
        return check_name(getpass.getuser(), "the OS user name")
    except (OSError, KeyError, ImportError, ConfigError):
        return "me"


def configured_name(settings: Settings | None = None) -> tuple[str, str]:
    """The member name and where it came from: "PAPERDESK_USER", "config" or "os"."""
    if raw := os.environ.get(ENV, "").strip():
        return check_name(raw, ENV), ENV
    if settings is not None and settings.user.strip():
        where = f"{settings.config_file}: user" if settings.config_file else "user"
        return check_name(settings.user, where), "config"
    return fallback_name(), "os"
