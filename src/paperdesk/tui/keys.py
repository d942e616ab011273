"""The key map, in one place: the help screen, the command palette and the README read it."""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    keys: str  # as shown to people
    action: str  # the main screen's action name (without "action_"), "" if not an action
    title: str  # short: footer and command palette
    help: str  # one line: help screen and command palette


MAIN_KEYS: tuple[Key, ...] = (
    Key("↑ ↓  j k", "", "Move", "Move in the table or the lists panel"),
    Key("← →  h l", "", "Panels", "Go to the lists panel / the table (tab cycles the panels)"),
    Key("r", "reading", "Reading", "Set the reading state of the selected paper"),
    Key("p", "replication", "Replication", "Replication of the selected paper (screen or state)"),
    Key("n  enter", "note", "Note", "Edit the selected paper's note (saved as you type)"),
    Key("/", "search", "Search", "Search your library by meaning and keywords"),
    Key("s", "similar", "Similar", "Papers similar to the selected one"),
    Key("a", "add", "Add", "Add a paper by arXiv id or URL"),
    Key("f", "fetch", "Fetch", "Fetch metadata and PDF of the selected paper"),
    Key("F", "fetch_view", "Fetch list", "Fetch every paper of the list shown"),
    Key("o", "open_pdf", "Open PDF", "Open the PDF (at the matched page after a search)"),
    Key("e", "export", "Export", "Export notes to Markdown or the library to BibTeX"),
    Key("t", "tags", "Tags", "Edit the selected paper's tags"),
    Key("x", "cancel_jobs", "Cancel jobs", "Stop the background jobs that are running"),
    Key("?", "help", "Help", "Show this help"),
    Key("ctrl+p", "", "Commands", "Command palette: every action, plus parse, index, theme"),
    Key("q", "quit", "Quit", "Quit (notes are saved first)"),
)

HELP_KEY = next(k for k in MAIN_KEYS if k.action == "help")


def palette_title(key: Key) -> str:
    """A palette entry's title: the command and its key. Textual reads palette titles as
    markup, so the key (``/``, ``?``, ``[``) is escaped rather than written as ``[/]``."""
    from textual.markup import escape

    return escape(f"{key.title}  ·  {key.keys}")


NOTE_KEYS: tuple[Key, ...] = (
    Key("escape", "", "Back", "Save and go back to the papers"),
    Key("ctrl+s", "", "Save", "Save now (it also saves after a second without typing)"),
)

SEARCH_KEYS: tuple[Key, ...] = (
    Key("type", "", "Query", "Results arrive as you pause typing"),
    Key("↓  enter", "", "Results", "Move from the query to the results (tab: the filters)"),
    Key("enter", "", "Jump", "On a result: show the paper in the main screen"),
    Key("o", "", "Open PDF", "Open the PDF at the matched page"),
    Key("escape", "", "Back", "Back to the main screen"),
)


def markdown_table() -> str:
    """The key map as a Markdown table (for the README)."""
    lines = ["| key | what it does |", "|---|---|"]
    for k in MAIN_KEYS:
        lines.append(f"| `{k.keys}` | {k.help} |")
    lines.append("| | **note editor** |")
    for k in NOTE_KEYS:
        lines.append(f"| `{k.keys}` | {k.help} |")
    lines.append("| | **search screen** |")
    for k in SEARCH_KEYS:
        lines.append(f"| `{k.keys}` | {k.help} |")
    return "\n".join(lines)
