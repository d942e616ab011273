"""Fuzzing the doors with hypothesis: ids, reading-list YAML, BibTeX and JSON backups. Any
input ends in a result or in the project's own error with a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from paperdesk.errors import PaperdeskError
from paperdesk.ids import check_key, find_arxiv_ids, find_dois, normalize_doi, parse_arxiv_id

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

id_like = st.one_of(
    st.text(max_size=60),
    st.from_regex(
        r"(arXiv:|https?://arxiv\.org/(abs|pdf)/)?\d{4}\.\d{4,5}(v\d{1,3})?", fullmatch=True
    ),
    st.from_regex(r"[a-z-]{2,10}(\.[A-Z]{2})?/\d{7}(v\d)?", fullmatch=True),
    st.from_regex(r"10\.\d{4,9}/\S{1,30}", fullmatch=True),
)


@FUZZ
@given(id_like)
def test_ids_parse_or_say_why(text: str) -> None:
    try:
        parsed = parse_arxiv_id(text)
    except PaperdeskError as exc:
        assert str(exc)
    else:
        assert parse_arxiv_id(parsed.versioned) == parsed  # canonical forms parse to themselves
    normalize_doi(text)
    find_arxiv_ids(text)
    find_dois(text)
    try:
        check_key(text)
    except PaperdeskError as exc:
        assert str(exc)


scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
yaml_value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=25,
)
entry = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(id_like, yaml_value),
        "title": yaml_value,
        "authors": yaml_value,
        "year": yaml_value,
        "url": st.one_of(st.just("https://example.org"), yaml_value),
        "doi": st.one_of(id_like, yaml_value),
        "key": yaml_value,
        "claims": st.lists(
            st.fixed_dictionaries(
                {}, optional={"metric": yaml_value, "value": yaml_value, "unit": yaml_value}
            ),
            max_size=2,
        ),
    },
)


@FUZZ
@given(st.one_of(st.text(max_size=300), st.lists(entry, min_size=1, max_size=4)))
def test_reading_lists_load_or_name_the_line(data: Any) -> None:
    import yaml

    from paperdesk.readinglists import parse_list_text

    text = data if isinstance(data, str) else yaml.safe_dump({"name": "fuzz", "papers": data})
    try:
        spec = parse_list_text(text, Path("fuzz.yaml"))
    except PaperdeskError as exc:
        assert str(exc).startswith("fuzz.yaml:")
    else:
        assert spec.entries


bib_field = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(
            st.tuples(
                st.sampled_from(["article", "inproceedings", "misc", "string", "comment"]),
                st.text(alphabet="abcxyz019:_-{}", max_size=10),
                st.dictionaries(
                    st.sampled_from(["title", "author", "year", "doi", "eprint", "url", "volume"]),
                    bib_field,
                    max_size=5,
                ),
            ),
            max_size=4,
        ),
    )
)
def test_bibtex_parses_or_says_why(data: Any) -> None:
    from paperdesk.export.bibcheck import checked
    from paperdesk.export.bibimport import parse_bibtex
    from paperdesk.validate import InvalidValue

    if isinstance(data, str):
        text = data
    else:
        text = "\n".join(
            f"@{kind}{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in fields.items()) + "}"
            for kind, key, fields in data
        )
    try:
        records, failed = parse_bibtex(text, "fuzz.bib")
    except PaperdeskError as exc:
        assert str(exc).startswith("fuzz.bib")
        return
    for rec in records:
        try:
            checked(rec)
        except InvalidValue as exc:
            assert str(exc)
    assert all(
        f.status == "unreadable" and f.label.startswith("line ") and f.reason for f in failed
    )


def _valid_backup() -> dict[str, Any]:
    return {
        "format": "paperdesk-backup",
        "version": 0,  # replaced by the real one below
        "papers": [
            {
                "key": "vaswani2017attention",
                "title": "Attention",
                "authors": ["Ashish Vaswani"],
                "year": 2017,
                "claims": [{"label": "bleu", "metric": "BLEU", "value": 28.4}],
                "attempts": [{"environment_kv": {"gpu": "A100"}, "runs": [], "log": []}],
                "tags": [{"member": "ana", "tag": "nlp"}],
                "history": [],
            }
        ],
        "members": [{"name": "ana", "created_at": None}],
        "lists": [
            {"name": "core", "title": "Core", "entries": [{"paper": "vaswani2017attention"}]}
        ],
        "tags": ["nlp"],
    }


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "title",
                    "authors",
                    "year",
                    "claims",
                    "attempts",
                    "tags",
                    "key",
                    "note",
                    "pdf_path",
                    "history",
                    "doi",
                    "cites",
                    "aliases",
                ]
            ),
            yaml_value,
        ),
        max_size=3,
    ),
    st.one_of(st.none(), yaml_value),
)
def test_backups_load_or_name_the_place(changes: list[tuple[str, Any]], lists: Any) -> None:
    from paperdesk.export.backup import FORMAT, VERSION, load_backup

    data = _valid_backup()
    data["format"], data["version"] = FORMAT, VERSION
    for name, value in changes:
        data["papers"][0][name] = value
    if lists is not None:
        data["lists"] = lists
    try:
        text = json.dumps(data)
    except ValueError:
        return  # not JSON at all (nan): json.dumps refuses it before paperdesk sees it
    try:
        load_backup(text, "fuzz.json")
    except PaperdeskError as exc:
        assert str(exc).startswith("fuzz.json")


# values of the types the fields hold, at their edges: what the checks at the door let through
plausible = st.one_of(
    st.text(max_size=300),
    st.lists(st.text(max_size=60), max_size=5),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
    st.none(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["title", "authors", "year", "doi", "venue", "abstract", "categories", "version"]
            ),
            plausible,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_backup_that_loads_also_restores(
    tmp_path_factory: Any, changes: list[tuple[str, Any]]
) -> None:
    """What passes the checks at the door restores, and exports again, without a traceback."""
    from paperdesk.config import Settings
    from paperdesk.export.backup import FORMAT, VERSION, dump, import_json, load_backup
    from paperdesk.export.bibtex import bibtex_text
    from paperdesk.library import Library

    data = _valid_backup()
    data["format"], data["version"] = FORMAT, VERSION
    for name, value in changes:
        data["papers"][0][name] = value
    try:
        text = json.dumps(data)
        load_backup(text, "fuzz.json")
    except (ValueError, PaperdeskError):
        return
    event("restored")
    home = tmp_path_factory.mktemp("restore")
    (home / "b.json").write_text(text)
    lib = Library.open(Settings(home=home / "lib"), seed=False)
    try:
        import_json(lib, home / "b.json")
        dump(lib)
        bibtex_text(lib)
    except PaperdeskError as exc:
        assert str(exc)
    finally:
        lib.close()
