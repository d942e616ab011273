"""The replication screen of one paper: claims vs results with gaps coloured by verdict, runs,
status picker, repository link and the attempt's log.

Keys: ``e`` edit the selected claim, ``a`` add a claim, ``r`` set the selected claim's result
(in the latest run), ``n`` record a run, ``u`` repository URL and commit, ``o`` open it,
``s`` status picker, ``l`` log input, ``escape`` back. The screen reads and writes through
``paperdesk.services.replication``; every database call is a few milliseconds of SQLite, so
it runs on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, DataTable, Footer, Input, Label, Select, Static

from paperdesk.errors import PaperdeskError
from paperdesk.replication import VERDICT_STYLE, claim_cells, fmt_num, run_cells
from paperdesk.services import replication as rep
from paperdesk.states import REPLICATION_STATES


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""


class FormScreen(ModalScreen[bool]):
    """A small form: the ``save`` callback gets the values; a :class:`PaperdeskError` from it
    is shown in the form (which stays open), success closes it with True."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 80; height: auto; max-height: 95%; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen .form-row { height: 1; margin-bottom: 1; }
    FormScreen .form-label { width: 22; }
    FormScreen .form-row Input { width: 1fr; }
    FormScreen #form-error { color: $error; height: auto; }
    FormScreen .form-buttons { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, Any]], None],
        *,
        flags: dict[str, tuple[str, bool]] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.flags = flags or {}
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, classes="form-title", markup=False)
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(f.label, classes="form-label")
                    yield Input(
                        f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True
                    )
            for name, (label, value) in self.flags.items():
                yield Checkbox(label, value, id=f"flag-{name}", compact=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="form-save")
                yield Button("Cancel", id="form-cancel")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields
        }
        out.update({name: self.query_one(f"#flag-{name}", Checkbox).value for name in self.flags})
        return out

    def action_save(self) -> None:
        try:
            self.save(self.values())
        except PaperdeskError as exc:
            self.query_one("#form-error", Static).update(f"error: {exc}")
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _claim_values(v: dict[str, Any], *, label: str | None) -> dict[str, Any]:
    """The claim form's values as keyword arguments of add_claim / update_claim."""
    return {
        "label": label,
        "metric": v["metric"],
        "setting": v["setting"],
        "value": v["value"],
        "unit": v["unit"],
        "source": v["source"],
        "tolerance": v["tolerance"] or None,
        "higher_is_better": not v["lower"],
    }


