"""``paperdesk export markdown|bibtex|csl|json`` and ``paperdesk import
bibtex|csl|markdown|json``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from paperdesk.cli.indexing import index_json, index_new
from paperdesk.cli.options import force_option, json_option, list_option
from paperdesk.cli.output import library, print_json
from paperdesk.printable import for_terminal

if TYPE_CHECKING:
    from paperdesk.export.refreport import BibImportReport
    from paperdesk.library import Library

_LIST = list_option("Only the papers of this reading list (in list order).")
_ADD_TO_LIST = list_option("Also add the papers to this reading list (created if new).")
_JSON = json_option("Print what was written or read in as JSON.")
F = TypeVar("F", bound=Callable[..., Any])


def _jsonable(report: Any) -> dict[str, Any]:
    """A report as JSON: its fields, and its one-line summary when it has one."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(report) and not isinstance(report, type):
        data = asdict(report)
    else:
        data = dict(vars(report))
    if callable(getattr(report, "summary", None)):
        data["summary"] = report.summary()
    return data


def _echo(prefix: str, lines: list[str], *, err: bool = False) -> None:
    """Each line after ``prefix``; a line may quote a file's own text (a title, a bad value)."""
    for line in lines:
        click.echo(prefix + for_terminal(line), err=err)


def _write_text(
    file: str,
    text: str,
    what: str,
    count: int,
    lib: Library | None = None,
    force: bool = False,
    as_json: bool = False,
) -> None:
    if file == "-" and as_json:
        raise click.UsageError("--json needs a FILE: '-' writes the export itself to stdout")
    if file == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        click.echo(f"{count} {what} written to stdout", err=True)
        return
    from paperdesk.export.files import write_export

    write_export(lib or library(), Path(file), text, force=force)
    if as_json:
        print_json({"file": file, "written": count, "what": what})
        return
    click.echo(f"{file}: {count} {what} written")


