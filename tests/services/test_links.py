"""services.links on a real SQLite library: links stored in the parse's order, read back as
typed LinkViews, and the repository ``repro --from-paper`` picks."""

from __future__ import annotations

import pytest

from paperdesk.errors import NotFoundError
from paperdesk.library import Library
from paperdesk.services.links import LinkView, paper_links, repository_from_paper, save_links
from paperdesk.storage import repository as repo

FOUND = [
    {"url": "https://huggingface.co/datasets/x/c", "kind": "data", "host": "huggingface.co",
     "page": 2, "found": "text"},
    {"url": "https://github.com/x/code", "kind": "code", "host": "github.com", "page": 1,
     "found": "link", "context": "Our code is at"},
    {"url": "https://github.com/x/code", "kind": "code", "host": "github.com", "page": 3},
]  # fmt: skip


def test_links_are_typed_in_order_and_once(lib: Library) -> None:
    with lib.session() as s:
        assert save_links(s, repo.find_paper(s, "1706.03762"), FOUND) == 2  # the repeat dropped
    key, links = paper_links(lib, "1706.03762")
    assert key == "vaswani2017attention"
    assert links == [
        LinkView("https://huggingface.co/datasets/x/c", "data", "huggingface.co", 2, "text"),
        LinkView("https://github.com/x/code", "code", "github.com", 1, "link"),
    ]
    assert links[1].to_json() == {
        "url": "https://github.com/x/code",
        "kind": "code",
        "host": "github.com",
        "page": 1,
        "found": "link",
    }
    assert repository_from_paper(lib, "1706.03762") == "https://github.com/x/code"  # code first


def test_no_links_says_why(lib: Library) -> None:
    with pytest.raises(NotFoundError, match="not parsed yet"):
        repository_from_paper(lib, "1810.04805")
    with lib.session() as s:
        save_links(s, repo.find_paper(s, "1810.04805"), FOUND[:1])
    assert repository_from_paper(lib, "1810.04805") == FOUND[0]["url"]  # no code: the first
