"""Setting a paper's key by hand (``paperdesk key ID NEWKEY``)."""

from __future__ import annotations

from dataclasses import dataclass

from paperdesk.library import Library
from paperdesk.storage import keying
from paperdesk.storage import repository as repo


@dataclass(frozen=True)
class KeyChange:
    old: str
    new: str
    aliases: tuple[str, ...]  # every earlier key that still names the paper

    @property
    def changed(self) -> bool:
        return self.old != self.new


def set_key(lib: Library, ref: str, new: str) -> KeyChange:
    """Give the paper ``ref`` names the key ``new``; its old key keeps naming it (an alias).
    Refused, with nothing changed, when ``new`` is not a valid key or names another paper."""
    with lib.session() as s:
        paper = repo.find_paper(s, ref)
        old = keying.set_key(s, paper, new)
        return KeyChange(old, paper.key, tuple(keying.aliases(s, paper)))
