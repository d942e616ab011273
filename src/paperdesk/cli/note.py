"""``paperdesk note ID``: edit in $EDITOR, or --print / --append for scripts."""

from __future__ import annotations

import click

from paperdesk.cli.output import fail, library


@click.command()
@click.argument("ref", metavar="ID")
@click.option("--print", "print_", is_flag=True, help="Print the note and exit.")
@click.option("--append", "append", metavar="TEXT", help="Append TEXT as a new paragraph.")
def note(ref: str, print_: bool, append: str | None) -> None:
    """Edit a paper's Markdown note in $EDITOR (or print / append to it)."""
    from paperdesk.services.notes import append_note, get_note, save_note

    if print_ and append is not None:
        fail("--print and --append do not go together")
    lib = library()
    if print_:
        click.echo(get_note(lib, ref).body, nl=False)
        return
    if append is not None:
        state = append_note(lib, ref, append)
        click.echo(f"{state.paper}: note saved ({len(state.body)} characters)")
        return
    current = get_note(lib, ref)
    try:
        edited = click.edit(current.body, extension=".md", require_save=True)
    except click.ClickException as exc:
        fail(f"cannot run the editor ($EDITOR / $VISUAL): {exc.format_message()}")
    if edited is None:
        click.echo("note unchanged")
        return
    state = save_note(lib, ref, edited, base_revision=current.revision)
    if state.conflict:
        click.echo(f"{state.paper}: the note changed while you edited it; both versions were kept")
    else:
        click.echo(f"{state.paper}: note saved")
