"""The command group: --version, --help naming the commands, and no heavy import on the
path of help and the list views."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from tests.cli.heavy import modules_after
from tests.conftest import run_cli

HEAVY = (
    "torch",
    "sentence_transformers",
    "transformers",
    "faiss",
    "fitz",
    "pymupdf",
    "onnxruntime",
)


def test_version_and_help(home: Path) -> None:
    assert run_cli("--version").stdout.startswith("paperdesk, version")
    helptext = run_cli("--help").stdout
    for cmd in ("lists", "papers", "show", "add", "mark", "note"):
        assert cmd in helptext


def _modules_after(args: list[str], home: Path) -> list[str]:
    return modules_after(args, home, HEAVY)


def test_help_and_list_views_import_nothing_heavy(home: Path) -> None:
    run_cli("lists")  # first run migrates and seeds
    for args in (["--help"], ["papers"], ["papers", "--json"], ["lists"], ["show", "1706.03762"]):
        assert _modules_after(args, home) == [], args


def _help_paths(cmd: click.Command, path: list[str]) -> Iterator[list[str]]:
    """Every command and group under ``cmd``; repro's actions come after a paper ID."""
    yield path
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                prefix = [*path, "1706.03762"] if path == ["repro"] else path
                yield from _help_paths(sub, [*prefix, name])


def test_no_help_line_is_cut_short(home: Path) -> None:
    """A group's command list shows each description whole (short_help), never "…for..."."""
    from paperdesk.cli.main import cli

    runner = CliRunner()
    seen, cut = 0, []
    for path in _help_paths(cli, []):
        result = runner.invoke(cli, [*path, "--help"], terminal_width=80, prog_name="paperdesk")
        assert result.exit_code == 0, (path, result.output)
        seen += 1
        for line in result.output.splitlines():
            words = line.rstrip()
            # a metavar that repeats (``ID_OR_URL...``, ``[ARGS]...``) is not a cut
            if words.endswith("...") and not re.search(r"(\b[A-Z_]+|\])\.\.\.$", words):
                cut.append(f"{' '.join(path)} --help: {words.strip()}")
    assert seen > 60
    assert cut == []


def test_an_unknown_command_names_the_close_ones(home: Path) -> None:
    for typed, hint in (
        ("roadmap", "(did you mean 'lists', 'next' or 'plan'?)"),
        ("serch", "(did you mean 'search'?)"),
    ):
        out = run_cli(typed)
        assert out.returncode == 2
        assert f"Error: no command '{typed}' {hint}; 'paperdesk --help' lists them" in out.stderr
    far = run_cli("zzzq")
    assert far.returncode == 2 and "no command 'zzzq'; " in far.stderr
    assert "did you mean" not in far.stderr
