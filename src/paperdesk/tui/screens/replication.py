"""The replication screen of one paper: claims vs results with gaps coloured by verdict, the
attempts (switch with ``[``/``]``, two side by side with ``c``), the runs and the log of the
attempt shown, its goal / scope / environment / compute, status and repository.

Every key is in :data:`paperdesk.tui.keys.REPLICATION_KEYS` (footer and help). Reading and
writing go through ``paperdesk.services.replication`` in workers; the services write to the
current (latest) attempt, so an earlier attempt is shown read-only except for its results.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Static

from paperdesk.errors import PaperdeskError
from paperdesk.fetch.browser import open_page
from paperdesk.presenter import compute_text
from paperdesk.services import replication as rep
from paperdesk.states import REPLICATION_STATES
from paperdesk.tui.jobs import WorkerFailures
from paperdesk.tui.keys import REPLICATION_KEYS, bindings
from paperdesk.tui.screens.forms import Field, FormScreen
from paperdesk.tui.screens.keyflow import OrderedInput, OrderedKeys
from paperdesk.tui.screens.repro_edits import ReproEdits, kv_text
from paperdesk.tui.widgets.claims_table import (
    COMPARE_HEADERS,
    RUN_HEADERS,
    SINGLE_HEADERS,
    RowsTable,
    claim_rows,
    compare_rows,
    headers_for,
    log_text,
    measured,
    obtained_in,
    run_rows,
)

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.replication_views import AttemptView, ClaimView, Record

__all__ = ["Field", "FormScreen", "ReplicationScreen"]


def _paper_links(rec: Record, repo_url: str | None) -> Text:
    """The first code link the paper prints (else its first link), offered as the repository
    when the attempt has none; one line, so it fits beside the other facts at 80 columns (the
    detail pane and ``show`` list every link)."""
    others = [x for x in rec["links"] if x["url"] != repo_url]
    links = ([x for x in others if x["kind"] == "code"] or others)[:1]
    out = Text()
    for i, x in enumerate(links):
        out.append("\nin the paper " if i == 0 else " · ", style="dim")
        out.append(f"{x['kind']} ", style="dim")
        out.append(x["url"], style=Style(link=x["url"], underline=True))
        out.append(f" p. {x['page']}", style="dim")
    if links and not repo_url and any(x["kind"] == "code" for x in links):
        out.append("  u uses it", style="dim")
    return out


class ReplicationScreen(OrderedKeys, WorkerFailures, ReproEdits, Screen[None]):
    """One paper's replication record; the app holds the Library as ``app.library``."""

    DEFAULT_CSS = """
    ReplicationScreen { layout: vertical; }
    ReplicationScreen #repro-head { height: 1; padding: 0 1; }
    ReplicationScreen #repro-title { width: 1fr; text-style: bold; }
    ReplicationScreen #repro-head Label { padding: 0 1; }
    ReplicationScreen #repro-status { width: 18; }
    ReplicationScreen #repro-facts { padding: 0 1; height: auto; max-height: 4; }
    ReplicationScreen .section { text-style: bold; padding: 0 1; background: $panel; }
    ReplicationScreen #repro-claims { height: auto; max-height: 12; }
    ReplicationScreen #repro-runs { height: auto; max-height: 6; }
    ReplicationScreen #repro-log { height: 1fr; min-height: 2; padding: 0 1; }
    ReplicationScreen #repro-log-input { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(REPLICATION_KEYS)
    KEYS = REPLICATION_KEYS

    record: reactive[Record | None] = reactive(None, init=False, always_update=True)
    """The record shown; None until it is first read."""
    shown: reactive[int | None] = reactive(None, init=False)  # attempt number; None: current
    other: reactive[int | None] = reactive(None, init=False)  # attempt B when comparing

    def __init__(self, paper_key: str, *, attempt: int | None = None) -> None:
        """``attempt``: the attempt shown first (default the current one)."""
        super().__init__()
        self.paper_key = paper_key
        self.set_reactive(ReplicationScreen.shown, attempt)

    @property
    def library(self) -> Library:
        return self.app.library

    def compose(self) -> ComposeResult:
        with Horizontal(id="repro-head"):
            yield Static(self.paper_key, id="repro-title", markup=False)
            yield Label("status (s)")
            yield Select(
                [(s, s) for s in REPLICATION_STATES],
                allow_blank=True,
                id="repro-status",
                compact=True,
            )
        yield Static("", id="repro-facts")
        yield Static("Claims vs results", id="repro-claims-title", classes="section")
        yield RowsTable(id="repro-claims")
        yield Static("Runs", id="repro-runs-title", classes="section")
        yield RowsTable(id="repro-runs")
        yield Static("Log", id="repro-log-title", classes="section")
        with VerticalScroll(id="repro-log"):
            yield Static("", id="repro-log-text")
        yield OrderedInput(
            placeholder="l: write in the log, enter saves", id="repro-log-input", compact=True
        )
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.claims_table)
        self._fit_footer(self.app.size.width)
        self.reload()
        # a change saved here or by another process (the CLI, a colleague): read it again
        self.watch(self.app, "change", lambda _: self.reload(), init=False)  # type: ignore[arg-type]

    def on_resize(self, event: events.Resize) -> None:
        self._fit_footer(event.size.width)

    def _fit_footer(self, width: int) -> None:
        """Below 100 columns every key still fits: compact, without the palette's hint."""
        footer = self.query_one(Footer)
        footer.compact = width < 100
        footer.show_command_palette = width >= 100

    @property
    def claims_table(self) -> RowsTable:
        return self.query_one("#repro-claims", RowsTable)

    # -- loading ---------------------------------------------------------------------------------

    @work(exclusive=True, group="repro-load", exit_on_error=False, description="replication")
    async def reload(self) -> None:
        """Read the record again and show it; the claim under the cursor stays selected."""
        key = self.paper_key
        self.record = await asyncio.to_thread(lambda: rep.record(self.library, key))

    def _attempt(self, number: int | None) -> AttemptView | None:
        attempts = self.record["attempts"] if self.record else []
        if not attempts:
            return None
        if number is None:
            return attempts[-1]
        return next((a for a in attempts if a["number"] == number), attempts[-1])

    @property
    def attempt(self) -> AttemptView | None:  # type: ignore[override]
        """The attempt shown (A)."""
        return self._attempt(self.shown)

    @property
    def shows_current(self) -> bool:  # type: ignore[override]
        a = self.attempt
        return (
            a is None or self.record is None or a["number"] == self.record["attempts"][-1]["number"]
        )

    def watch_record(self) -> None:
        self._show()

    def watch_shown(self) -> None:
        self._show()

    def watch_other(self) -> None:
        self._show()

    def _show(self) -> None:
        rec = self.record
        if rec is None:
            return
        self.query_one("#repro-title", Static).update(f"{rec['title']}  ({rec['paper']})")
        status = self.query_one("#repro-status", Select)
        if status.value != rec["status"]:
            with status.prevent(Select.Changed):
                status.value = rec["status"]
        attempt = self.attempt
        self.query_one("#repro-facts", Static).update(self._facts(rec, attempt))
        claims = self.claims_table
        authors = rec["shared"]  # several members: who made each row
        b = self._attempt(self.other) if self.other is not None else None
        if attempt is not None and b is not None and b["number"] != attempt["number"]:

            def who(x: AttemptView) -> str:
                return f" by {x['by']}" if authors and x["by"] else ""

            self.query_one("#repro-claims-title", Static).update(
                f"Claims vs results · attempt {attempt['number']}{who(attempt)} (A)"
                f" vs {b['number']}{who(b)} (B)"
            )
            claims.refill(
                headers_for(COMPARE_HEADERS, authors),
                compare_rows(rec["claims"], attempt, b, authors),
            )
        else:
            where = f" · attempt {attempt['number']}" if attempt else ""
            self.query_one("#repro-claims-title", Static).update(f"Claims vs results{where}")
            got = obtained_in(attempt)
            shown = [measured(c, got.get(c["label"])) for c in rec["claims"]]
            claims.refill(headers_for(SINGLE_HEADERS, authors), claim_rows(shown, authors))
        self.query_one("#repro-runs", RowsTable).refill(
            headers_for(RUN_HEADERS, authors), run_rows(attempt, authors)
        )
        runs = len(attempt["runs"]) if attempt else 0
        self.query_one("#repro-runs-title", Static).update(f"Runs ({runs})")
        lines = log_text(attempt["log"] if attempt else [], authors)
        self.query_one("#repro-log-text", Static).update(lines)

    @staticmethod
    def _facts(rec: Record, attempt: AttemptView | None) -> Text:
        """Which attempt, suggested status, repository (a link), goal, scope, environment,
        compute: short lines, only what is set."""
        if attempt is None:
            return Text(
                "no attempt yet: pick a status (s), record a run (n), set the goal and compute "
                "(d) or the repository (u), or write in the log (l)",
                style="dim",
            ).append_text(_paper_links(rec, None))
        n = len(rec["attempts"])
        facts = Text.assemble(("attempt ", "dim"), (f"{attempt['number']}", "bold"), f" of {n}")
        if rec["shared"] and attempt["by"]:
            facts.append(" by ", style="dim").append(attempt["by"])
        if n > 1:
            facts.append("  [ ] switch · c compare", style="dim")
        facts.append(f" · {attempt['status']}")
        if rec["suggested_status"] and rec["suggested_status"] != rec["status"]:
            facts.append(" · suggested status: ").append(rec["suggested_status"], style="bold")
        if attempt["repo_url"]:
            facts.append("\nrepo ", style="dim").append(
                attempt["repo_url"], style=Style(link=attempt["repo_url"], underline=True)
            )
            if attempt["repo_commit"]:
                facts.append(f" @ {attempt['repo_commit']}")
            facts.append("  o open · u edit", style="dim")
        line = []
        if attempt["goal"]:
            line.append(("goal ", attempt["goal"]))
        if attempt["scope"]:
            line.append(("scope ", attempt["scope"]))
        env = "; ".join(
            x for x in (attempt["environment"], kv_text(attempt["environment_kv"])) if x
        )
        if env:
            line.append(("env ", env))
        if compute := compute_text(attempt):
            line.append(("compute ", compute))
        if not attempt["repo_url"]:
            line.append(("repo ", "none yet (u sets it)"))
        for i, (name, value) in enumerate(line):
            facts.append("\n" if i == 0 else " · ").append(name, style="dim").append(value)
        if len(line) == 1 and not attempt["repo_url"]:
            facts.append("\nno goal, scope, environment or compute yet: press d", style="dim")
        return facts.append_text(_paper_links(rec, attempt["repo_url"]))

    def selected_label(self) -> str | None:
        return self.claims_table.selected_key()

    def _claim(self, label: str) -> ClaimView:
        claims = self.record["claims"] if self.record else []
        return next(c for c in claims if c["label"] == label)

    def action_open_repo(self) -> None:
        url = self.attempt["repo_url"] if self.attempt else None
        if not url:
            self.notify("No repository yet: press u to set one.", severity="warning")
            return
        self.open_repo(url)

    @work(group="repro-open", exit_on_error=False, description="opening the repository")
    async def open_repo(self, url: str) -> None:
        why = await asyncio.to_thread(open_page, url)
        if why is None:
            self.notify(f"Opened {url} in the browser.")
            return
        self.app.copy_to_clipboard(url)
        self.notify(
            f"Not opened: {why}. The repository is {url} (copied to the clipboard).",
            severity="warning",
            timeout=12,
            markup=False,
        )

    # -- attempts --------------------------------------------------------------------------------

    def _numbers(self) -> list[int]:
        return [a["number"] for a in (self.record["attempts"] if self.record else [])]

    def _switch(self, delta: int) -> None:
        numbers = self._numbers()
        if len(numbers) < 2:
            self.notify("Only one attempt so far: A starts another.", severity="warning")
            return
        here = numbers.index(self.attempt["number"])  # type: ignore[index]
        target = numbers[(here + delta) % len(numbers)]
        self.shown = None if target == numbers[-1] else target
        if self.other == target:  # B cannot be A
            self.other = numbers[(numbers.index(target) - 1) % len(numbers)]

    def action_next_attempt(self) -> None:
        self._switch(1)

    def action_prev_attempt(self) -> None:
        self._switch(-1)

    def action_compare(self) -> None:
        """Toggle A (the attempt shown) vs B (by default the one before it)."""
        if self.other is not None:
            self.other = None
            return
        numbers = self._numbers()
        if len(numbers) < 2:
            self.notify("Only one attempt so far: A starts another.", severity="warning")
            return
        here = numbers.index(self.attempt["number"])  # type: ignore[index]
        self.other = numbers[here - 1] if here > 0 else numbers[1]

    def action_other_b(self) -> None:
        if self.other is None:
            self.action_compare()
            return
        numbers = [n for n in self._numbers() if n != self.attempt["number"]]  # type: ignore[index]
        self.other = numbers[(numbers.index(self.other) + 1) % len(numbers)]

    # -- status, log, back -----------------------------------------------------------------------

    def action_focus_status(self) -> None:
        self.set_focus(self.query_one("#repro-status", Select))

    def action_focus_log(self) -> None:
        self.set_focus(self.query_one("#repro-log-input", Input))

    def action_back(self) -> None:
        """Escape leaves the log input or the status picker first, then the comparison, then
        the screen (dismissed, so the caller's callback can refresh what it shows)."""
        claims = self.claims_table
        if self.focused is not None and self.focused is not claims:
            self.set_focus(claims)
            return
        if self.other is not None:
            self.other = None
            return
        self.dismiss(None)

    @on(Select.Changed, "#repro-status")
    def _status_changed(self, event: Select.Changed) -> None:
        if not self.record or event.value in (Select.NULL, self.record["status"]):
            return
        self.write(lambda: rep.set_status(self.library, self.paper_key, str(event.value)))

    @on(Input.Submitted, "#repro-log-input")
    def _log_submitted(self, event: Input.Submitted) -> None:
        text = event.value
        if not text.strip():
            return
        if not self._need_current("the log"):
            return
        event.input.value = ""
        self.write(lambda: rep.add_log(self.library, self.paper_key, text))

    @work(group="repro-write", exit_on_error=False, description="saving")
    async def write(self, change: Callable[[], Any]) -> None:
        """Run one service call off the UI thread, then show the record again."""
        try:
            await asyncio.to_thread(change)
        except PaperdeskError as exc:
            self.notify(str(exc), severity="error")
        self._changed()
