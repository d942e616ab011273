"""A doctor finding: never shows a password or a terminal escape, whatever it quotes; a report
counts its findings by status and lists the failed ones."""

from __future__ import annotations

import os
from pathlib import Path

from paperdesk.services.checks import Check, DoctorReport, file_mode, mode_text


def test_a_finding_hides_passwords_and_escapes() -> None:
    check = Check(
        "database",
        "fail",
        "cannot reach postgresql://ann:s3cret@db:5432/papers\x1b[2J",
        "edit password=hunter2 in the config \u202e",
    )
    assert "s3cret" not in check.finding and "hunter2" not in check.fix
    assert "\x1b" not in check.finding and "\u202e" not in check.fix
    assert "postgresql://ann:" in check.finding and "db:5432/papers" in check.finding
    assert Check("home", "ok", "plain text").finding == "plain text"


def test_counts_and_failed() -> None:
    report = DoctorReport(
        [
            Check("a", "ok", "fine"),
            Check("b", "warn", "hm", "look"),
            Check("c", "fail", "broken", "fix it"),
            Check("d", "fail", "also broken", "fix that"),
        ]
    )
    assert report.counts() == {"ok": 1, "warn": 1, "fail": 2}
    assert [c.name for c in report.failed] == ["c", "d"]
    assert DoctorReport().counts() == {"ok": 0, "warn": 0, "fail": 0}
    assert DoctorReport().failed == []


def test_file_mode(tmp_path: Path) -> None:
    f = tmp_path / "secret"
    f.write_text("x")
    os.chmod(f, 0o640)
    assert file_mode(f) == 0o640 and mode_text(f) == "0640"
    os.chmod(f, 0o600)
    assert mode_text(f) == "0600"
    assert file_mode(tmp_path / "missing") == 0 and mode_text(tmp_path / "missing") == "0000"