class ReplicationScreen(Screen[None]):
    """One paper's replication record; the app holds the Library as ``app.library``."""

    DEFAULT_CSS = """
    ReplicationScreen { layout: vertical; }
    ReplicationScreen #repro-title { text-style: bold; padding: 0 1; }
    ReplicationScreen #repro-facts { padding: 0 1; height: auto; }
    ReplicationScreen #repro-bar { height: 3; padding: 0 1; }
    ReplicationScreen #repro-bar Label { padding: 1 1 0 0; }
    ReplicationScreen #repro-status { width: 24; }
    ReplicationScreen .section { text-style: bold; padding: 0 1; margin-top: 1; }
    ReplicationScreen #repro-claims { height: auto; max-height: 14; }
    ReplicationScreen #repro-runs { height: auto; max-height: 8; }
    ReplicationScreen #repro-log { height: 1fr; min-height: 3; padding: 0 1; }
    ReplicationScreen #repro-log-input { margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("e", "edit_claim", "Edit claim"),
        Binding("a", "add_claim", "Add claim"),
        Binding("r", "set_result", "Set result"),
        Binding("n", "new_run", "New run"),
        Binding("u", "edit_repo", "Repo"),
        Binding("o", "open_repo", "Open repo", show=False),
        Binding("s", "focus_status", "Status"),
        Binding("l", "focus_log", "Log"),
    ]

    def __init__(self, paper_key: str) -> None:
        super().__init__()
        self.paper_key = paper_key
        self.record: dict[str, Any] = {}

    @property
    def library(self) -> Any:
        return self.app.library  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        try:
            status = rep.record(self.library, self.paper_key)["status"]
        except PaperdeskError:
            status = "none"  # reload() on mount reports the error
        yield Static("", id="repro-title", markup=False)
        yield Static("", id="repro-facts")
        with Horizontal(id="repro-bar"):
            yield Label("status")
            yield Select(
                [(s, s) for s in REPLICATION_STATES],
                allow_blank=False,
                value=status,
                id="repro-status",
            )
        yield Static("Claims vs results", classes="section")
        table: DataTable[Any] = DataTable(id="repro-claims", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("Runs", classes="section")
        yield DataTable(id="repro-runs", cursor_type="row")
        yield Static("Log", classes="section")
        with VerticalScroll(id="repro-log"):
            yield Static("", id="repro-log-text")
        yield Input(placeholder="add a log entry, Enter to save", id="repro-log-input")
        yield Footer()

    def on_mount(self) -> None:
        claims = self.query_one("#repro-claims", DataTable)
        claims.add_columns(
            "claim",
            "metric",
            "setting",
            "claimed",
            "obtained",
            "gap",
            "gap %",
            "tol",
            "verdict",
            "source",
        )
        runs = self.query_one("#repro-runs", DataTable)
        runs.add_columns("run", "date", "command", "commit", "results", "notes")
        self.reload()
        claims.focus()

    # ------------------------------------------------------------ display

    def reload(self) -> None:
        """Read the record again and show it; the claim under the cursor stays selected."""
        try:
            rec = rep.record(self.library, self.paper_key)
        except PaperdeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.record = rec
        attempt = rec["attempts"][-1] if rec["attempts"] else None
        self.query_one("#repro-title", Static).update(f"{rec['title']}  ({rec['paper']})")
        self.query_one("#repro-facts", Static).update(self._facts(rec, attempt))
        status = self.query_one("#repro-status", Select)
        if status.value != rec["status"]:
            with status.prevent(Select.Changed):
                status.value = rec["status"]
        self._fill_claims(rec["claims"])
        self._fill_runs(attempt["runs"] if attempt else [])
        log = attempt["log"] if attempt else []
        lines = (
            Text("no entries yet", style="dim")
            if not log
            else Text("\n").join(
                Text.assemble((e["at"][:16].replace("T", " "), "dim"), "  ", e["text"]) for e in log
            )
        )
        self.query_one("#repro-log-text", Static).update(lines)

    @staticmethod
    def _facts(rec: dict[str, Any], attempt: dict[str, Any] | None) -> Text:
        """Attempt, suggested status, repository (a clickable link) and goal, on one line."""
        if attempt is None:
            return Text(
                "no attempt yet: pick a status, record a run or write in the log", style="dim"
            )
        facts = Text(f"attempt {attempt['number']} of {len(rec['attempts'])}")
        if rec["suggested_status"] and rec["suggested_status"] != rec["status"]:
            facts.append("   suggested status: ").append(rec["suggested_status"], style="bold")
        if attempt["repo_url"]:
            facts.append("   repo ").append(
                attempt["repo_url"], style=Style(link=attempt["repo_url"], underline=True)
            )
            if attempt["repo_commit"]:
                facts.append(f" @ {attempt['repo_commit']}")
        if attempt["goal"]:
            facts.append(f"   goal: {attempt['goal']}")
        return facts

    def _fill_claims(self, claims: list[dict[str, Any]]) -> None:
        table = self.query_one("#repro-claims", DataTable)
        selected = self.selected_label()
        table.clear()
        styled = {5, 6, 8}  # gap, gap %, verdict take the verdict's colour
        for c in claims:
            style = VERDICT_STYLE[c["verdict"]]
            cells = [
                Text(x, style=style) if i in styled else x for i, x in enumerate(claim_cells(c))
            ]
            table.add_row(*cells, key=c["label"])
        labels = [c["label"] for c in claims]
        if selected in labels:
            table.move_cursor(row=labels.index(selected))

    def _fill_runs(self, runs: list[dict[str, Any]]) -> None:
        table = self.query_one("#repro-runs", DataTable)
        table.clear()
        for r in reversed(runs):
            table.add_row(*run_cells(r), key=str(r["id"]))

    def selected_label(self) -> str | None:
        table = self.query_one("#repro-claims", DataTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(row_key.value) if row_key.value is not None else None

    def _claim(self, label: str) -> dict[str, Any]:
        return next(c for c in self.record["claims"] if c["label"] == label)

    # ------------------------------------------------------------ actions

    def _form(
        self,
        title: str,
        fields: list[Field],
        save: Callable[[dict[str, Any]], None],
        flags: dict[str, tuple[str, bool]] | None = None,
    ) -> None:
        def closed(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.app.push_screen(FormScreen(title, fields, save, flags=flags), closed)

    def action_back(self) -> None:
        """Escape leaves the log input or the status picker first, then the screen (dismissed,
        so the caller's callback can refresh what it shows)."""
        claims = self.query_one("#repro-claims", DataTable)
        if self.focused is not None and self.focused is not claims:
            claims.focus()
            return
        self.dismiss(None)

    def action_edit_claim(self) -> None:
        label = self.selected_label()
        if label is None:
            self.notify("no claim selected: press a to add one", severity="warning")
            return
        c = self._claim(label)
        tol = fmt_num(c["tolerance"]) if c["tolerance"] is not None else ""

        def save(v: dict[str, Any]) -> None:
            rep.update_claim(
                self.library, self.paper_key, label, **_claim_values(v, label=v["label"])
            )

        self._form(
            f"Edit claim {label}",
            self._claim_fields(c, tol),
            save,
            {"lower": ("lower is better", not c["higher_is_better"])},
        )

    def action_add_claim(self) -> None:
        def save(v: dict[str, Any]) -> None:
            rep.add_claim(
                self.library, self.paper_key, **_claim_values(v, label=v["label"] or None)
            )

        self._form(
            "Add a claim", self._claim_fields(None, ""), save, {"lower": ("lower is better", False)}
        )

    @staticmethod
    def _claim_fields(c: dict[str, Any] | None, tol: str) -> list[Field]:
        c = c or {}
        return [
            Field("label", "label", c.get("label", ""), "from metric and setting if empty"),
            Field("metric", "metric", c.get("metric", ""), "BLEU, accuracy, perplexity ..."),
            Field("setting", "setting", c.get("setting") or "", "WMT14 en-de, big model"),
            Field("value", "claimed value", fmt_num(c.get("value")), "28.4"),
            Field("unit", "unit", c.get("unit") or "", "%"),
            Field("tolerance", "tolerance", tol, "empty: 1% of the claim"),
            Field("source", "source", c.get("source") or "", "Table 2"),
        ]

    def action_set_result(self) -> None:
        label = self.selected_label()
        if label is None:
            self.notify("no claim selected: press a to add one", severity="warning")
            return
        c = self._claim(label)

        def save(v: dict[str, Any]) -> None:
            text = v["value"].strip()
            rep.update_result(self.library, self.paper_key, label, text or None)

        self._form(
            f"Result for {label} (latest run; empty clears)",
            [Field("value", f"obtained {c['metric']}", fmt_num(c["obtained"]))],
            save,
        )

    def action_new_run(self) -> None:
        def save(v: dict[str, Any]) -> None:
            rep.add_run(
                self.library,
                self.paper_key,
                {},
                command=v["command"],
                commit=v["commit"],
                notes=v["notes"],
            )

        self._form(
            "Record a run (then r sets its results)",
            [
                Field("command", "command or config", placeholder="python train.py --big"),
                Field("commit", "commit", placeholder="a1b2c3d"),
                Field("notes", "notes"),
            ],
            save,
        )

    def action_edit_repo(self) -> None:
        attempt = self.record["attempts"][-1] if self.record.get("attempts") else {}

        def save(v: dict[str, Any]) -> None:
            rep.set_repo(self.library, self.paper_key, v["url"], v["commit"])

        self._form(
            "Code repository",
            [
                Field("url", "URL", attempt.get("repo_url") or "", "https://github.com/..."),
                Field("commit", "commit", attempt.get("repo_commit") or ""),
            ],
            save,
        )

    def action_open_repo(self) -> None:
        attempt = self.record["attempts"][-1] if self.record.get("attempts") else {}
        if attempt.get("repo_url"):
            self.app.open_url(attempt["repo_url"])
        else:
            self.notify("no repository yet: press u to set one", severity="warning")

    def action_focus_status(self) -> None:
        self.query_one("#repro-status", Select).focus()

    def action_focus_log(self) -> None:
        self.query_one("#repro-log-input", Input).focus()

    @on(Select.Changed, "#repro-status")
    def _status_changed(self, event: Select.Changed) -> None:
        if not self.record or event.value == self.record["status"]:
            return
        try:
            rep.set_status(self.library, self.paper_key, str(event.value))
        except PaperdeskError as exc:
            self.notify(str(exc), severity="error")
        self.reload()

    @on(Input.Submitted, "#repro-log-input")
    def _log_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            rep.add_log(self.library, self.paper_key, event.value)
        except PaperdeskError as exc:
            self.notify(str(exc), severity="error")
            return
        event.input.value = ""
        self.reload()
