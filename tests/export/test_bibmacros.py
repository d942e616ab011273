"""``@string`` macros and ``#`` concatenation (:mod:`paperdesk.export.bibmacros`)."""

from __future__ import annotations

import pytest

from paperdesk.errors import ExportError
from paperdesk.export.bibmacros import (
    MAX_VALUE,
    MONTHS,
    resolve,
    resolve_library,
    split_concatenation,
)


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ('a # "b" # {c}', ["a", '"b"', "{c}"]),
        ('{x # y} # "p # q"', ["{x # y}", '"p # q"']),
        ("{a {b} # c}", ["{a {b} # c}"]),
        ("one", ["one"]),
    ],
)
def test_split_concatenation(raw: str, parts: list[str]) -> None:
    assert split_concatenation(raw) == parts


def test_resolve_joins_parts_and_expands_macros_case_insensitively() -> None:
    macros = {"acl": "Association for Computational Linguistics", **MONTHS}
    assert resolve('"Proc. of " # ACL # { 2019}', macros) == (
        "Proc. of Association for Computational Linguistics 2019"
    )
    assert resolve("jun", macros) == "June"
    assert resolve("2019 # { }", macros) == "2019 "
    assert resolve("undefined # { x}", macros) == "undefined x"  # kept by name


def test_resolve_leaves_single_values_to_bibtexparser() -> None:
    assert resolve("{Braced}", {}) is None
    assert resolve('"quoted"', {}) is None
    assert resolve("unknown", {}) is None


def test_resolve_refuses_a_macro_bomb() -> None:
    macros = {"a": "x" * (MAX_VALUE // 2 + 1)}
    with pytest.raises(ValueError, match="macro bomb"):
        resolve("a # a", macros)


def _library(text: str):
    import bibtexparser

    return bibtexparser.parse_string(text, parse_stack=[])


def test_resolve_library_resolves_strings_in_order_and_fields() -> None:
    lib = _library(
        "@string{conf = {Proceedings of }}\n"
        '@string{full = conf # "ACL"}\n'
        "@string{conf = {Later: }}\n"
        '@inproceedings{k, booktitle = full # { 2019}, month = jun, title = "As is"}\n'
    )
    resolve_library(lib)
    fields = {f.key: f.value for f in lib.entries[0].fields}
    assert fields["booktitle"] == "{Proceedings of ACL 2019}"  # the @string as it was then
    assert fields["month"] == "{June}"
    assert fields["title"] == '"As is"'  # left for RemoveEnclosingMiddleware


def test_resolve_library_names_the_line_of_a_bomb() -> None:
    lib = _library("\n@string{a = {" + "x" * 600_000 + "}}\n@article{k, title = a # a}\n")
    with pytest.raises(ExportError, match=r"line 3: k: title expands to more than"):
        resolve_library(lib)
