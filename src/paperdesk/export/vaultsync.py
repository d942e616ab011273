"""The vault read back: what a user changed in an exported vault comes into the library.

For every paper page the manifest keeps what paperdesk last wrote where a user may edit (the
note, ``tags``, ``reading``; see :mod:`paperdesk.export.vault`). That is the base of a
three-way merge per field: a change on one side is taken; the same change on both is nothing;
different changes on both sides keep both (the note is merged line by line with merge3, and
where the two overlap both texts stay, between ``<<<<<<< library`` / ``>>>>>>> vault`` markers;
tags add and remove as sets; a reading state set to two different things keeps the library's
and says so). Reading-state changes go through :func:`paperdesk.tracking.set_state`, so the
history has them.

Every file is read and checked before anything changes: one bad tag or state (named with its
file and line) imports nothing. A page edited only where edits are read back becomes
paperdesk's again, so the next export regenerates it; one edited elsewhere too is never
overwritten. Files a user made in the vault are left alone and reported. Importing twice changes
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import ExportError, InvalidIdError, NotFoundError, StateError
from paperdesk.export.files import read_text, sha256_file
from paperdesk.export.vault import (
    MANIFEST,
    ExportReport,
    is_ours,
    read_manifest,
    write_manifest,
)
from paperdesk.export.vaultpage import Page, normalize_note, page_tags, parse_page

if TYPE_CHECKING:
    from paperdesk.library import Library

_MISSING: Any = object()


@dataclass
class VaultImportReport:
    """What reading a vault back did; paths are absolute."""

    directory: Path
    papers: list[str] = field(default_factory=list)  # keys whose library record changed
    taken: list[str] = field(default_factory=list)  # "file: note, tags +a -b, reading x → y"
    conflicts: list[str] = field(default_factory=list)  # "file: what differed on both sides"
    unchanged: int = 0
    user_files: list[Path] = field(default_factory=list)  # made in the vault: left alone
    missing: list[Path] = field(default_factory=list)  # paperdesk's, deleted in the vault
    gone: list[Path] = field(default_factory=list)  # pages of papers no longer in the library
    kept: list[Path] = field(default_factory=list)  # edited outside note/tags/reading too
    not_read: list[Path] = field(default_factory=list)  # list and progress pages, edited

    def summary(self) -> str:
        n = len(self.papers)
        parts = [f"{n} paper{'' if n == 1 else 's'} updated from the vault"]
        parts.append(f"{self.unchanged} unchanged")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} changed on both sides (both kept)")
        if self.user_files:
            n = len(self.user_files)
            parts.append(f"{n} file{'' if n == 1 else 's'} not written by paperdesk (left alone)")
        if self.missing:
            parts.append(f"{len(self.missing)} deleted in the vault")
        return f"{self.directory}: " + ", ".join(parts)


@dataclass
class _Edit:
    """One changed paper page, read and checked."""

    name: str
    path: Path
    key: str
    digest: str
    page: Page
    note: str | None
    tags: list[str] | None
    reading: str | None
    base: dict[str, Any] | None


def _check(page: Page, where: str) -> tuple[list[str] | None, str | None, list[str]]:
    """The page's tags and reading state, checked; and the problems, each with its line."""
    from paperdesk.states import check_state
    from paperdesk.storage.repository import check_tag

    problems: list[str] = []
    front = page.front
    tags = reading = None
    if front is not None and (raw := front.get("tags", _MISSING)) is not _MISSING:
        tags = []
        listed = isinstance(raw, list) and len(raw) == len(page.tag_lines)
        items = raw if listed else [raw]
        lines = page.tag_lines if listed else [page.key_lines.get("tags", 2)]
        for item, at in zip(items, lines, strict=True):
            for name in page_tags([item] if listed else item):
                try:
                    tags.append(check_tag(name))
                except StateError as exc:
                    problems.append(f"{where}:{at}: {exc}")
        tags = sorted(set(tags))
    if front is not None and (raw := front.get("reading", _MISSING)) is not _MISSING:
        try:
            reading = check_state("reading", str(raw or ""))
        except StateError as exc:
            problems.append(f"{where}:{page.key_lines.get('reading', 2)}: {exc}")
    return tags, reading, problems


def _read_edits(
    directory: Path, manifest: dict[str, dict[str, Any]], report: VaultImportReport
) -> list[_Edit]:
    edits: list[_Edit] = []
    problems: list[str] = []
    for name, entry in sorted(manifest.items()):
        path = directory / name
        if not path.is_file():
            report.missing.append(path)
            continue
        digest = sha256_file(path)
        if is_ours(entry, digest):
            report.unchanged += 1
            continue
        if "paper" not in entry:
            report.not_read.append(path)
            continue
        try:
            page = parse_page(read_text(path, "vault page"), str(path))
        except ExportError as exc:
            problems.append(str(exc))
            continue
        tags, reading, bad = _check(page, str(path))
        problems += bad
        assert digest is not None
        edits.append(
            _Edit(
                name,
                path,
                entry["paper"],
                digest,
                page,
                page.note,
                tags,
                reading,
                entry.get("sync"),
            )
        )
    if problems:
        raise ExportError(
            f"cannot read the vault back ({len(problems)} problem"
            f"{'' if len(problems) == 1 else 's'}; nothing was imported):\n  "
            + "\n  ".join(problems)
        )
    return edits