_FORCE = force_option("Replace FILE even if paperdesk did not write it.")


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several decorators as one, applied as if written one above the other."""

    def apply(f: F) -> F:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return apply


_FILE = click.argument("file", metavar="FILE")
_TO_FILE = _stack(_FILE, _FORCE, _JSON)  # every export to one FILE ('-': stdout)
_FROM_FILE = _stack(_FILE, _ADD_TO_LIST, _JSON)  # every reference import ('-': stdin)


@click.group()
def export() -> None:
    """Export the library: a Markdown vault, BibTeX, CSL-JSON, or a JSON backup."""


def _vault_import_lines(report: Any, as_json: bool) -> None:
    if as_json:
        print_json(_jsonable(report))
        return
    click.echo(report.summary())
    _echo("from the vault: ", report.taken)
    _echo("both sides: ", report.conflicts, err=True)
    for path in report.user_files:
        click.echo(f"left alone {path.name}: not written by paperdesk", err=True)
    for path in report.kept:
        click.echo(
            f"kept {path.name}: edited outside the note, tags and reading state, so paperdesk "
            "will not rewrite it (delete it to have it written again)",
            err=True,
        )
    for path in report.missing:
        click.echo(f"deleted in the vault: {path.name} (the next export writes it again)", err=True)
    for path in report.gone:
        click.echo(f"not read {path.name}: its paper is no longer in the library", err=True)


@export.command("markdown", short_help="Write a Markdown vault: a file per paper and list.")
@click.argument("directory", type=click.Path(path_type=Path))
@_LIST
@click.option(
    "--sync",
    is_flag=True,
    help="First read back what was edited in the vault (as 'import markdown'), then export.",
)
@_JSON
def export_markdown(directory: Path, list_name: str | None, sync: bool, as_json: bool) -> None:
    """Write one Markdown file per paper and one index per list into DIRECTORY.

    Exporting again rewrites only what changed; files paperdesk did not write (or that were
    edited since) are never overwritten or removed, only reported. With --sync, the notes,
    tags and reading states edited in the vault come into the library first.
    """
    from paperdesk.export.markdown import export_markdown as run
    from paperdesk.export.vault import CHANGED

    if sync:
        from paperdesk.export.vaultsync import sync_markdown

        back, report = sync_markdown(library(), directory, list_name=list_name)
        if back is not None and not as_json:
            _vault_import_lines(back, as_json)
    else:
        back, report = None, run(library(), directory, list_name=list_name)
    if as_json:
        print_json({**_jsonable(report), "read_back": _jsonable(back) if back else None})
        return
    click.echo(report.summary())
    for path, why in report.skipped:
        hint = (
            " (its note, tags and reading state are read back by 'paperdesk import markdown'; "
            "delete it to have it written again)"
            if why == CHANGED
            else ""
        )
        click.echo(for_terminal(f"skipped {path.name}: {why}{hint}"), err=True)
    for path in report.kept:
        click.echo(
            f"kept {path.name}: no longer exported, but changed since paperdesk wrote it", err=True
        )


@export.command("bibtex")
@_LIST
@click.option(
    "--files",
    is_flag=True,
    help="Name each stored PDF in a Zotero 'file' field (Zotero attaches them on import).",
)
@_TO_FILE
def export_bibtex(
    file: str, list_name: str | None, files: bool, force: bool, as_json: bool
) -> None:
    """Write BibTeX entries to FILE ('-' for stdout)."""
    from paperdesk.export.bibtex import bibtex_text

    lib = library()
    out = bibtex_text(lib, list_name=list_name, files=files)
    _write_text(file, out.text, "BibTeX entries", out.entries, lib, force, as_json)


@export.command("csl")
@_LIST
@_TO_FILE
def export_csl(file: str, list_name: str | None, force: bool, as_json: bool) -> None:
    """Write CSL-JSON (Zotero, pandoc) to FILE ('-' for stdout)."""
    from paperdesk.export.csljson import csl_text

    lib = library()
    out = csl_text(lib, list_name=list_name)
    _write_text(file, out.text, "CSL-JSON items", out.entries, lib, force, as_json)


@export.command("json", short_help="Write a lossless JSON backup of the library.")
@_TO_FILE
def export_json(file: str, force: bool, as_json: bool) -> None:
    """Write a lossless JSON backup of the library to FILE ('-' for stdout).

    Papers, lists, citations and replication records, and every member's reading states and
    their history, notes, tags, plans and reading time are stored, each with its member; PDFs,
    extracted text and the search index are rebuilt after a restore.
    """
    from paperdesk.export.backup import dump, to_json
    from paperdesk.wording import plural

    lib = library()
    data = dump(lib)
    n_notes = sum(len(p["notes"]) for p in data["papers"])
    members = plural(len(data["members"]), "member", "members")
    _write_text(
        file,
        to_json(data),
        f"papers, {len(data['lists'])} lists, {n_notes} notes, {members}",
        len(data["papers"]),
        lib,
        force,
        as_json,
    )


@click.group("import")
def import_() -> None:
    """Import references (BibTeX, CSL-JSON), read back a Markdown vault, or restore a backup."""


def _import_references(
    run: Callable[..., BibImportReport], what: str, file: str, list_name: str | None, as_json: bool
) -> None:
    """Read FILE ('-': stdin; ``what`` names it in errors), import it with ``run`` and print
    the report."""
    from paperdesk.export.files import read_text
    from paperdesk.export.refreport import UNREADABLE
    from paperdesk.wording import plural

    if file == "-":
        text, where, path = sys.stdin.read(), "stdin", None
    else:
        text, where, path = read_text(Path(file), what), file, Path(file)
    lib = library()
    report = run(lib, text, where, list_name=list_name, path=path)
    if not as_json:
        _reference_import_lines(report, list_name)
    # the attached PDFs are parsed; their text is indexed as 'add --pdf' does (one code path)
    done = index_new(lib, quiet=as_json) if report.pdfs else None
    if as_json:
        out = {**report.as_json(), "list": list_name if report.listed else None}
        if done is not None:
            out["index"] = index_json(done)
        print_json(out)
    unreadable = len(report.of(UNREADABLE))
    if unreadable:  # what could be read is imported; the file still needs a fix: exit 1
        if not as_json:
            n = plural(unreadable, "entry", "entries")
            name = path.name if path else where
            click.echo(f"error: {n} of {name} could not be read; the others are imported", err=True)
        raise SystemExit(1)


def _reference_import_lines(report: BibImportReport, list_name: str | None) -> None:
    from paperdesk.export.refreport import MERGED, SKIPPED, UNREADABLE
    from paperdesk.reports import failure_lines

    click.echo(for_terminal(report.summary() + (f" ({list_name})" if report.listed else "")))
    _echo("", failure_lines(report.of(MERGED)))
    _echo("attached ", report.pdfs)
    _echo("skipped ", failure_lines(report.of(SKIPPED)), err=True)
    _echo("warning: ", report.warnings, err=True)
    _echo("unreadable: ", failure_lines(report.of(UNREADABLE)), err=True)


@import_.command("bibtex", short_help="Add the entries of a BibTeX FILE.")
@_FROM_FILE
def import_bibtex(file: str, list_name: str | None, as_json: bool) -> None:
    """Add the entries of a BibTeX FILE ('-' for stdin), merging with papers already here.

    arXiv ids are recognised in eprint, url and doi fields (and 'arXiv:…' in journal or note).
    Zotero / Better BibTeX exports keep their entry types, keywords (as tags) and notes, and
    their 'file' PDFs are attached (paths relative to FILE).
    """
    from paperdesk.export.bibimport import import_bibtex_text

    _import_references(import_bibtex_text, "BibTeX file", file, list_name, as_json)


@import_.command("csl", short_help="Add the items of a CSL-JSON FILE (Zotero).")
@_FROM_FILE
def import_csl(file: str, list_name: str | None, as_json: bool) -> None:
    """Add the items of a CSL-JSON FILE ('-' for stdin), as Zotero or Better BibTeX export it.

    Types, keywords (as tags), notes and DOIs are kept; a 'file' value attaches PDFs (paths
    relative to FILE). Papers already here are merged, as with 'import bibtex'.
    """
    from paperdesk.export.cslimport import import_csl_text

    _import_references(import_csl_text, "CSL-JSON file", file, list_name, as_json)


@import_.command("markdown", short_help="Read back what was edited in a vault.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_JSON
def import_markdown(directory: Path, as_json: bool) -> None:
    """Read back what was edited in a vault made by 'paperdesk export markdown'.

    The note (under '## Notes'), 'tags' and 'reading' in each paper's front matter: a change
    made in the vault is taken; made on both sides, both are kept and reported. Files you made
    in the vault are left alone. Nothing is imported if one page has a bad tag or state.
    """
    from paperdesk.export.vaultsync import import_markdown as run

    _vault_import_lines(run(library(), directory), as_json)


@import_.command("json")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Add to a library that already has data (nothing in it is overwritten).",
)
@click.option(
    "--as",
    "as_member",
    metavar="NAME",
    help="Restore one member's own data (states, notes, tags, plans, reading time) as the "
    "member NAME of this library, merging the shared data.",
)
@click.option(
    "--from-member",
    metavar="X",
    help="With --as: whose data to take when the backup has several members.",
)
@_JSON
def import_json(
    file: Path, merge: bool, as_member: str | None, from_member: str | None, as_json: bool
) -> None:
    """Restore a JSON backup made by 'paperdesk export json'.

    Into an empty library (a fresh one with only the seeded lists counts as empty) the result
    is exactly the backup, its members included; into one with your own data only with
    --merge. With --as NAME, one member's data comes into a shared library as NAME's (the
    backup's only member, or --from-member X); a backup from before members is one reader's.
    """
    from paperdesk.export.backup import import_json as run
    from paperdesk.export.backup_upgrade import MemberChoiceError

    try:
        report = run(library(), file, merge=merge, as_member=as_member, from_member=from_member)
    except MemberChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    merge = merge or as_member is not None
    if as_json:
        print_json({"file": str(file), **_jsonable(report)})
        return
    how = (
        f"{report.added_papers} papers added, {report.merged_papers} merged"
        if merge
        else f"{report.papers} papers restored"
    )
    click.echo(
        f"{file}: {how}, {report.lists} lists, {report.notes} notes, "
        f"{report.attempts} replication attempts; run 'paperdesk sync' to rebuild the "
        "text and the search index"
    )
    if as_member is not None:
        click.echo(f"restored as {as_member}: their reading states, notes, tags and plans")
    elif report.members:
        click.echo(f"members: {', '.join(report.members)}")
        if report.me not in report.members:
            click.echo(
                f"you are {report.me}, not a member of the backup: to take one member's data "
                f"as yours, import with --as {report.me} (and --from-member X)",
                err=True,
            )
    if report.authors_unknown:
        click.echo(
            f"made by {', '.join(report.authors_unknown)} (not members here): restored "
            "without an author",
            err=True,
        )
    for key in report.notes_kept_both:
        click.echo(f"{key}: the note differed; both texts were kept", err=True)
    if missing := report.pdfs_not_here:
        click.echo(
            f"{len(missing)} PDF file{'' if len(missing) == 1 else 's'} not in this library's "
            "PDF folder, restored without (a backup holds no PDFs): copy that folder here "
            "and import again with --merge, or 'paperdesk fetch' downloads arXiv papers' PDFs "
            "again and 'paperdesk add --pdf FILE --id KEY' attaches a file",
            err=True,
        )
