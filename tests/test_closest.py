"""Did you mean: close names offered, far ones not, and the list error built in one place."""

from __future__ import annotations

from paperdesk.closest import close_to, did_you_mean, hint, unknown_list

LISTS = ["deep-learning-foundations", "nlp-foundations", "transformers-core", "pretrained-lms"]


def test_close_names_best_first_and_far_ones_left_out() -> None:
    assert close_to("transformer-core", LISTS) == ["transformers-core"]
    assert close_to("PRETRAINED-LM", LISTS) == ["pretrained-lms"]
    assert close_to("nope", LISTS) == []
    assert close_to("", LISTS) == [] and close_to("x", []) == []
    assert close_to("raed", ["unread", "read", "reading", "dropped"], limit=1) == ["read"]


def test_hint_wording() -> None:
    assert hint([]) == ""
    assert hint(["a"]) == " (did you mean a?)"
    assert hint(["a", "b", "c"]) == " (did you mean a, b or c?)"
    assert did_you_mean("nlp-foundation", LISTS, limit=1) == " (did you mean 'nlp-foundations'?)"


def test_unknown_list_names_the_closest_then_all() -> None:
    err = unknown_list("transformer-core", LISTS)
    assert str(err) == (
        "no reading list 'transformer-core' (did you mean 'transformers-core'?); lists: "
        + ", ".join(LISTS)
    )
    assert str(unknown_list("x", [])) == "no reading list 'x'; lists: (none)"
