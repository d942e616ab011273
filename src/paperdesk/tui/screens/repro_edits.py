"""The replication screen's edits: the forms for claims, results, runs, attempts, details
(goal, scope, environment, compute) and the repository. Mixed into
:class:`~paperdesk.tui.screens.replication.ReplicationScreen`, whose record it writes through
``paperdesk.services.replication`` and then reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paperdesk.presenter import fmt_num
from paperdesk.replication import parse_assignment, parse_number
from paperdesk.services import replication as rep
from paperdesk.tui.jobs import LibraryChanged
from paperdesk.tui.screens.forms import Field, FormScreen
from paperdesk.tui.widgets.claims_table import obtained_in

if TYPE_CHECKING:
    from paperdesk.library import Library
    from paperdesk.replication_views import AttemptView, ClaimView, Record


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


KV_HINT = "python=3.11; torch=2.3"


def kv_text(kv: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in kv.items())


def _parse_kv(text: str) -> dict[str, str]:
    """``python=3.11; torch=2.3`` → {python: 3.11, torch: 2.3} (a bad pair names itself)."""
    pairs = [p for p in (s.strip() for s in text.split(";")) if p]
    return dict(parse_assignment(p, "environment entry") for p in pairs)


class ReproEdits:
    """Needs the screen's ``library``, ``paper_key``, ``record``, ``attempt``,
    ``shows_current``, ``shown``/``other``, ``selected_label``, ``_claim`` and ``reload``."""

    paper_key: str
    record: Record | None
    app: Any
    attempt: AttemptView | None
    shows_current: bool
    shown: int | None
    other: int | None
    reload: Callable[[], Any]
    selected_label: Callable[[], str | None]
    _claim: Callable[[str], ClaimView]
    notify: Callable[..., None]
    post_message: Callable[..., Any]

    @property
    def library(self) -> Library:
        raise NotImplementedError  # the screen's: the app's library

    def _changed(self) -> None:
        self.reload()
        self.post_message(LibraryChanged(self.paper_key))

    def _open(self, form: FormScreen, saved: Callable[[], None] | None = None) -> None:
        """Show ``form``; once it saved, ``saved`` runs (default: read the record again)."""

        def closed(ok: bool | None) -> None:
            if ok:
                (saved or self._changed)()

        self.app.push_screen(form, closed)

    def _need_current(self, what: str) -> bool:
        """Edits other than results go to the current attempt: refuse them on an earlier one."""
        if self.shows_current or self.record is None or self.attempt is None:
            return True
        last = self.record["attempts"][-1]["number"]
        self.notify(
            f"Attempt {self.attempt['number']} is an earlier attempt; {what} goes to the current "
            f"attempt {last}: press ] to show it.",
            severity="warning",
        )
        return False

    def action_edit_claim(self) -> None:
        label = self.selected_label()
        if label is None:
            self.notify("No claim selected: press a to add one.", severity="warning")
            return
        c = self._claim(label)
        tol = fmt_num(c["tolerance"]) if c["tolerance"] is not None else ""

        def save(v: dict[str, Any]) -> None:
            rep.update_claim(
                self.library, self.paper_key, label, **_claim_values(v, label=v["label"])
            )

        lower = {"lower": ("lower is better", not c["higher_is_better"])}
        self._open(FormScreen(f"Edit claim {label}", self._claim_fields(c, tol), save, flags=lower))

    def action_add_claim(self) -> None:
        def save(v: dict[str, Any]) -> None:
            rep.add_claim(
                self.library, self.paper_key, **_claim_values(v, label=v["label"] or None)
            )

        lower = {"lower": ("lower is better", False)}
        self._open(FormScreen("Add a claim", self._claim_fields(None, ""), save, flags=lower))

    @staticmethod
    def _claim_fields(c: ClaimView | None, tol: str) -> list[Field]:
        return [
            Field("label", "label", c["label"] if c else "", "from metric and setting if empty"),
            Field("metric", "metric", c["metric"] if c else "", "BLEU, accuracy, perplexity ..."),
            Field("setting", "setting", (c and c["setting"]) or "", "WMT14 en-de, big model"),
            Field("value", "claimed value", fmt_num(c["value"] if c else None), "28.4"),
            Field("unit", "unit", (c and c["unit"]) or "", "%"),
            Field("tolerance", "tolerance", tol, "empty: 1% of the claim"),
            Field("source", "source", (c and c["source"]) or "", "Table 2"),
        ]

    def action_set_result(self) -> None:
        """The selected claim's result in the latest run of the attempt shown (a run
        "entered by hand" is created in the current attempt when it has none)."""
        label = self.selected_label()
        if label is None:
            self.notify("No claim selected: press a to add one.", severity="warning")
            return
        c = self._claim(label)
        attempt = self.attempt
        runs = attempt["runs"] if attempt else []
        if not self.shows_current and not runs:
            self._need_current("a result")
            return
        run_id = runs[-1]["id"] if runs else None
        now = obtained_in(attempt).get(label)
        where = f"run {run_id}" if run_id is not None else "a new run"
        number = attempt["number"] if attempt else 1

        def save(v: dict[str, Any]) -> None:
            text = v["value"].strip()
            rep.update_result(self.library, self.paper_key, label, text or None, run_id=run_id)

        title = f"Result for {label} · attempt {number}, {where} (empty clears)"
        self._open(
            FormScreen(title, [Field("value", f"obtained {c['metric']}", fmt_num(now))], save)
        )

    def action_new_run(self) -> None:
        if not self._need_current("a new run"):
            return

        def save(v: dict[str, Any]) -> None:
            rep.add_run(
                self.library,
                self.paper_key,
                {},
                command=v["command"],
                commit=v["commit"],
                notes=v["notes"],
            )

        fields = [
            Field("command", "command or config", placeholder="python train.py --big"),
            Field("commit", "commit", placeholder="a1b2c3d"),
            Field("notes", "notes"),
        ]
        self._open(FormScreen("Record a run (then r sets its results)", fields, save))

    def action_new_attempt(self) -> None:
        def save(v: dict[str, Any]) -> None:
            rep.new_attempt(self.library, self.paper_key, goal=v["goal"], scope=v["scope"])

        def started() -> None:
            self.shown, self.other = None, None  # show the new attempt
            self._changed()

        n = len(self.record["attempts"] if self.record else []) + 1
        fields = [
            Field("goal", "goal", placeholder="reproduce base model BLEU on WMT14 en-de"),
            Field("scope", "scope", placeholder="base model only, 1 GPU"),
        ]
        title = f"Start attempt {n} (earlier attempts keep their runs and log)"
        self._open(FormScreen(title, fields, save), started)

    def action_edit_details(self) -> None:
        if not self._need_current("a change of details"):
            return
        a = self.attempt

        def save(v: dict[str, Any]) -> None:
            kv = _parse_kv(v["env_kv"])  # checked before anything is written
            old = dict(a["environment_kv"]) if a else {}
            for name in ("budget", "spent"):
                if v[name].strip():
                    parse_number(v[name], f"compute {name}")
            lib, key = self.library, self.paper_key
            rep.set_goal(lib, key, v["goal"])
            rep.set_scope(lib, key, v["scope"])
            rep.set_environment(
                lib, key, v["environment"], set_kv=kv, unset=[k for k in old if k not in kv]
            )
            rep.set_compute(
                lib,
                key,
                budget=v["budget"].strip() or None,
                spent=v["spent"].strip() or None,
                unit=v["unit"],
            )

        def text(value: str | float | None) -> str:
            return "" if value is None else fmt_num(value) if isinstance(value, float) else value

        def field(name: str, label: str, value: str | float | None, hint: str) -> Field:
            return Field(name, label, text(value) if a else "", hint)

        title = f"Attempt {a['number'] if a else 1}: goal, scope, environment, compute"
        fields = [
            field("goal", "goal", a and a["goal"], "reproduce Table 2, base model"),
            field("scope", "scope", a and a["scope"], "base model only, WMT14 en-de"),
            field("environment", "environment", a and a["environment"], "1×A100 40GB, CUDA 12"),
            Field("env_kv", "versions", kv_text(a["environment_kv"] if a else {}), KV_HINT),
            field("budget", "compute budget", a and a["compute_budget"], "40"),
            field("spent", "compute spent", a and a["compute_spent"], "12.5"),
            field("unit", "compute unit", a and a["compute_unit"], "GPU-hours"),
        ]
        hint = "versions: key=value pairs separated by ';' · empty compute: unchanged"
        self._open(FormScreen(title, fields, save, hint=hint))

    def action_edit_repo(self) -> None:
        if not self._need_current("the repository"):
            return
        attempt = self.attempt
        # offered: the first code link the paper prints (paperdesk.parse.links)
        links = self.record["links"] if self.record else []
        paper_code = next((x["url"] for x in links if x["kind"] == "code"), "")

        def save(v: dict[str, Any]) -> None:
            rep.set_repo(self.library, self.paper_key, v["url"], v["commit"])

        url = (attempt and attempt["repo_url"]) or paper_code
        fields = [
            Field("url", "URL", url, "https://github.com/..."),
            Field("commit", "commit", (attempt and attempt["repo_commit"]) or ""),
        ]
        self._open(FormScreen("Code repository", fields, save))
