"""The shapes of replication records and of what the replication services return.

They are TypedDicts, not dataclasses: each is exactly the JSON that ``paperdesk repro ID
--json``, ``repro --summary --json``, ``repro compare --json`` and the mutators' ``--json``
print, the Markdown export builds the same shape from a backup snapshot, and views are spread
into each other (``{"paper": ..., **attempt}``). A TypedDict types every key a consumer reads
while the value stays a plain, JSON-ready dict. Pure: no I/O, no imports beyond typing.

No ``from __future__ import annotations`` here: with string annotations Python 3.11 counts a
``NotRequired`` key as required in ``__required_keys__`` (the tests check shapes with it).
"""

from typing import Any, NotRequired, TypedDict


class ClaimView(TypedDict):
    """A claim against the value obtained for it (``obtained`` None: not measured yet)."""

    label: str
    metric: str
    setting: str | None
    value: float
    unit: str | None
    higher_is_better: bool
    source: str | None
    tolerance: float | None
    tolerance_used: float
    seeded: bool
    by: str | None
    obtained: float | None
    gap_abs: float | None
    gap_rel: float | None
    verdict: str


class RunView(TypedDict):
    id: int
    by: str | None
    ran_at: str | None
    command: str | None
    commit: str | None
    notes: str | None
    results: dict[str, float]  # claim label -> value


class LogEntry(TypedDict):
    at: str | None
    by: str | None
    text: str


class AttemptView(TypedDict):
    """One attempt; ``claims`` (each claim against this attempt's latest results) only in a
    whole record."""

    number: int
    by: str | None
    status: str
    goal: str | None
    scope: str | None
    repo_url: str | None
    repo_commit: str | None
    environment: str | None
    environment_kv: dict[str, str]
    compute_budget: float | None
    compute_spent: float | None
    compute_unit: str | None
    created_at: str | None
    updated_at: str | None
    runs: list[RunView]
    log: list[LogEntry]
    claims: NotRequired[list[ClaimView]]


class AttemptChange(AttemptView):
    """What a change of the current attempt returns: the paper, then the attempt's fields
    (``paper`` comes first in the JSON; see the services)."""

    paper: str


HistoryEntry = TypedDict(
    "HistoryEntry",
    {
        "from": str | None,
        "to": str,
        "at": str | None,
        "attempt": int | None,
        "by": str | None,
    },
)
"""One replication status change (``from`` is a keyword, hence the functional form)."""


class Record(TypedDict):
    """A paper's whole replication record (``paperdesk repro ID --json``)."""

    paper: str
    title: str
    status: str
    suggested_status: str | None
    attempt: int | None  # the current attempt's number
    attempts: list[AttemptView]
    claims: list[ClaimView]  # against the current attempt
    links: list[dict[str, Any]]  # services.links.link_views
    shared: bool  # more than one member: the views say who made each row
    history: list[HistoryEntry]


# ---------------------------------------------------------------- what the mutators return


class StatusChange(TypedDict):
    paper: str
    old: str
    new: str
    attempt: int | None


class LogAdded(TypedDict):
    paper: str
    attempt: int
    at: str | None
    by: str | None
    text: str


class ClaimChange(TypedDict):
    paper: str
    claim: ClaimView


class ClaimRemoved(TypedDict):
    paper: str
    removed: str
    results_removed: int


class RunChange(TypedDict):
    paper: str
    attempt: int | None
    run: RunView


class RunRemoved(TypedDict):
    paper: str
    removed_run: int
    attempt: int | None


# ---------------------------------------------------------------- attempts side by side


class CompareCell(TypedDict):
    """One claim in one attempt: its best result, the gap and the verdict."""

    attempt: int
    best: float | None
    gap_abs: float | None
    gap_rel: float | None
    verdict: str


class CompareClaim(TypedDict):
    label: str
    by: str | None
    metric: str
    setting: str | None
    value: float
    unit: str | None
    higher_is_better: bool
    attempts: list[CompareCell]


class CompareAttempt(TypedDict):
    number: int
    by: str | None
    status: str
    runs: int
    met: int
    measured: int


class Comparison(TypedDict):
    """``paperdesk repro ID compare --json``."""

    paper: str
    title: str
    shared: bool
    attempts: list[CompareAttempt]
    claims: list[CompareClaim]


# ---------------------------------------------------------------- every record


class MadeBy(TypedDict):
    """What one member made in a record (``repro --summary --by NAME``)."""

    member: str
    attempts: int
    claims: int
    runs: int
    log: int


class SummaryRow(TypedDict):
    """One paper of ``repro --summary --json``; ``by`` only with ``--by``."""

    key: str
    title: str
    status: str
    suggested_status: str | None
    attempts: int
    claims_met: int
    claims_total: int
    last_activity: str | None
    by: NotRequired[MadeBy]
