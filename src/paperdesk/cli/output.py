"""Output helpers: JSON for scripts, rich tables for people (rich imported only when used)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def console() -> Any:
    from rich.console import Console

    # Piped output is read by people too (less, logs): do not squeeze it into 80 columns.
    width = None if sys.stdout.isatty() else 140
    return Console(highlight=False, soft_wrap=False, width=width)


def fail(message: str) -> None:
    """Print one clear line on stderr and exit 1."""
    click.echo(f"error: {message}", err=True)
    raise SystemExit(1)


def settings() -> Any:
    from paperdesk.config import load_settings

    return load_settings()


def library() -> Any:
    from paperdesk.library import Library

    return Library.open(settings())
