"""The shared options and arguments (cli/options.py), each on a small click command of its own:
the parameter names they fill, defaults, ranges and choices (a bad value is exit 2), the hidden
old spelling of -k/--limit, and what they complete on a real library."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import pytest
from click.testing import CliRunner

from paperdesk.cli import options
from paperdesk.config import load_settings
from paperdesk.library import Library
from paperdesk.services import papers


def _command(*decorators: Callable[[Any], Any]) -> click.Command:
    """A command that prints the parameters it was given, sorted, as ``name=value`` lines."""

    def body(**kw: Any) -> None:
        for name in sorted(kw):
            click.echo(f"{name}={kw[name]!r}")

    for decorate in reversed(decorators):
        body = decorate(body)
    return click.command("probe")(body)


def _run(cmd: click.Command, *args: str) -> click.testing.Result:
    return CliRunner().invoke(cmd, list(args))


def _given(cmd: click.Command, *args: str) -> dict[str, str]:
    out = _run(cmd, *args)
    assert out.exit_code == 0, out.output
    return dict(line.split("=", 1) for line in out.output.splitlines())


def _help(cmd: click.Command) -> str:
    out = _run(cmd, "--help")
    assert out.exit_code == 0
    return out.output


def _offered(cmd: click.Command, name: str, incomplete: str) -> list[str]:
    param = next(p for p in cmd.params if p.name == name)
    return [item.value for item in param.shell_complete(click.Context(cmd), incomplete)]


def test_list_option_fills_list_name_and_completes_list_names(lib: Library) -> None:
    cmd = _command(options.list_option("Only this list."))
    assert _given(cmd) == {"list_name": "None"}
    assert _given(cmd, "--list", "transformers-core") == {"list_name": "'transformers-core'"}
    assert "--list NAME  Only this list." in _help(cmd)
    assert _offered(cmd, "list_name", "transformers-c") == ["transformers-core"]
    plain = _command(options.list_option("Only this list.", complete=False))
    assert _offered(plain, "list_name", "transformers-c") == []


def test_limit_option_default_range_and_both_spellings() -> None:
    cmd = _command(options.limit_option(10, "How many papers.", dest="k", low=1, high=1000))
    assert _given(cmd) == {"k": "10"}
    assert _given(cmd, "-k", "3") == _given(cmd, "--limit", "3") == {"k": "3"}
    for bad in ("0", "1001", "many"):
        out = _run(cmd, "-k", bad)
        assert out.exit_code == 2 and "Invalid value for '-k' / '--limit'" in out.output
    text = _help(cmd)
    assert "-k, --limit INTEGER RANGE" in text and "[default: 10; 1<=x<=1000]" in text
    assert _given(_command(options.limit_option(30))) == {"limit": "30"}  # dest, low=0
    assert _given(_command(options.limit_option(30)), "-k", "0") == {"limit": "0"}


def test_limit_option_keeps_the_old_spelling_hidden() -> None:
    cmd = _command(options.limit_option(10, dest="n", old="--n"))
    assert _given(cmd) == {"n": "10", "n_old": "None"}
    assert _given(cmd, "--n", "4") == {"n": "10", "n_old": "4"}
    assert _run(cmd, "--n", "-1").exit_code == 2  # the same range as -k/--limit
    assert "--n " not in _help(cmd)


def test_json_option_is_a_flag_into_as_json() -> None:
    cmd = _command(options.json_option('Print JSON: {"papers": [...]}.'))
    assert _given(cmd) == {"as_json": "False"}
    assert _given(cmd, "--json") == {"as_json": "True"}
    assert _run(cmd, "--json=yes").exit_code == 2
    assert 'Print JSON: {"papers": [...]}.' in _help(cmd)
    assert "--json  Print JSON." in _help(_command(options.json_option()))


def test_mode_option_defaults_to_hybrid_and_takes_only_the_three_modes() -> None:
    cmd = _command(options.mode_option())
    assert _given(cmd) == {"mode": "'hybrid'"}
    assert _given(cmd, "--mode", "keyword") == {"mode": "'keyword'"}
    out = _run(cmd, "--mode", "fuzzy")
    assert out.exit_code == 2 and "'hybrid', 'dense', 'keyword'" in out.output
    assert "[default: hybrid]" in _help(cmd)


@pytest.mark.parametrize(
    ("decorator", "flag", "good", "bad"),
    [
        (options.reading_option(), "--reading", "queued", "reproduced"),
        (options.replication_option(), "--replication", "reproduced", "queued"),
        (options.year_option(), "--year", "2017", "soon"),
    ],
)
def test_filters_take_their_states_and_years(
    decorator: Callable[[Any], Any], flag: str, good: str, bad: str
) -> None:
    cmd = _command(decorator)
    name = flag.lstrip("-")
    assert _given(cmd) == {name: "None"}
    assert _given(cmd, flag, good)[name] in (repr(good), good)
    out = _run(cmd, flag, bad)
    assert out.exit_code == 2 and f"'{flag}'" in out.output


@pytest.mark.parametrize(
    "decorator, flag, typo, near",
    [
        (options.reading_option(), "--reading", "redaing", "reading"),
        (options.replication_option(), "--replication", "reproducd", "reproduced"),
    ],
)
def test_a_misspelt_state_gets_the_closest(
    decorator: Callable[[Any], Any], flag: str, typo: str, near: str
) -> None:
    """As ``mark`` does: the closest state, then the track's states (a usage error, exit 2)."""
    cmd = _command(decorator)
    out = _run(cmd, flag, typo)
    assert out.exit_code == 2
    assert f"unknown {flag[2:]} state '{typo}' (did you mean '{near}'?)" in out.output
    assert _given(cmd, flag, near.upper())[flag[2:]] == repr(near)


