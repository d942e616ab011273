"""The two tracks every paper moves along. Pure constants, cheap to import."""

from __future__ import annotations

from paperdesk.errors import StateError

READING_STATES: tuple[str, ...] = ("unread", "queued", "reading", "read", "skimmed", "dropped")
REPLICATION_STATES: tuple[str, ...] = (
    "none",
    "planned",
    "running",
    "reproduced",
    "partial",
    "failed",
    "abandoned",
)
TRACKS = {"reading": READING_STATES, "replication": REPLICATION_STATES}


def check_state(track: str, state: str) -> str:
    """Return ``state`` normalised, or raise :class:`StateError` listing the valid ones."""
    valid = TRACKS[track]
    norm = state.strip().lower()
    if norm not in valid:
        from paperdesk.closest import did_you_mean

        near = did_you_mean(state, valid, limit=1)
        raise StateError(
            f"unknown {track} state {state!r}{near}; choose one of: {', '.join(valid)}"
        )
    return norm


def track_of(state: str) -> str:
    """Which track a state belongs to (``mark ID STATE`` takes either kind)."""
    norm = state.strip().lower()
    if norm in READING_STATES:
        return "reading"
    if norm in REPLICATION_STATES:
        return "replication"
    from paperdesk.closest import did_you_mean

    near = did_you_mean(state, (*READING_STATES, *REPLICATION_STATES), limit=1)
    raise StateError(
        f"unknown state {state!r}{near}; reading: {', '.join(READING_STATES)}; "
        f"replication: {', '.join(REPLICATION_STATES)}"
    )
