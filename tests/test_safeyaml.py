"""YAML from files a user did not write: bombs, depth, tags and size end in one line naming
where, fast and in little memory."""

from __future__ import annotations

import itertools
import tracemalloc
from pathlib import Path

import pytest

from paperdesk.errors import ReadingListError
from paperdesk.readinglists import load_list_file, parse_list_text
from paperdesk.safeyaml import YamlLimitError, YamlSyntaxError, compose


def billion_laughs(levels: int = 9) -> str:
    out = ["name: bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for prev, cur in itertools.pairwise(names[:levels]):
        out.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    out.append(f"papers: *{names[levels - 1]}")
    return "\n".join(out) + "\n"


def test_billion_laughs_is_refused_in_little_memory() -> None:
    text = billion_laughs()
    assert len(text) < 600
    tracemalloc.start()
    with pytest.raises(ReadingListError, match=r"bomb\.yaml:\d+: more than 1,000,000 values"):
        parse_list_text(text, Path("bomb.yaml"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 << 20


def test_aliases_are_shared_not_copied() -> None:
    root = compose("a: &x [1, 2, 3]\nb: *x\nc: *x\n")
    assert root is not None
    assert root.value["b"] is root.value["a"]
    assert root.size == 1 + 3 * 4


def test_an_alias_inside_its_own_value_is_refused() -> None:
    with pytest.raises(YamlLimitError, match="inside the value it names"):
        compose("a: &x [1, *x]\n")


@pytest.mark.parametrize(
    "text",
    [
        "papers: " + "[" * 5000 + "]" * 5000,
        "papers:\n" + "".join(" " * i + f"k{i}:\n" for i in range(3000)),
        "papers: " + "{a: " * 2000 + "1" + "}" * 2000,
    ],
    ids=["flow-seq", "block-map", "flow-map"],
)
def test_deep_nesting_ends_in_a_message_not_a_recursion_error(text: str) -> None:
    with pytest.raises(ReadingListError, match=r"deep\.yaml:\d+: .*(nest|depth)"):
        parse_list_text("name: deep\n" + text, Path("deep.yaml"))


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom", "!!binary"]
)
def test_tags_outside_the_core_schema_are_refused(tag: str) -> None:
    with pytest.raises(ReadingListError, match=r"t\.yaml:3: unsupported YAML tag"):
        parse_list_text(f"name: t\npapers:\n  - {tag} x\n", Path("t.yaml"))


def test_core_tags_and_scalars_stay_text() -> None:
    root = compose('a: !!str 1810.04805\nb: 1810.04805\nc: ~\nd: ""\ne: !!null x\n')
    assert root is not None
    values = {k: v.value for k, v in root.value.items()}
    assert values == {"a": "1810.04805", "b": "1810.04805", "c": None, "d": "", "e": None}


def test_duplicate_keys_and_complex_keys_name_their_line() -> None:
    with pytest.raises(YamlLimitError, match="duplicate key 'name'") as exc:
        compose("name: a\ntitle: t\nname: b\n")
    assert exc.value.line == 3
    with pytest.raises(YamlLimitError, match="plain text"):
        compose("? [a, b]\n: c\n")


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(YamlSyntaxError) as exc:
        compose("name: a\npapers:\n  - id: [unclosed\n")
    assert exc.value.line >= 3


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        fh.write("name: huge\npapers:\n")
        fh.truncate(17 << 20)
    with pytest.raises(ReadingListError, match=r"huge\.yaml: the file is 17\.0 MB; at most 16"):
        load_list_file(path)


def test_a_large_valid_list_parses() -> None:
    lines = ["name: big", "papers:"]
    lines += [f'  - id: "2101.{10000 + i}"\n    why: {"w" * 200}' for i in range(20_000)]
    spec = parse_list_text("\n".join(lines) + "\n", Path("big.yaml"))
    assert len(spec.entries) == 20_000
    assert spec.entries[-1].line == 2 + 2 * 19_999 + 1