def merge_note(base: str | None, library: str, vault: str) -> tuple[str, bool]:
    """Three-way merge of a note by lines; True when the two sides overlapped (both kept
    between conflict markers). Without a base (a vault exported before paperdesk kept one)
    differing texts are both kept whole."""
    from merge3 import Merge3

    def lines(text: str) -> list[str]:
        return [line + "\n" for line in text.split("\n")] if text else []

    merger = Merge3(lines(base or ""), lines(library), lines(vault))
    conflict = any(region[0] == "conflict" for region in merger.merge_regions())
    merged = merger.merge_lines(name_a="library", name_b="vault")
    return normalize_note("".join(merged)), conflict


def _apply(s: Any, edit: _Edit, report: VaultImportReport) -> None:
    """Merge one page's edits into my record of its paper (in the caller's transaction)."""
    from paperdesk import tracking
    from paperdesk.members import reading_state
    from paperdesk.services.notes import lock_note, note_of
    from paperdesk.storage import repository as repo
    from paperdesk.storage.models import utcnow_precise

    paper = repo.find_paper(s, edit.key)
    base = edit.base or {}
    taken: list[str] = []
    conflicts: list[str] = []
    stored = note_of(s, paper.id)
    library_note = normalize_note(stored.body if stored else "")
    if edit.note is not None and edit.note != base.get("note") and edit.note != library_note:
        merged, clash = edit.note, False
        if edit.base is None or library_note != base.get("note"):
            merged, clash = merge_note(base.get("note"), library_note, edit.note)
            (conflicts if clash else taken).append(
                "note changed on both sides: " + ("both kept" if clash else "merged")
            )
        else:
            taken.append("note")
        note = lock_note(s, paper)
        note.body = merged + "\n" if merged else ""
        note.revision += 1
        note.updated_at = utcnow_precise()
    if edit.tags is not None and edit.tags != base.get("tags"):
        have = set(repo.tags_of(s, paper.id))
        old = set(base.get("tags") or []) if edit.base is not None else set()
        removed = (old - set(edit.tags)) & have
        added = set(edit.tags) - old - have
        for name in sorted(added):
            repo.tag_paper(s, paper, name)
        for name in sorted(removed):
            repo.untag_paper(s, paper, name)
        if added or removed:
            taken.append(
                "tags "
                + " ".join([*(f"+{t}" for t in sorted(added)), *(f"-{t}" for t in sorted(removed))])
            )
    if edit.reading is not None and edit.reading != base.get("reading"):
        state = reading_state(s, paper.id)
        if state == edit.reading:
            pass
        elif edit.base is not None and state == base.get("reading"):
            tracking.set_state(s, paper, "reading", edit.reading)
            taken.append(f"reading {state} → {edit.reading}")
        else:
            conflicts.append(
                f"reading state set on both sides (library: {state}, vault: "
                f"{edit.reading}): kept {state}"
            )
    if taken or conflicts:
        report.papers.append(paper.key)
    if taken:
        report.taken.append(f"{edit.name}: " + ", ".join(taken))
    if conflicts:
        report.conflicts.append(f"{edit.name}: " + "; ".join(conflicts))
    s.flush()


def _new_entry(entry: dict[str, Any], edit: _Edit) -> dict[str, Any]:
    """The manifest entry after the page's edits are in the library: its values are the new
    base. A page edited only where edits are read back is paperdesk's again (its hash taken)."""
    base = edit.base or {}
    sync = {
        "note": edit.note if edit.note is not None else base.get("note", ""),
        "tags": edit.tags if edit.tags is not None else base.get("tags", []),
        "reading": edit.reading if edit.reading is not None else base.get("reading"),
        "frame": base.get("frame", ""),
    }
    out = {k: v for k, v in entry.items() if k != "previous"}
    out["sync"] = sync
    if edit.base is not None and edit.page.frame == base.get("frame"):
        out["sha256"] = edit.digest
    return out


def import_markdown(lib: Library, directory: Path) -> VaultImportReport:
    """Read back what changed in the vault at ``directory`` since paperdesk wrote it."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ExportError(f"{directory} is not a folder")
    if not (directory / MANIFEST).exists():
        raise ExportError(
            f"{directory} has no {MANIFEST}: it is not a vault paperdesk exported "
            f"(run 'paperdesk export markdown {directory}' first)"
        )
    from paperdesk.export.restore_members import my_name

    with lib.session() as s:
        member = my_name(s)
    manifest = read_manifest(directory, member)
    report = VaultImportReport(directory.resolve())
    report.user_files = sorted(
        p.resolve() for p in directory.glob("*.md") if p.name not in manifest and p.is_file()
    )
    edits = _read_edits(directory, manifest, report)
    applied: list[_Edit] = []
    with lib.session() as s:
        for edit in edits:
            try:
                _apply(s, edit, report)
            except (NotFoundError, InvalidIdError):
                report.gone.append(edit.path.resolve())
                continue
            applied.append(edit)
    if applied:
        updated = dict(manifest)
        for edit in applied:
            updated[edit.name] = _new_entry(manifest[edit.name], edit)
            if updated[edit.name]["sha256"] != edit.digest:
                report.kept.append(edit.path.resolve())
        write_manifest(directory, updated, member)
    return report


def sync_markdown(
    lib: Library, directory: Path, *, list_name: str | None = None
) -> tuple[VaultImportReport | None, ExportReport]:
    """Both ways: read the vault's edits back (when paperdesk exported there before), then
    export, which rewrites only the pages whose library record changed."""
    from paperdesk.export.markdown import export_markdown

    back = import_markdown(lib, directory) if (Path(directory) / MANIFEST).exists() else None
    return back, export_markdown(lib, directory, list_name=list_name)
