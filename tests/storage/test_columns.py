"""The column lists derived from the models (:mod:`paperdesk.storage.columns`).

The backup lists are a file format: a backup is written in their order and read back by name,
so each must stay what it was when this test was written. When a model gains a column this
test fails: decide whether the backup (or the claim input) carries it, then update the list
here (and the backup format's docstring or version if it changes what a backup holds).
"""

from __future__ import annotations

from dataclasses import fields
from typing import get_type_hints

import pytest
from sqlalchemy import Float

from paperdesk.export import backup_format as fmt
from paperdesk.readinglists import ClaimSpec
from paperdesk.services.replication_claims import ClaimEdit
from paperdesk.storage.columns import CLAIM_INPUT, columns
from paperdesk.storage.models import Claim, Meta

BACKUP_LISTS = {
    "PAPER_FIELDS": (
        "key",
        "key_provisional",
        "arxiv_id",
        "version",
        "title",
        "authors",
        "abstract",
        "categories",
        "primary_category",
        "published",
        "updated",
        "year",
        "doi",
        "journal_ref",
        "venue",
        "entry_type",
        "volume",
        "pages",
        "metadata_sources",
        "comment",
        "url",
        "pdf_url",
        "pdf_path",
        "pdf_sha256",
        "pdf_version",
        "metadata_fetched_at",
        "fetch_error",
        "replication_state",
        "added_at",
        "updated_at",
    ),
    "LIST_FIELDS": (
        "name",
        "title",
        "description",
        "source",
        "source_path",
        "created_at",
        "position",
    ),
    "PLAN_FIELDS": ("pace", "start", "days", "created_at", "updated_at"),
    "CLAIM_FIELDS": (
        "label",
        "metric",
        "setting",
        "value",
        "unit",
        "higher_is_better",
        "source",
        "tolerance",
        "seeded",
        "created_at",
    ),
    "ATTEMPT_FIELDS": (
        "number",
        "status",
        "goal",
        "scope",
        "repo_url",
        "repo_commit",
        "environment",
        "environment_kv",
        "compute_budget",
        "compute_spent",
        "compute_unit",
        "created_at",
        "updated_at",
    ),
    "RUN_FIELDS": ("ran_at", "command", "commit", "notes"),
    "LOG_FIELDS": ("at", "text"),
}


@pytest.mark.parametrize("name", sorted(BACKUP_LISTS))
def test_the_backup_lists_are_what_backups_hold(name: str) -> None:
    assert getattr(fmt, name) == BACKUP_LISTS[name], (
        f"backup_format.{name} changed: a model column was added, renamed or removed. Decide "
        "whether backups carry it (exclude it in backup_format.py if not), then update "
        "BACKUP_LISTS here"
    )


def test_the_paper_times_are_its_timestamps() -> None:
    times = {"published", "updated", "metadata_fetched_at", "added_at", "updated_at"}
    assert times == fmt.PAPER_TIMES


def test_the_claim_input_is_what_a_user_gives_a_claim() -> None:
    # what `repro claim add/edit`, the TUI's claim form and a reading list's claims may set
    assert CLAIM_INPUT == (
        "label",
        "metric",
        "setting",
        "value",
        "unit",
        "higher_is_better",
        "source",
        "tolerance",
    )


def test_every_claim_input_is_read_and_edited() -> None:
    # a column added to CLAIM_INPUT needs a place in a reading list's claim and in update_claim
    assert {f.name for f in fields(ClaimSpec)} == set(CLAIM_INPUT)
    assert set(get_type_hints(ClaimEdit)) == set(CLAIM_INPUT)


def test_columns_keep_the_declared_order_and_drop_the_exclusions() -> None:
    assert columns(Meta) == ("key", "value")
    assert columns(Claim, exclude=("id", "paper_id"))[:2] == ("label", "metric")
    assert columns(Claim, of_type=Float) == ("value", "tolerance")


def test_an_exclusion_that_is_not_a_column_is_refused() -> None:
    with pytest.raises(ValueError, match="Claim has no column"):
        columns(Claim, exclude=("id", "colour"))
