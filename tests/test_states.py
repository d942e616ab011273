"""The two tracks: a state is normalised, a misspelt one is refused with the nearest one named
and the valid ones listed."""

from __future__ import annotations

import pytest

from paperdesk.errors import StateError
from paperdesk.states import READING_STATES, REPLICATION_STATES, check_state, track_of


def test_a_state_is_normalised() -> None:
    assert check_state("reading", "  Read ") == "read"
    assert check_state("replication", "REPRODUCED") == "reproduced"


def test_a_state_of_the_other_track_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(StateError) as err:
        check_state("reading", "reproduced")
    assert str(err.value) == (
        "unknown reading state 'reproduced'; choose one of: " + ", ".join(READING_STATES)
    )


@pytest.mark.parametrize(
    ("state", "track"), [("queued", "reading"), ("Skimmed", "reading"), ("partial", "replication")]
)
def test_track_of_names_the_track(state: str, track: str) -> None:
    assert track_of(state) == track


def test_a_misspelt_state_gets_a_suggestion_and_both_lists() -> None:
    with pytest.raises(StateError) as err:
        track_of("planed")
    text = str(err.value)
    assert text.startswith("unknown state 'planed' (did you mean 'planned'?);")
    assert ", ".join(READING_STATES) in text and ", ".join(REPLICATION_STATES) in text
    with pytest.raises(StateError, match=r"^unknown state 'xyz'; reading: "):
        track_of("xyz")  # nothing close: no suggestion
