"""``paperdesk index / search / similar`` in a fresh process (the hashing model: no weights)."""

from __future__ import annotations

import json

from paperdesk.library import Library
from tests.conftest import run_cli

HASH = {"PAPERDESK_MODEL": "hash"}


def test_index_search_similar(alib: Library) -> None:
    alib.close()
    done = run_cli("search", "adaptive", "moments", env=HASH)
    assert done.returncode == 0, done.stderr
    assert "kingma2014adam" in done.stdout and "keyword matches only" in done.stderr

    done = run_cli("index", env=HASH)
    assert done.returncode == 0, done.stderr
    assert "indexed with hash-256" in done.stdout

    done = run_cli("search", "--json", "--k", "3", "adaptive moments optimizer", env=HASH)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["count"] == len(data["hits"]) <= 3
    top = data["hits"][0]
    assert top["id"] == "kingma2014adam" and top["section"] == "Abstract"
    assert set(top) >= {"title", "year", "score", "snippet", "highlights", "page", "reading"}
    assert all(top["snippet"][a:b] for a, b in top["highlights"])
    assert "keyword matches only" not in done.stderr

    done = run_cli("search", "adaptive moments", "--reading", "read", env=HASH)
    assert done.returncode == 0 and "no paper matches" in done.stdout

    done = run_cli("similar", "vaswani2017attention", "--json", "--k", "2", env=HASH)
    assert done.returncode == 0, done.stderr
    keys = [h["id"] for h in json.loads(done.stdout)["hits"]]
    assert len(keys) == 2 and "vaswani2017attention" not in keys

    done = run_cli("index", "--rebuild", "--json", env=HASH)
    assert done.returncode == 0 and json.loads(done.stdout)["embedded"] == 0


def test_errors_are_one_line(alib: Library) -> None:
    alib.close()
    for args in (
        ["search", "--mode", "dense", "x"],
        ["similar", "2312.99999"],
        ["search", "--list", "nope", "x"],
        ["similar", "not an id!"],
    ):
        done = run_cli(*args, env=HASH)
        assert done.returncode == 1, (args, done.stdout)
        assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr


def test_stop_words_and_weak_hits_are_named(alib: Library) -> None:
    alib.close()
    assert run_cli("index", env=HASH).returncode == 0
    done = run_cli("search", "--mode", "keyword", "the of and", env=HASH)
    assert done.returncode == 0 and "no paper matches 'the of and'" in done.stdout
    done = run_cli("search", "zzqx", "vvbnm", env=HASH)
    assert done.returncode == 0 and "weak hits" in done.stderr
    done = run_cli("search", "BERT", "-k", "1", env=HASH)
    assert "devlin2018bert" in done.stdout and "weak" not in done.stderr


def test_a_respelt_query_says_what_was_searched_for(alib: Library) -> None:
    alib.close()
    done = run_cli("search", "adaptve", "moments", env=HASH)
    assert done.returncode == 0, done.stderr
    assert "note: searched for 'adaptive moments'" in done.stderr
    assert "kingma2014adam" in done.stdout
    data = json.loads(run_cli("search", "--json", "adaptve moments", env=HASH).stdout)
    assert data["query"] == "adaptve moments"
    assert data["hits"][0]["searched"] == "adaptive moments"
    done = run_cli("search", "adaptive", "moments", env=HASH)
    assert "searched for" not in done.stderr  # spelt right: searched as typed
