"""``paperdesk note ID``: edit in $EDITOR, or --print / --append / --set for scripts and pipes,
or --import-annotations to bring the PDF's highlights and comments in."""

from __future__ import annotations

import sys
from typing import Any

import click

from paperdesk.cli.options import json_option, paper_argument
from paperdesk.cli.output import fail, library, print_json
from paperdesk.printable import for_terminal

PIPE_HELP = (
    "standard input is not a terminal, so no editor was started; "
    "pipe the text in with 'paperdesk note {ref} --append -' (adds a paragraph) "
    "or 'paperdesk note {ref} --set -' (replaces the note), or print it with --print"
)


def _text(value: str) -> str:
    """``-`` reads standard input (UTF-8, as pipes deliver it); anything else is the text."""
    if value != "-":
        return value
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"standard input is not UTF-8 text (byte {exc.start}): nothing was saved")
        raise  # unreachable: fail exits


@click.command()
@paper_argument()
@click.option("--print", "print_", is_flag=True, help="Print the note and exit.")
@click.option(
    "--append", "append", metavar="TEXT", help="Append TEXT as a new paragraph ('-': stdin)."
)
@click.option("--set", "set_", metavar="TEXT", help="Replace the note with TEXT ('-': stdin).")
@click.option(
    "--import-annotations",
    "import_annotations",
    is_flag=True,
    help="Merge the PDF's highlights and comments into the note (again: updates, never twice).",
)
@json_option("Print JSON: the note, or what was changed.")
def note(
    ref: str,
    print_: bool,
    append: str | None,
    set_: str | None,
    import_annotations: bool,
    as_json: bool,
) -> None:
    """Edit a paper's Markdown note in $EDITOR (or print, append, replace, import).

    \b
    echo "Read §3 again." | paperdesk note 1706.03762 --append -
    paperdesk note 1706.03762 --set - < notes/attention.md
    paperdesk note 1706.03762 --import-annotations
    """
    from paperdesk.services.notes import append_note, get_note, save_note

    given = [
        name
        for name, on in (
            ("--print", print_),
            ("--append", append is not None),
            ("--set", set_ is not None),
            ("--import-annotations", import_annotations),
        )
        if on
    ]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)} do not go together")
    print_ = print_ or (as_json and not given)  # --json alone prints the note as JSON
    if not given and not print_ and not sys.stdin.isatty():
        click.echo(f"error: {PIPE_HELP.format(ref=ref)}", err=True)
        raise SystemExit(2)
    lib = library()
    if print_:
        state = get_note(lib, ref)
        if as_json:
            print_json({"id": state.paper, "note": state.body, "revision": state.revision})
            return
        body = for_terminal(state.body)  # a restored note may hold escapes
        click.echo(body, nl=bool(body) and not body.endswith("\n"))  # ends a line, as files do
        return
    if import_annotations:
        from paperdesk.services.annotations import import_annotations as run_import

        report = run_import(lib, ref)
        if as_json:
            keys = ("added", "updated", "unchanged", "gone", "error")
            print_json({"id": report.paper, **{k: getattr(report, k) for k in keys}})
            return
        click.echo(f"{report.paper}: {report.summary()}")
        return
    if append is not None:
        text = _text(append)
        if not text.strip():
            fail("nothing to append: the text is empty")
        state = append_note(lib, ref, text)
        _saved(state, as_json)
        return
    if set_ is not None:
        state = save_note(lib, ref, _text(set_))
        _saved(state, as_json)
        return
    if as_json:
        raise click.UsageError("--json goes with --print, --append, --set or --import-annotations")
    current = get_note(lib, ref)
    try:
        edited = click.edit(current.body, extension=".md", require_save=True)
    except click.ClickException as exc:
        fail(f"cannot run the editor ($EDITOR / $VISUAL): {exc.format_message()}")
    if edited is None:
        click.echo("note unchanged")
        return
    state = save_note(lib, ref, edited, base_revision=current.revision, base_body=current.body)
    if state.conflict:
        click.echo(f"{state.paper}: the note changed while you edited it; both versions were kept")
    elif state.merged:
        click.echo(f"{state.paper}: note saved, merged with a change made while you edited it")
    else:
        click.echo(f"{state.paper}: note saved")


def _saved(state: Any, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "id": state.paper,
                "saved": True,
                "characters": len(state.body),
                "revision": state.revision,
            }
        )
    else:
        click.echo(f"{state.paper}: note saved ({len(state.body)} characters)")


@click.command()  # type: ignore[no-redef]
@paper_argument()
@json_option("Print JSON.")
def annotations(ref: str, as_json: bool) -> None:
    """List the highlights, underlines, notes and ink saved in the paper's PDF.

    Viewers (zathura, okular, evince, Preview, Zotero when saving to the file) store them in
    the PDF; 'paperdesk note ID --import-annotations' brings them into the note."""
    from dataclasses import asdict

    from paperdesk.cli.output import print_json
    from paperdesk.services.annotations import list_annotations

    found = list_annotations(library(), ref)
    if as_json:
        rows = [asdict(a) for a in found.annotations]
        print_json({"paper": found.paper, "pdf": str(found.pdf), "annotations": rows})
        return
    if not found.annotations:
        click.echo(f"{found.paper}: no annotations in {found.pdf}")
        return
    for a in found.annotations:
        head = " · ".join(
            x
            for x in (
                f"p. {a.page}",
                a.kind,
                a.colour_name or a.colour or "",
                a.author,
                (a.modified or "")[:16].replace("T", " "),
            )
            if x
        )
        # the text, comment and author are the PDF's: they may hold escape sequences
        click.echo(for_terminal(head))
        if a.text:
            click.echo(f"  > {for_terminal(a.text)}")
        if a.comment:
            click.echo("  " + for_terminal(a.comment).replace("\n", "\n  "))
    n = len(found.annotations)
    click.echo(f"{found.paper}: {n} annotation{'s' if n != 1 else ''} in {found.pdf}")
