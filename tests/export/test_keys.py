"""Vault file names (:mod:`paperdesk.export.keys`): placeholder titles and unique file stems."""

from __future__ import annotations

import pytest

from paperdesk.export.keys import file_stems, is_placeholder_title


@pytest.mark.parametrize(
    ("paper", "placeholder"),
    [
        ({"title": "arXiv:1810.04805", "arxiv_id": "1810.04805"}, True),
        ({"title": "  ", "arxiv_id": "1810.04805"}, True),
        ({"arxiv_id": "1810.04805"}, True),
        ({"title": "BERT", "arxiv_id": "1810.04805"}, False),
        ({"title": "arXiv:1810.04805", "arxiv_id": "1706.03762"}, False),
        ({"title": ""}, False),  # not on arXiv: an empty title is no placeholder
    ],
)
def test_is_placeholder_title(paper: dict[str, str], placeholder: bool) -> None:
    assert is_placeholder_title(paper) is placeholder


def test_file_stems_are_the_keys_made_safe() -> None:
    stems = file_stems([{"key": "vaswani2017attention"}, {"key": "cs/0306050"}])
    assert stems == {"vaswani2017attention": "vaswani2017attention", "cs/0306050": "cs_0306050"}


def test_file_stems_are_unique_ignoring_case() -> None:
    papers = [{"key": "Smith2020"}, {"key": "smith2020"}, {"key": "SMITH2020"}]
    stems = file_stems(papers)
    assert set(stems) == {"Smith2020", "smith2020", "SMITH2020"}
    assert len({s.lower() for s in stems.values()}) == 3
    # sorted by key, the first keeps its stem, the others get -2, -3
    assert stems["SMITH2020"] == "SMITH2020"
    assert sorted(stems.values(), key=len)[1:] == [stems["Smith2020"], stems["smith2020"]]
    assert stems["Smith2020"].endswith("-2") and stems["smith2020"].endswith("-3")


def test_file_stems_do_not_depend_on_input_order() -> None:
    papers = [{"key": "a/b"}, {"key": "a_b"}, {"key": "a.b"}]
    assert file_stems(papers) == file_stems(list(reversed(papers)))
    assert len(set(file_stems(papers).values())) == 3


def test_file_stems_are_the_keys_made_safe_and_unique() -> None:
    stems = file_stems(
        [
            {"key": "vaswani2017attention"},
            {"key": "cs/0306050"},
            {"key": "hep-th/9901001v2"},
            {"key": "../../etc/passwd"},
            {"key": "a"},
            {"key": "A"},
            {"key": "1706.03762"},
        ]
    )
    assert stems["vaswani2017attention"] == "vaswani2017attention"
    assert stems["cs/0306050"] == "cs_0306050"
    assert stems["hep-th/9901001v2"] == "hep-th_9901001v2"
    assert stems["../../etc/passwd"] == "etc_passwd"
    assert {stems["a"].lower(), stems["A"].lower()} == {"a", "a-2"}
    assert stems["1706.03762"] == "1706.03762"
    assert all("/" not in s and not s.startswith(".") for s in stems.values())
