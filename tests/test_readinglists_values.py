"""Values of a reading list are checked at the door: each error names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import ReadingListError
from paperdesk.readinglists import parse_list_text


def parse(body: str):  # type: ignore[no-untyped-def]
    return parse_list_text("name: v\npapers:\n" + body, Path("v.yaml"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('  - id: "1706.03762"\n    claims: [{metric: BLEU, value: inf}]\n', "finite number"),
        ('  - id: "1706.03762"\n    claims: [{metric: BLEU, value: .nan}]\n', "finite number"),
        ('  - id: "1706.03762"\n    claims: [{metric: BLEU, value: 1e999}]\n', "finite number"),
        ('  - id: "1706.03762"\n    claims: [{metric: BLEU, value: [1]}]\n', "must be text"),
        (f'  - id: "1706.03762"\n    claims: [{{metric: {"m" * 101}, value: 1}}]\n', "at most 100"),
        ("  - {title: T, url: 'https://x.org', year: 99999999999}\n", "'year' must be"),
        ("  - {title: T, url: 'https://x.org', authors: [[a, b]]}\n", "list of names"),
        (f"  - {{title: T, doi: '10.1234/{'x' * 250}'}}\n", "DOI is 258 characters"),
        ("  - {title: T, url: 'https://x.org', key: 'a/../../b'}\n", "paper key"),
    ],
)
def test_a_bad_value_names_its_line_and_field(body: str, message: str) -> None:
    with pytest.raises(ReadingListError, match=r"^v\.yaml:\d+: .*" + message):
        parse(body)


def test_nul_and_terminal_controls_are_removed_from_text() -> None:
    spec = parse(
        '  - title: "Evil\\0 \\e[2J\\e]0;pwned\\aTitle\\u202e"\n'
        "    url: https://example.org\n"
        '    authors: ["A\\e[31m Person"]\n'
        '    why: "line one\\nline two\\e[0m"\n'
    )
    entry = spec.entries[0]
    assert "\x00" not in entry.title and "\x1b" not in entry.title and "\u202e" not in entry.title
    assert entry.authors == ("A[31m Person",)
    assert entry.why == "line one\nline two[0m"


def test_a_title_over_a_million_characters_is_refused() -> None:
    with pytest.raises(ReadingListError, match=r"v\.yaml:3: 'title' is 1,000,001 characters"):
        parse(f"  - title: {'t' * 1_000_001}\n    url: https://example.org\n")
