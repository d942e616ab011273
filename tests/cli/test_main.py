"""The command group: --version, --help naming the commands, and no heavy import on the
path of help and the list views."""

from __future__ import annotations

from pathlib import Path

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
