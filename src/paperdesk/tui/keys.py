"""The key map, in one place: each screen's ``BINDINGS`` (and so its footer), the help screen,
the command palette and the README table are all built from these tuples.

A :class:`Key` with an ``action`` is a binding of its screen (``app.x`` runs the app's action
``x``); one without is shown in help only (movement, typing). To add a screen's keys, add a
tuple here, build the screen's ``BINDINGS`` with :func:`bindings` and set its ``KEYS`` to the
tuple (the palette reads ``KEYS``), then add a line to :data:`HELP_SECTIONS`.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType
from textual.markup import escape


class Key(NamedTuple):
    keys: str  # as shown to people ("n  enter", "↑ ↓  j k")
    action: str  # the screen's action ("app.x" for the app's), "" if help-only
    title: str  # short: footer and command palette
    help: str  # one line: help screen and command palette
    bind: str = ""  # Textual key names ("slash,question_mark"); default: derived from keys
    show: bool = True  # in the footer
    priority: bool = False  # before the focused widget sees the key (escape in an editor)


# What people read -> what Textual calls the key.
_KEY_NAMES = {
    "/": "slash",
    "?": "question_mark",
    "↑": "up",
    "↓": "down",
    "←": "left",
    "→": "right",
    "+": "plus",
    "-": "minus",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
}


def key_names(key: Key) -> str:
    """The Textual key names of ``key``, comma-separated (``"n  enter"`` → ``"n,enter"``)."""
    if key.bind:
        return key.bind
    return ",".join(_KEY_NAMES.get(token, token) for token in key.keys.split())


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """The ``BINDINGS`` of a screen: one per key that runs an action."""
    return [
        Binding(key_names(k), k.action, k.title, show=k.show, priority=k.priority)
        for k in keys
        if k.action and k.keys
    ]


def palette_title(key: Key) -> str:
    """A palette entry's title: the command and its key. Textual reads palette titles as
    markup, so the key (``/``, ``?``, ``[``) is escaped rather than written as ``[/]``."""
    return escape(f"{key.title}  ·  {key.keys}" if key.keys else key.title)


BACK = Key("escape", "back", "Back", "Back to the main screen")
CANCEL = Key("escape", "cancel", "Cancel", "Close without a change")
ANNOTATIONS = Key(  # the main screen's and the reading view's
    "A",
    "import_annotations",
    "Annotations",
    "Merge the PDF's highlights and comments into the note",
    show=False,
)
CANCEL_JOBS = Key(
    "x", "app.cancel_jobs", "Cancel jobs", "Stop the running background jobs", show=False
)


def ranked_keys(move: str, add: str, dismiss: str, open_: str, *more: Key) -> tuple[Key, ...]:
    """The keys of a ranked discovery screen (:mod:`paperdesk.tui.screens.discovery`, whose
    actions they run): what moving, adding, dismissing and opening mean there, then ``more``."""
    return (
        Key("↑ ↓  j k", "", "Move", move),
        Key("a", "add", "Add", add),
        Key("x", "dismiss_row", "Dismiss", dismiss),
        Key("o", "open", "Open", open_),
        *more,
        BACK,
    )


APP_KEYS: tuple[Key, ...] = (
    Key("?", "app.help", "Help", "Show the keys of every screen"),
    Key("ctrl+p", "", "Commands", "Command palette: every action, plus parse, index, sync, theme"),
    Key("q", "app.quit", "Quit", "Quit (notes are saved first)"),
)

MAIN_KEYS: tuple[Key, ...] = (
    Key("↑ ↓  j k", "", "Move", "Move in the table or the lists panel (g G: first, last)"),
    Key("r", "reading", "Read", "Set the reading state of the selected paper"),
    Key("p", "replication", "Repro", "Replication of the selected paper"),
    Key("n  enter", "note", "Note", "Edit the selected paper's note (saved as you type)", "n"),
    Key("/", "search", "Search", "Search your library by meaning and keywords"),
    Key("s", "similar", "Similar", "Papers similar to the selected one", show=False),
    Key("a", "add", "Add", "Add a paper by arXiv id or URL"),
    Key("f", "fetch", "Fetch", "Fetch metadata and PDF of the selected paper"),
    Key("F", "fetch_view", "Fetch list", "Fetch every paper of the list shown", show=False),
    Key("o", "open_pdf", "Open", "Open the PDF (at the matched page after a search)"),
    Key("e", "export", "Export", "Export notes to Markdown or the library to BibTeX", show=False),
    Key("t", "tags", "Tags", "Edit the selected paper's tags", show=False),
    ANNOTATIONS,
    Key("v", "read", "Text", "Read the parsed text: outline, passages, find, quote", show=False),
    Key("u", "up_next", "Up next", "What to read next in the list shown", show=False),
    Key("P", "progress", "Progress", "Progress: read per week and per list, streaks", show=False),
    CANCEL_JOBS,
    Key("h  ←", "focus_lists", "Lists", "Go to the lists panel (tab cycles panels)", show=False),
    Key("l  →", "focus_table", "Table", "Go to the papers table", show=False),
    Key("N", "app.feed", "Feed", "New arXiv papers ranked by your library", show=False),
    Key("c", "app.suggestions", "Suggestions", "Works your papers cite that you lack", show=False),
    Key("T", "app.team", "Team", "Who read what this week, replications under way", show=False),
)

NOTE_KEYS: tuple[Key, ...] = (
    Key("escape", "leave", "Back", "Save and go back to the papers", priority=True),
    Key("ctrl+s", "save", "Save", "Save now (it also saves after a second without typing)"),
)

SEARCH_KEYS: tuple[Key, ...] = (
    Key("type", "", "Query", "Results arrive as you pause typing"),
    Key("↓  enter", "", "Results", "Move from the query to the results (tab: the filters)"),
    Key(
        "enter",
        "",
        "Jump",
        "On a result: show the paper (a full-text hit opens the reading view at its passage)",
    ),
    Key("o", "open_pdf", "Open", "Open the PDF at the matched page"),
    Key("v", "read", "Text", "Read the paper's parsed text at the matched passage"),
    BACK,
)

READER_KEYS: tuple[Key, ...] = (
    Key("↑ ↓  j k", "", "Move", "Previous / next passage (page ↑ ↓, home, end: further)"),
    Key("]", "next_section", "Section", "Next section"),
    Key("[", "prev_section", "Prev section", "Previous section", show=False),
    Key("tab", "toggle_outline", "Outline", "Go to the outline and back (enter jumps there)"),
    Key("/", "find", "Find", "Search within the paper; matches are highlighted"),
    Key("n", "next_match", "Next", "Next match of the search"),
    Key("N", "prev_match", "Prev match", "Previous match of the search", show=False),
    Key("q", "quote", "Quote", "Append the passage to the note as a quote with its page"),
    ANNOTATIONS,
    Key("o", "open_pdf", "Open", "Open the PDF at the page of the passage"),
    Key("escape", "back", "Back", "Close the search box, then go back"),
)

REPLICATION_KEYS: tuple[Key, ...] = (  # u, o, s, l: hinted where they act, not in the footer
    Key("↑ ↓  j k", "", "Move", "Move in the claims (tab: the runs, the log)"),
    Key("e", "edit_claim", "Edit", "Edit the selected claim"),
    Key("a", "add_claim", "Add", "Add a claim"),
    Key("r", "set_result", "Result", "Set the selected claim's result (latest run shown)"),
    Key("n", "new_run", "Run", "Record a run of the current attempt"),
    Key("]", "next_attempt", "Attempt", "Show the next attempt"),
    Key("[", "prev_attempt", "Prev attempt", "Show the previous attempt", show=False),
    Key(
        "A", "new_attempt", "New attempt", "Start a new attempt (earlier ones are kept)", show=False
    ),
    Key("c", "compare", "Compare", "Attempts side by side: the one shown (A) and another (B)"),
    Key("b", "other_b", "Other B", "Compare with another attempt as B", show=False),
    Key("d", "edit_details", "Details", "Edit goal, scope, environment and compute"),
    Key("u", "edit_repo", "Repo", "Set the code repository URL and commit", show=False),
    Key("o", "open_repo", "Open", "Open the repository (or show and copy its URL)", show=False),
    Key("s", "focus_status", "Status", "Choose the replication status", show=False),
    Key("l", "focus_log", "Log", "Write in the attempt's log", show=False),
    Key("escape", "back", "Back", "Leave the log, status or comparison first, then go back"),
)

UPNEXT_KEYS: tuple[Key, ...] = (
    Key("↑ ↓  j k", "", "Move", "Move in the papers to read next, in roadmap order"),
    Key("enter", "", "Show", "Show the paper in the papers table"),
    Key("v", "read", "Text", "Read the paper's parsed text"),
    BACK,
)

PROGRESS_KEYS: tuple[Key, ...] = (BACK,)

FEED_KEYS: tuple[Key, ...] = ranked_keys(
    "Move in the feed, best first; the abstract shows beside",
    "Add the entry to a list, as a paper with its arXiv metadata",
    "Hide the entry for good (it also teaches the ranking)",
    "Open the entry's arXiv page in the browser",
    Key("r", "refresh", "Refresh", "Fetch what is new since the last run, embed, re-rank"),
)

SUGGEST_KEYS: tuple[Key, ...] = ranked_keys(
    "Move in the works your papers cite, most cited first",
    "Add the work to a list, as a paper with what its references say",
    "Never suggest the work again",
    "Open its arXiv page (or DOI, or the URL a reference gave)",
)

TEAM_KEYS: tuple[Key, ...] = (
    Key("↑ ↓", "", "Move", "Move in the members' papers and the attempts (page ↑ ↓: further)"),
    Key("enter", "", "Open", "Show the paper in the main table, or open the attempt's replication"),
    BACK,
)

PICKER_KEYS: tuple[Key, ...] = (
    Key("↑ ↓  enter", "", "Choose", "Move and choose a state (digits choose at once)"),
    CANCEL,
)

DIALOG_KEYS: tuple[Key, ...] = (CANCEL,)

HELP_SCREEN_KEYS: tuple[Key, ...] = (
    Key("escape  q  ?", "close", "Close", "Close the help", "escape,q,question_mark"),
)

PALETTE_JOBS: tuple[Key, ...] = (  # the app's jobs (paperdesk.tui.commands): palette and help
    Key("", "app.parse", "Parse PDFs", "Extract the text of fetched PDFs that are new or changed"),
    Key("", "app.index", "Index for search", "Embed new passages and update the search index"),
    Key("", "app.sync", "Sync", "Fetch what is new, parse it and index it (paperdesk sync)"),
    Key("", "app.export", "Export", "Export notes to Markdown or the library to BibTeX"),
    CANCEL_JOBS._replace(keys=""),  # x is the main screen's key (elsewhere x may dismiss)
)

HELP_SECTIONS: list[tuple[str, tuple[Key, ...]]] = [
    ("Papers", MAIN_KEYS),
    ("Everywhere", APP_KEYS),
    ("Note editor", NOTE_KEYS),
    ("Search", SEARCH_KEYS),
    ("Reading view", READER_KEYS),
    ("Replication", REPLICATION_KEYS),
    ("Up next", UPNEXT_KEYS),
    ("Progress", PROGRESS_KEYS),
    ("Feed", FEED_KEYS),
    ("Suggestions", SUGGEST_KEYS),
    ("Team", TEAM_KEYS),
]
"""What the help screen (and the README table) shows, in order; screens append their own."""


def markdown_table() -> str:
    """The key map as a Markdown table (for the README)."""
    lines = ["| key | what it does |", "|---|---|"]
    for n, (title, keys) in enumerate(HELP_SECTIONS):
        if n:
            lines.append(f"| | **{title.lower()}** |")
        for k in keys:
            lines.append(f"| `{k.keys}` | {k.help} |")
    return "\n".join(lines)
