"""The column lists derived from the models (:mod:`paperdesk.storage.columns`).

The backup lists are a file format: a backup is written in their order and read back by name,
so each must stay what it was when this test was written. When a model gains a column this
test fails: decide whether the backup (or the claim input) carries it, then update the list
here (and the backup format's docstring or version if it changes what a backup holds). A new
table fails the same way: a backup carries it or leaves it out on purpose.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any, get_type_hints

import pytest
from sqlalchemy import Float, event

from paperdesk.export import backup_format as fmt
from paperdesk.export.backup import dump
from paperdesk.library import Library
from paperdesk.readinglists import ClaimSpec
from paperdesk.services.replication_claims import ClaimEdit
from paperdesk.storage.columns import CLAIM_INPUT, columns
from paperdesk.storage.models import Base, Claim, Meta

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
    "SUGGESTION_DISMISSAL_FIELDS": ("key", "dismissed_at"),
    # a dismissed feed entry whole (its content_hash is made again from its text)
    "FEED_FIELDS": (
        "arxiv_id",
        "version",
        "title",
        "authors",
        "abstract",
        "categories",
        "primary_category",
        "published",
        "updated",
        "doi",
        "journal_ref",
        "comment",
        "pdf_url",
        "fetched_at",
        "dismissed_at",
    ),
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
    assert {"published", "updated", "fetched_at", "dismissed_at"} == fmt.FEED_TIMES


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


# Every table is either carried by a backup (its rows, named by key, label, number or member)
# or left out on purpose. A new table fails here: decide which, and say so in backup_format.
CARRIED = {
    "papers",
    "members",
    "readings",
    "paper_key_aliases",
    "reading_lists",
    "study_plans",
    "list_entries",
    "state_changes",
    "reading_periods",
    "notes",
    "tags",
    "paper_tags",
    "cites",
    "meta",  # the seed markers and the lists' order only
    "repro_attempts",
    "claims",
    "runs",
    "run_results",
    "repro_log",
    "suggestion_dismissals",
    # the dismissed entries only: the others are a cache the next `paperdesk feed` fetches again
    "feed_entries",
}
LEFT_OUT = {
    # rebuilt from the PDFs by parse and index (backup_format.REBUILD_HINT)
    "paper_references",
    "sections",
    "passages",
    "paper_links",
    "embeddings",
}


def test_every_table_is_carried_by_a_backup_or_left_out_on_purpose(lib: Library) -> None:
    assert set(Base.metadata.tables) == CARRIED | LEFT_OUT
    read: set[str] = set()

    def note_tables(*args: Any) -> None:  # (conn, cursor, statement, ...): what a dump reads
        read.update(re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?', args[2]))

    event.listen(lib.db.engine, "before_cursor_execute", note_tables)
    try:
        dump(lib)
    finally:
        event.remove(lib.db.engine, "before_cursor_execute", note_tables)
    assert read & set(Base.metadata.tables) == CARRIED