def test_papers_and_search_name_the_closest_tag(lib: Library) -> None:
    from tests.conftest import run_cli

    papers.set_tags(lib, "1706.03762", ["pretraining"], [])
    for args in (["papers", "--tag", "pretrainin"], ["search", "attention", "--tag", "pretrainin"]):
        out = run_cli(*args, env={"PAPERDESK_MODEL": "hash"})
        assert out.returncode == 1, (args, out.stdout)
        assert out.stderr.startswith("error: no tag 'pretrainin' (did you mean 'pretraining'?)")
    assert "1 paper " in run_cli("papers", "--tag", "pretraining").stdout


def test_tag_option_refuses_a_blank_name_and_completes_tags(lib: Library) -> None:
    papers.set_tags(lib, "1706.03762", ["attention-paper"], [])
    cmd = _command(options.tag_option())
    assert _given(cmd, "--tag", "attention-paper") == {"tag": "'attention-paper'"}
    for blank in ("", "  "):
        out = _run(cmd, "--tag", blank)
        assert out.exit_code == 2 and "--tag: needs a tag name" in out.output
    assert _offered(cmd, "tag", "att") == ["attention-paper"]
    assert "Only papers with this tag." in _help(cmd)


def test_member_option_fills_its_dest_and_completes_member_names(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib.close()
    for name in ("ana", "anton", "bo"):
        monkeypatch.setenv("PAPERDESK_USER", name)
        member = Library.open(load_settings())
        papers.mark(member, "1706.03762", "read")  # the first mark makes a member
        member.close()
    cmd = _command(options.member_option("--by", "member", "Only what NAME made."))
    assert _given(cmd, "--by", "ana") == {"member": "'ana'"}
    assert "--by NAME  Only what NAME made." in _help(cmd)
    assert _offered(cmd, "member", "an") == ["ana", "anton"]


def test_paper_arguments_complete_ids_and_keys(lib: Library) -> None:
    one = _command(options.paper_argument())
    assert _given(one, "1706.03762") == {"ref": "'1706.03762'"}
    assert _run(one).exit_code == 2  # ID is required
    assert "Usage: probe [OPTIONS] ID" in _help(one)
    assert "1706.03762" in _offered(one, "ref", "1706")
    assert "vaswani2017attention" in _offered(one, "ref", "vaswani")

    many = _command(options.papers_argument())
    assert _given(many) == {"refs": "()"}
    assert _given(many, "1706.03762", "1810.04805") == {"refs": "('1706.03762', '1810.04805')"}
    assert "Usage: probe [OPTIONS] [ID]..." in _help(many)
    assert "1706.03762" in _offered(many, "refs", "1706")


def test_list_argument_completes_list_names(lib: Library) -> None:
    optional = _command(options.list_argument("list_name", metavar="[LIST]", required=False))
    assert _given(optional) == {"list_name": "None"}
    assert "Usage: probe [OPTIONS] [LIST]" in _help(optional)
    assert _offered(optional, "list_name", "transformers-c") == ["transformers-core"]
    required = _command(options.list_argument("name"))
    assert _run(required).exit_code == 2
    assert "Usage: probe [OPTIONS] NAME" in _help(required)


def test_flags_fill_the_names_the_commands_read() -> None:
    cmd = _command(
        options.all_option("Every paper."),
        options.force_option("Again."),
        options.add_to_option("Add them to LIST."),
        options.dismiss_option("Hide them."),
    )
    assert _given(cmd) == {
        "add_to": "None",
        "all_papers": "False",
        "dismiss": "False",
        "force": "False",
    }
    given = _given(cmd, "--all", "--force", "--add", "later", "--dismiss")
    assert given == {"add_to": "'later'", "all_papers": "True", "dismiss": "True", "force": "True"}
    text = _help(cmd)
    assert "--add LIST  Add them to LIST." in text and "--all       Every paper." in text
