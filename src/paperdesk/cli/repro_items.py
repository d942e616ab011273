"""``paperdesk repro ID claim ...`` and ``paperdesk repro ID run ...``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from paperdesk.cli.options import json_option
from paperdesk.cli.repro_view import Target, done
from paperdesk.presenter import fmt_num as num
from paperdesk.presenter import fmt_signed as signed

if TYPE_CHECKING:
    from paperdesk.replication_views import ClaimView, RunChange
    from paperdesk.services.replication_results import FileResults


def _claim_line(c: ClaimView) -> str:
    unit = f" {c['unit']}" if c["unit"] else ""
    where = f" on {c['setting']}" if c["setting"] else ""
    direction = "higher" if c["higher_is_better"] else "lower"
    tol = (
        f"tolerance {num(c['tolerance'])}"
        if c["tolerance"] is not None
        else f"default tolerance {num(c['tolerance_used'])}"
    )
    return (
        f"{c['label']}: {c['metric']}{where} = {num(c['value'])}{unit} "
        f"({direction} is better, {tol})"
    )


@click.group()
def claim() -> None:
    """Add, edit or remove what the paper claims."""


@claim.command("add")
@click.option("--metric", required=True, help="e.g. BLEU, accuracy, perplexity.")
@click.option("--value", required=True, metavar="NUMBER", help="The number the paper reports.")
@click.option("--setting", help='Dataset / configuration, e.g. "WMT14 en-de".')
@click.option("--unit", help="e.g. %.")
@click.option(
    "--lower-is-better", is_flag=True, help="For error rates, perplexity, loss and the like."
)
@click.option(
    "--tolerance",
    metavar="NUMBER",
    help="How far short of the claim still counts as reproduced (absolute).",
)
@click.option("--source", help='Where in the paper, e.g. "Table 2".')
@click.option("--label", help="Short name used by --result (default: from metric and setting).")
@json_option()
@click.pass_obj
def claim_add(
    target: Target,
    metric: str,
    value: str,
    setting: str | None,
    unit: str | None,
    lower_is_better: bool,
    tolerance: str | None,
    source: str | None,
    label: str | None,
    as_json: bool,
) -> None:
    """Add a claim of the paper."""
    from paperdesk.services import replication

    d = replication.add_claim(
        target.lib(),
        target.paper,
        metric=metric,
        value=value,
        setting=setting,
        unit=unit,
        higher_is_better=not lower_is_better,
        tolerance=tolerance,
        source=source,
        label=label,
    )
    done(target, as_json, d, f"{d['paper']}: claim {_claim_line(d['claim'])}")


@claim.command("edit")
@click.argument("label")
@click.option("--metric")
@click.option("--value", metavar="NUMBER")
@click.option("--setting")
@click.option("--unit")
@click.option("--higher-is-better", "higher_flag", is_flag=True, help="Bigger numbers are better.")
@click.option(
    "--lower-is-better",
    "lower_flag",
    is_flag=True,
    help="For error rates, perplexity, loss and the like.",
)
@click.option("--tolerance", metavar="NUMBER")
@click.option("--default-tolerance", is_flag=True, help="Drop the tolerance, use the default.")
@click.option("--source")
@click.option("--rename", metavar="LABEL", help="A new label.")
@json_option()
@click.pass_obj
def claim_edit(
    target: Target,
    label: str,
    metric: str | None,
    value: str | None,
    setting: str | None,
    unit: str | None,
    higher_flag: bool,
    lower_flag: bool,
    tolerance: str | None,
    default_tolerance: bool,
    source: str | None,
    rename: str | None,
    as_json: bool,
) -> None:
    """Change fields of a claim (only the options given)."""
    from paperdesk.services import replication

    if higher_flag and lower_flag:
        raise click.UsageError("--higher-is-better and --lower-is-better exclude each other")
    higher = True if higher_flag else False if lower_flag else None
    changes: dict[str, Any] = {
        k: v
        for k, v in (
            ("metric", metric),
            ("value", value),
            ("setting", setting),
            ("unit", unit),
            ("higher_is_better", higher),
            ("source", source),
            ("label", rename),
            ("tolerance", tolerance),
        )
        if v is not None
    }
    if default_tolerance:
        if tolerance is not None:
            raise click.UsageError("--tolerance and --default-tolerance exclude each other")
        changes["tolerance"] = None
    if not changes:
        raise click.UsageError("nothing to change: give at least one option (see --help)")
    d = replication.update_claim(target.lib(), target.paper, label, **changes)
    done(target, as_json, d, f"{d['paper']}: claim {_claim_line(d['claim'])}")


@claim.command("rm")
@click.argument("label")
@json_option()
@click.pass_obj
def claim_rm(target: Target, label: str, as_json: bool) -> None:
    """Remove a claim and its results."""
    from paperdesk.services import replication

    d = replication.remove_claim(target.lib(), target.paper, label)
    done(
        target,
        as_json,
        d,
        f"{d['paper']}: claim {d['removed']} removed ({d['results_removed']} results)",
    )


def _results(pairs: tuple[str, ...]) -> dict[str, str]:
    from paperdesk.errors import StateError
    from paperdesk.replication import parse_assignment

    out: dict[str, str] = {}
    for pair in pairs:
        label, value = parse_assignment(pair)
        if label in out:
            raise StateError(f"result for {label!r} given twice")
        out[label] = value
    return out


def _run_line(d: RunChange) -> str:
    r = d["run"]
    results = ", ".join(f"{k}={num(v)}" for k, v in r["results"].items()) or "no results"
    return f"{d['paper']}: run {r['id']} (attempt {d['attempt']}): {results}"


def _gaps(target: Target, labels: list[str]) -> str:
    """One line per measured claim with its gap and verdict, after a run."""
    from paperdesk.services import replication

    rec = replication.record(target.lib(), target.paper)
    lines = [
        f"  {c['label']}: {num(c['obtained'])} vs {num(c['value'])}  gap {signed(c['gap_abs'])}"
        f"  {c['verdict']}"
        for c in rec["claims"]
        if c["label"] in labels and c["obtained"] is not None
    ]
    if rec["suggested_status"] and rec["suggested_status"] != rec["status"]:
        lines.append(
            f"  suggested status: {rec['suggested_status']} "
            f"(paperdesk repro {rec['paper']} status {rec['suggested_status']})"
        )
    return "\n".join(lines)


@click.group()
def run() -> None:
    """Record runs and their results."""


@run.command("add", short_help="Record a run of the current attempt.")
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Results from a JSON object (nested keys as a.b) or a CSV with a header.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="KEY=LABEL",
    help="Which claim a key of the file is for (repeatable), e.g. eval.ppl=ppl.",
)
@click.option("--row", type=int, metavar="N", help="The CSV row to read (default: the last).")
@click.option("--command", "command_", metavar="TEXT", help="The command or config that ran.")
@click.option("--commit", metavar="SHA", help="The code commit it ran at.")
@click.option("--notes", metavar="TEXT")
@click.option("--at", "ran_at", metavar="DATE", help="When it ran (ISO 8601; default now).")
@click.option(
    "--result",
    "results",
    multiple=True,
    metavar="CLAIM=VALUE",
    help="A result for a claim label, or a metric only one claim has (repeatable).",
)
@json_option()
@click.pass_obj
def run_add(
    target: Target,
    from_file: Path | None,
    mapping: tuple[str, ...],
    row: int | None,
    command_: str | None,
    commit: str | None,
    notes: str | None,
    ran_at: str | None,
    results: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record a run of the current attempt (a planned attempt becomes running).

    \b
    paperdesk repro ID run add --result bleu-en-de=27.9
    paperdesk repro ID run add --from runs/eval.json --command "make eval"
    paperdesk repro ID run add --from metrics.csv --row 3 --map val_ppl=ppl

    File keys match a claim's label, or its metric when only one claim has it; --result
    values win over the file's."""
    from paperdesk.replication import claim_for
    from paperdesk.services import replication

    values: dict[str, str | float] = {}
    found = None
    explicit = _results(results)
    if from_file is not None:
        found, claims = _from_file(target, from_file, mapping, row)
        values.update(found.results)
        for name in explicit:  # --result wins over the file for the same claim
            values.pop(claim_for(name, claims) or name, None)
    elif mapping or row is not None:
        raise click.UsageError("--map and --row go with --from FILE")
    values.update(explicit)
    d = replication.add_run(
        target.lib(),
        target.paper,
        values,
        command=command_,
        commit=commit,
        notes=notes,
        ran_at=ran_at,
    )
    if target.json or as_json:
        done(target, as_json, d, "")
        return
    click.echo(_run_line(d))
    if found is not None:
        taken = ", ".join(f"{k} → {label}" for label, k in found.keys.items() if k != label)
        line = f"  from {found.path.name}: {len(found.results)} matched"
        line += f" ({taken})" if taken else ""
        if found.unmatched:
            shown = ", ".join(found.unmatched[:8]) + (" …" if len(found.unmatched) > 8 else "")
            line += f"; not matched: {shown}"
        click.echo(line)
    if gaps := _gaps(target, list(d["run"]["results"])):
        click.echo(gaps)


