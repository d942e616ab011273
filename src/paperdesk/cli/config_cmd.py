"""``paperdesk config``: the settings in effect, where each comes from, and the paths in use."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import click

from paperdesk.cli.options import json_option
from paperdesk.cli.output import print_json, print_table


def _shown(name: str, value: Any) -> Any:
    from paperdesk.storage.urls import redact

    if name == "database_url":
        return redact(value) if value else "(library.sqlite in home)"
    return str(value) if not isinstance(value, bool | int | float) else value


def _member_name(settings: Any) -> dict[str, str]:
    """The member name in effect, as ``whoami`` resolves it: ``user`` left empty means the OS
    user name, so that is the value shown, with why."""
    from paperdesk.errors import ConfigError
    from paperdesk.membername import configured_name

    try:
        name, origin = configured_name(settings)
    except ConfigError as exc:
        return {"why": str(exc)}
    source = {"PAPERDESK_USER": "env PAPERDESK_USER", "config": "file"}.get(origin, "default")
    shown: dict[str, str] = {"value": name, "source": source}
    if origin == "os":
        shown["why"] = "the OS user name"
    return shown


@click.command()
@json_option('Print JSON: {"settings": {NAME: {"value", "source", "variable"}}, "paths": {...}}.')
def config(as_json: bool) -> None:
    """Show the effective settings with their source (default, an environment variable
    PAPERDESK_*, or the config file) and the paths in use: home, config file, database
    (password hidden), PDFs, index and cache. Settings are changed in the config file or the
    environment; see the README's configuration section."""
    from paperdesk.config import Settings, load_settings, sources
    from paperdesk.storage.urls import redact

    settings = load_settings()
    source = sources()
    values = {
        f.name: {
            "value": _shown(f.name, getattr(settings, f.name)),
            "source": source[f.name],
            "variable": f"PAPERDESK_{f.name.upper()}",
        }
        for f in fields(Settings)
        if f.name in source
    }
    # 0 means "all cores, at most 4": show the number used and why
    values["threads"].update(value=settings.embed_threads, why=settings.threads_why)
    if "user" in values:
        values["user"].update(_member_name(settings))
    cfg = settings.config_file
    paths = {
        "home": str(settings.home),
        "config_file": str(cfg) if cfg else None,
        "config_file_exists": bool(cfg and cfg.is_file()),
        "database": redact(settings.resolved_database_url),
        "pdfs": str(settings.pdf_dir),
        "index": str(settings.index_dir),
        "cache": str(settings.cache_dir),
    }
    if as_json:
        print_json({"settings": values, "paths": paths})
        return
    rows = [
        [name, f"{v['value']} ({v['why']})" if v.get("why") else str(v["value"]), v["source"]]
        for name, v in values.items()
    ]
    print_table(["setting", "value", "source"], rows, max_widths={1: 60})
    click.echo()
    for label, key in (
        ("home", "home"),
        ("config file", "config_file"),
        ("database", "database"),
        ("pdfs", "pdfs"),
        ("index", "index"),
        ("cache", "cache"),
    ):
        extra = "" if key != "config_file" or paths["config_file_exists"] else "  (not present)"
        click.echo(f"{label:<12} {paths[key]}{extra}")
