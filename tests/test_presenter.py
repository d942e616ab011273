"""How records read: the cells, markers and numbers the CLI, the TUI and the Markdown export
share (pure functions, so tested on values, with the domain's own measure() for claims)."""

from __future__ import annotations

from typing import Any, cast

from paperdesk import presenter
from paperdesk.replication import measure
from paperdesk.replication_views import AttemptView, ClaimView, RunView


def _claim(**fields: Any) -> ClaimView:
    base: dict[str, Any] = {
        "label": "bleu-en-de",
        "metric": "BLEU",
        "setting": "WMT14 en-de",
        "value": 28.4,
        "unit": None,
        "higher_is_better": True,
        "source": "Table 2",
        "tolerance": None,
        "seeded": True,
        "by": None,
    }
    return cast(ClaimView, {**base, **fields})


def test_markers_say_pdf_text_index_and_a_newer_version() -> None:
    assert presenter.markers(False, False, False, False) == "···"
    assert presenter.markers(True, True, True, False) == "PTI"
    assert presenter.markers(True, False, True, True) == "P·I↑"


def test_numbers_read_shortest_with_a_true_minus_sign() -> None:
    assert [presenter.fmt_num(v) for v in (None, 28.4, 3.0, 1e-05)] == ["", "28.4", "3", "1e-05"]
    assert [presenter.fmt_signed(v) for v in (None, 0.3, -1.25)] == ["", "+0.3", "−1.25"]
    assert [presenter.fmt_percent(v) for v in (None, 0.015, -0.0021)] == ["", "+1.5%", "−0.2%"]
    assert [presenter.days(v) for v in (None, 1, 2.5)] == ["-", "1 day", "2.5 days"]


def test_claim_cells_of_a_measured_and_an_unmeasured_claim() -> None:
    within = measure(_claim(), 28.3)
    assert presenter.claim_cells(within) == [
        "bleu-en-de",
        "BLEU ↑",
        "WMT14 en-de",
        "28.4",
        "28.3",
        "−0.1",
        "−0.4%",
        "0.284*",  # the default tolerance: 1% of the claim, marked *
        "within",
        "Table 2",
    ]
    assert presenter.VERDICT_STYLE[within["verdict"]] == "green"
    lower = measure(
        _claim(
            metric="loss",
            value=2.0,
            unit="nats",
            higher_is_better=False,
            tolerance=0.05,
            setting=None,
            source=None,
        ),
        None,
    )
    cells = presenter.claim_cells(lower)
    assert cells[1:5] == ["loss ↓", "", "2 nats", ""] and cells[7:] == ["0.05", "unmeasured", ""]
    assert presenter.VERDICT_STYLE[lower["verdict"]] == "dim"


def test_compute_and_run_cells() -> None:
    attempt = cast(
        AttemptView, {"compute_unit": "GPU-hours", "compute_spent": 12.5, "compute_budget": None}
    )
    assert presenter.compute_text(attempt) == "12.5 GPU-hours spent"
    assert presenter.compute_text({**attempt, "compute_budget": 40.0}) == "12.5 of 40 GPU-hours"  # type: ignore[typeddict-item]
    none = cast(AttemptView, {"compute_unit": None, "compute_spent": None, "compute_budget": None})
    assert presenter.compute_text(none) == ""
    run = cast(
        RunView,
        {
            "id": 3,
            "by": None,
            "ran_at": "2024-05-01T12:30:00",
            "command": "python train.py",
            "commit": "0123456789abcdef0",
            "notes": None,
            "results": {"bleu-en-de": 27.9, "loss": 1.5},
        },
    )
    cells = presenter.run_cells(run)
    assert cells[0] == "3" and cells[1].startswith("2024-05-01")
    assert cells[2:] == ["python train.py", "0123456789ab", "bleu-en-de=27.9, loss=1.5", ""]
