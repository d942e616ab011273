"""Did you mean: the names closest to a misspelled one, for error messages.

One home for the suggestion every "no such X" error makes (list names, states, paper ids and
keys). rapidfuzz is imported only when a name was not found, never on a good path.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperdesk.errors import NotFoundError

CUTOFF = 75.0  # rapidfuzz WRatio (0-100): below it a name is not offered


def close_to(word: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``choices`` closest to ``word`` (case-insensitive), best first."""
    names = list(dict.fromkeys(c for c in choices if c))
    if not word.strip() or not names:
        return []
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        word.strip(),
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=CUTOFF,
    )
    return [name for name, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 3) -> str:
    """``" (did you mean 'a' or 'b'?)"``, or ``""`` when nothing is close."""
    return hint(close_to(word, choices, limit=limit), quote=True)


def hint(near: list[str], *, quote: bool = False) -> str:
    """``" (did you mean a, b or c?)"`` for names already chosen, ``""`` for none."""
    shown = [repr(n) if quote else n for n in near]
    if not shown:
        return ""
    names = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return f" (did you mean {names}?)"


def unknown_list(name: str, names: Iterable[str]) -> NotFoundError:
    """The error for a list name that does not exist: the closest names, then all of them."""
    names = list(names)
    hint = did_you_mean(name, names)
    return NotFoundError(f"no reading list {name!r}{hint}; lists: {', '.join(names) or '(none)'}")
