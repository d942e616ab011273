"""What a batch did: the one shape of the fetch, parse and add-PDF reports (and of sync, made
of them), so the CLI and the TUI say the same thing about any of them.

A report holds one :class:`Outcome` per item (a paper, a file) in ``results``; ``counts()``
tallies them by status and ``failed`` lists those that did not work. The wording here is plain
text (no click, no rich, no Textual): the CLI prints it, the TUI notifies it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar


class Outcome(Protocol):
    """One item of a batch: which (a paper key, a file), what became of it, and why."""

    @property
    def label(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class Failure:
    """A failure that is no item's row: a step that could not run (no network), a PDF whose
    annotations could not be read."""

    label: str
    reason: str
    status: str = "failed"


T = TypeVar("T", bound=Outcome)


@dataclass
class Report(Generic[T]):
    """The base of every batch report: subclasses name their ``STATUSES`` (counted in that
    order, zeros too) and which of them are failures."""

    results: list[T] = field(default_factory=list)

    STATUSES: ClassVar[tuple[str, ...]] = ()
    FAILED: ClassVar[frozenset[str]] = frozenset({"failed"})
    # how a status reads in a count line when not as itself ("exists" → "already there")
    WORDS: ClassVar[Mapping[str, str]] = {}

    def counts(self) -> dict[str, int]:
        """Items per status: each of ``STATUSES`` (0 when none), then any other seen."""
        out = dict.fromkeys(self.STATUSES, 0)
        for r in self.results:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    @property
    def failed(self) -> list[T]:
        return [r for r in self.results if r.status in self.FAILED]

    def note(self) -> str:
        """What the counts do not say (subclasses): put after them in a summary."""
        return ""


def counts_line(report: Report[Any], sep: str = ", ") -> str:
    """``2 fetched, 1 failed``: the statuses that occurred, or ``nothing to do``."""
    parts = [f"{n} {report.WORDS.get(s, s)}" for s, n in report.counts().items() if n]
    return sep.join(parts) or "nothing to do"


def failure_lines(failed: Sequence[Outcome], most: int | None = None) -> list[str]:
    """``key: reason`` for each failure (the first ``most``), then how many more there are."""
    shown = failed if most is None else failed[:most]
    lines = [f"{f.label}: {f.reason}" if f.reason else f.label for f in shown]
    if len(failed) > len(shown):
        lines.append(f"… and {len(failed) - len(shown)} more")
    return lines


def summary(head: str, report: Report[Any], *, most: int | None = 3, indent: str = "") -> str:
    """``Fetch list x: 2 fetched, 1 failed``, then the first ``most`` failures one a line: how
    the CLI prints a step and the TUI notifies a job."""
    note = report.note()
    lines = [f"{head}: {counts_line(report)}" + (f" ({note})" if note else "")]
    lines += [indent + line for line in failure_lines(report.failed, most)]
    return "\n".join(lines)


def report_json(report: Report[Any]) -> dict[str, Any]:
    """The report's fields (``results`` first) with its ``counts``: the JSON of ``--json``."""
    return {**asdict(report), "counts": report.counts()}
