"""Keys in backups (:mod:`paperdesk.export.backup_keys`): aliases checked, and a backup from
before stable keys given citation keys."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.backup_keys import check_aliases, upgrade_keys


def _old_backup() -> dict[str, Any]:
    """Keys as the CLI gave them before ``0005_stable_keys``."""
    return {
        "papers": [
            {
                "key": "1706.03762",
                "arxiv_id": "1706.03762",
                "title": "Attention Is All You Need",
                "authors": ["Ashish Vaswani"],
                "year": 2017,
                "added_at": "2024-05-01T09:00:00",
            },
            {
                "key": "radford2018gpt1",
                "title": "Improving Language Understanding by Generative Pre-Training",
                "authors": ["Alec Radford"],
                "year": 2018,
                "aliases": ["gpt1"],
                "cites": ["1706.03762", "elsewhere"],
            },
            {
                "key": "1810.04805",
                "arxiv_id": "1810.04805",
                "title": "arXiv:1810.04805",
                "authors": [],
            },
        ],
        "lists": [
            {"name": "l", "entries": [{"paper": "radford2018gpt1"}, {"paper": "1706.03762"}]}
        ],
    }


def test_old_keys_become_the_keys_the_exports_used() -> None:
    data = _old_backup()
    before = copy.deepcopy(data)
    out = upgrade_keys(data)
    assert data == before  # a new dict; the input is not changed
    papers = {p["key"]: p for p in out["papers"]}
    assert set(papers) == {"vaswani2017attention", "radford2018improving", "arxiv181004805"}
    att, gpt = papers["vaswani2017attention"], papers["radford2018improving"]
    unfetched = papers["arxiv181004805"]
    # an arXiv id is no alias (it still finds the paper); a hand-made old key is kept as one
    assert att["aliases"] == []
    assert gpt["aliases"] == ["gpt1", "radford2018gpt1"]
    assert gpt["cites"] == [att["key"], "elsewhere"]
    assert [att["key_provisional"], gpt["key_provisional"], unfetched["key_provisional"]] == [
        False,
        False,
        True,
    ]
    assert out["lists"][0]["entries"] == [{"paper": gpt["key"]}, {"paper": att["key"]}]


def test_a_backup_with_stable_keys_is_unchanged() -> None:
    data = _old_backup()
    data["papers"][0]["key_provisional"] = False
    assert upgrade_keys(data) is data
    empty: dict[str, Any] = {"papers": []}
    assert upgrade_keys(empty) is empty


def test_an_old_key_that_is_now_another_papers_key_is_no_alias() -> None:
    data = {
        "papers": [
            {"key": "smith2020deep", "title": "Learning", "authors": ["Ann Smith"], "year": 2020},
            {"key": "smith2020learning", "title": "Deep", "authors": ["Ann Smith"], "year": 2020},
        ]
    }
    out = upgrade_keys(data)
    keys = {p["key"] for p in out["papers"]}
    assert keys == {"smith2020deep", "smith2020learning"}  # swapped
    assert all(p["aliases"] == [] for p in out["papers"])


def test_check_aliases() -> None:
    check_aliases({"papers": [{"key": "k", "aliases": ["a", "b"]}, {"key": "j"}]}, "f")
    for bad in ("a", [""], [1], None):
        with pytest.raises(ExportError, match=r"^f: papers\[0\] \(k\)\.aliases: expected a list"):
            check_aliases({"papers": [{"key": "k", "aliases": bad}]}, "f")
