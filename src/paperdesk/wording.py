"""Counts in messages: ``1 entry``, ``2 entries``, ``0 attempts`` (never ``1 entries`` or
``attempt(s)``). Pure, so the CLI, the TUI and the exporters share it."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun that goes with it: ``plural(1, "entry", "entries")`` → ``1 entry``;
    ``many`` defaults to ``one`` + "s" (``plural(3, "new paper")`` → ``3 new papers``)."""
    return f"{n} {one if n == 1 else many or one + 's'}"
