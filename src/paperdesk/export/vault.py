"""Writing a set of files into a folder the user also edits (an Obsidian vault, a notes repo).

A manifest (``.paperdesk-export.json``) records the sha256 of every file the export wrote.
The rules that follow from it:

- a file whose bytes would not change is not touched (same bytes, same mtime);
- a file the export did not write, or one the user changed since, is never overwritten: it is
  reported as skipped instead;
- a file the export wrote earlier that is no longer exported (a renamed title, a paper gone)
  is removed only when unchanged since it was written; a changed one is kept and forgotten,
  so that it is the user's from then on;
- the manifest is written with the new hashes (and each replaced file's old hash as
  ``previous``) before any file is renamed into place, and either hash counts as paperdesk's:
  an export that fails or is killed half-way never turns paperdesk's own files into the user's;
- for a paper's page the manifest also keeps what the page said where a user may edit it (note,
  tags, reading state) and the hash of the rest (``sync``): the base that
  :mod:`paperdesk.export.vaultsync` merges the user's edits against;
- a vault is one member's (``member`` in the manifest): its pages show that member's states,
  notes and tags, and what is edited in it is read back as theirs. Another member exporting
  into it, or reading it back, is refused (each exports into a folder of their own). A manifest
  from before members names nobody: the next member to use it makes it theirs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.errors import ExportError
from paperdesk.export.files import (
    make_folder,
    sha256_bytes,
    sha256_file,
    write_atomic,
    write_many_atomic,
)

MANIFEST = ".paperdesk-export.json"
MANIFEST_FORMAT = "paperdesk-markdown-export"
NOT_OURS = "not written by paperdesk"
CHANGED = "changed since paperdesk wrote it"


@dataclass
class ExportReport:
    """What an export did to the folder; paths are absolute."""

    directory: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why)
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # stale but changed by the user: left alone
    papers: int = 0
    lists: int = 0

    @property
    def skipped_not_ours(self) -> list[Path]:
        return [p for p, why in self.skipped if why == NOT_OURS]

    def summary(self) -> str:
        parts = [f"{len(self.written)} written", f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not written by paperdesk or changed since)")
        if self.kept:
            parts.append(f"{len(self.kept)} old files kept (changed since)")
        papers = f"{self.papers} paper{'' if self.papers == 1 else 's'}"
        lists = f"{self.lists} list{'' if self.lists == 1 else 's'}"
        return f"{self.directory}: {papers}, {lists}: " + ", ".join(parts)


@dataclass(frozen=True)
class Planned:
    """One file to write: its bytes and what it belongs to (``{"paper": key}`` or
    ``{"list": name}``), kept in the manifest to decide what is stale later."""

    data: bytes
    owner: Mapping[str, str]
    sync: Mapping[str, Any] | None = None  # a paper page's editable parts and frame hash


def read_manifest(directory: Path, member: str | None = None) -> dict[str, dict[str, Any]]:
    """The manifest's files; with ``member``, refused when the vault is another member's."""
    path = directory / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("format") != MANIFEST_FORMAT or not isinstance(files, dict):
            raise ValueError("not a paperdesk export manifest")
        owner = data.get("member")
        if owner is not None and not isinstance(owner, str):
            raise ValueError("bad member")
        for name, entry in files.items():
            if "/" in name or "\\" in name or name.startswith(".") or not entry.get("sha256"):
                raise ValueError(f"bad entry {name!r}")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExportError(
            f"{path} is damaged ({exc}); delete it to start over (the files in the folder then "
            "count as not written by paperdesk and are never overwritten)"
        ) from None
    if member is not None and owner is not None and owner != member:
        raise ExportError(
            f"{directory} is the vault of {owner!r}, who exported it; you are {member!r}: "
            "export your own into another folder (a vault shows one member's states, notes and "
            f"tags, and reads edits back as theirs), or, if you are {owner!r}, say so "
            f'(PAPERDESK_USER={owner}, or user = "{owner}" in config.toml)'
        )
    return files


def sync_folder(
    directory: Path,
    planned: Mapping[str, Planned],
    is_stale: Callable[[Mapping[str, Any]], bool],
    report: ExportReport,
    member: str | None = None,
) -> ExportReport:
    """Bring ``directory`` in line with ``planned`` (file name → content) under the rules of
    the module docstring. ``is_stale(owner)`` says whether an old file that is not planned any
    more belongs to what this export covers (and so may be removed); ``member``: whose vault
    it is."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file, not a folder")
    make_folder(directory, f"into {directory}")
    manifest = read_manifest(directory, member)
    new_manifest: dict[str, dict[str, Any]] = {}
    to_write: list[tuple[Path, bytes]] = []
    for name in sorted(planned):
        item = planned[name]
        path = directory / name
        digest = sha256_bytes(item.data)
        known = manifest.get(name)
        if path.is_dir():
            report.skipped.append((path, NOT_OURS))
            continue
        current = sha256_file(path)
        if current == digest:
            report.unchanged.append(path)
        elif current is None or (known is not None and is_ours(known, current)):
            to_write.append((path, item.data))
        else:
            report.skipped.append((path, CHANGED if known is not None else NOT_OURS))
            if known is not None:
                new_manifest[name] = known
            continue
        new_manifest[name] = {"sha256": digest, **item.owner}
        if item.sync is not None:
            new_manifest[name]["sync"] = dict(item.sync)
    if to_write:
        # Before any file is renamed, the manifest learns the new hashes (keeping the old
        # ones as "previous"): a crash anywhere in between leaves every file counted as ours.
        pending = dict(manifest)
        for path, _ in to_write:
            entry = new_manifest[path.name]
            old = manifest.get(path.name)
            pending[path.name] = {**entry, "previous": old["sha256"]} if old is not None else entry
        write_manifest(directory, pending, member)
    try:
        write_many_atomic(to_write)
    except ExportError:
        kept = dict(manifest)  # every old entry stays: files outside the plan are still ours
        for path, data in to_write:
            if sha256_file(path) == sha256_bytes(data):
                kept[path.name] = new_manifest[path.name]
        write_manifest(directory, kept, member)
        raise
    report.written.extend(path for path, _ in to_write)
    for name in sorted(set(manifest) - set(planned)):
        entry = manifest[name]
        path = directory / name
        if not is_stale(entry):
            new_manifest[name] = entry
            continue
        current = sha256_file(path)
        if current is None:
            continue
        if is_ours(entry, current):
            try:
                path.unlink()
            except OSError as exc:
                raise ExportError(f"cannot remove {path}: {exc.strerror}") from None
            report.removed.append(path)
        else:
            report.kept.append(path)
    write_manifest(directory, new_manifest, member)
    return report


def is_ours(entry: Mapping[str, Any], current: str | None) -> bool:
    """Whether a file with hash ``current`` is as paperdesk left it: the hash it wrote, or the
    one it replaced when an export was cut short before the final manifest was written."""
    return current is not None and current in (entry["sha256"], entry.get("previous"))


def write_manifest(
    directory: Path, files: Mapping[str, Mapping[str, Any]], member: str | None = None
) -> None:
    body: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "note": "Files paperdesk wrote here, with their sha256. paperdesk never overwrites "
        "or removes a file that is not listed or that changed since.",
        "files": {name: dict(sorted(files[name].items())) for name in sorted(files)},
    }
    if member is not None:
        body["member"] = member
    data = (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    path = directory / MANIFEST
    if sha256_file(path) != sha256_bytes(data):
        write_atomic(path, data)