def _from_file(
    target: Target, path: Path, mapping: tuple[str, ...], row: int | None
) -> tuple[FileResults, list[ClaimView]]:
    from paperdesk.replication import parse_assignment
    from paperdesk.services import replication
    from paperdesk.services.replication_results import match_file

    pairs = dict(parse_assignment(m, "--map") for m in mapping)
    claims = replication.record(target.lib(), target.paper)["claims"]
    return match_file(claims, path, pairs, row), claims


@run.command("set", short_help="Set results of a run.")
@click.argument("run_id", metavar="RUN")
@click.argument("pairs", nargs=-1, required=True, metavar="CLAIM=VALUE...")
@json_option()
@click.pass_obj
def run_set(target: Target, run_id: str, pairs: tuple[str, ...], as_json: bool) -> None:
    """Set results of a run (RUN is a run id or 'latest'; VALUE 'none' clears one)."""
    from paperdesk.services import replication

    d: RunChange | None = None
    rid: int | str | None = None if run_id == "latest" else run_id
    for label, value in _results(pairs).items():
        v = None if value.lower() in ("none", "-") else value
        d = replication.update_result(target.lib(), target.paper, label, v, run_id=rid)
        rid = d["run"]["id"]
    assert d is not None  # click requires at least one pair
    done(target, as_json, d, _run_line(d))


@run.command("rm", short_help="Remove a run and its results.")
@click.argument("run_id", metavar="RUN")
@click.option("--attempt", metavar="N", help="The run's attempt, when it is not the current one.")
@json_option()
@click.pass_obj
def run_rm(target: Target, run_id: str, attempt: str | None, as_json: bool) -> None:
    """Remove a run of the current attempt and its results (--attempt N for an earlier one)."""
    from paperdesk.services import replication

    d = replication.remove_run(target.lib(), target.paper, run_id, attempt=attempt)
    where = f" from attempt {d['attempt']}" if d["attempt"] is not None else ""
    done(target, as_json, d, f"{d['paper']}: run {d['removed_run']} removed{where}")
