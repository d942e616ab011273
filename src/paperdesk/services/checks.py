"""What a check of ``paperdesk doctor`` finds, typed: a status, a line, and what to do."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from paperdesk.printable import for_terminal
from paperdesk.storage.urls import redact_text

Status = Literal["ok", "warn", "fail"]


@dataclass(frozen=True)
class Check:
    """One finding: ``status`` with a line saying what was found and, unless ok, what to do."""

    name: str
    status: Status
    finding: str
    fix: str = ""

    def __post_init__(self) -> None:  # never a password or a terminal escape, whatever it quotes
        object.__setattr__(self, "finding", for_terminal(redact_text(self.finding)))
        object.__setattr__(self, "fix", for_terminal(redact_text(self.fix)))


@dataclass
class DoctorReport:
    results: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.results if c.status == "fail"]

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "warn": 0, "fail": 0}
        for c in self.results:
            out[c.status] += 1
        return out


def file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0


def mode_text(path: Path) -> str:
    return f"{file_mode(path):04o}"
