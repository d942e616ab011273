"""The JSON backup format: its name, version and fields, and the report of an export or import.

Shared by the writer (:mod:`paperdesk.export.backup`) and the readers (:mod:`.restore` and its
helpers), so that neither imports the other's module for a constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "paperdesk-backup"
VERSION = 1
REBUILD_HINT = (
    "Not stored, rebuilt from the papers: PDF files (kept in the PDF folder, not here), extracted "
    "text, sections, parsed references, passages, embeddings and the search index. After "
    "'paperdesk import json', run 'paperdesk fetch', 'paperdesk parse' and 'paperdesk index' "
    "(or 'paperdesk sync') to rebuild them."
)
SEED_META_PREFIX = "seed:"

PAPER_FIELDS: tuple[str, ...] = (
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
    "reading_state",
    "replication_state",
    "added_at",
    "updated_at",
)
PAPER_TIMES = frozenset({"published", "updated", "metadata_fetched_at", "added_at", "updated_at"})
LIST_FIELDS: tuple[str, ...] = (
    "name",
    "title",
    "description",
    "source",
    "source_path",
    "created_at",
    "position",
)
PLAN_FIELDS: tuple[str, ...] = ("pace", "start", "days", "created_at", "updated_at")
LIST_ORDER_META = "lists:order"  # paperdesk.listorder.ORDER_META: "user" once reordered
CLAIM_FIELDS: tuple[str, ...] = (
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
)
ATTEMPT_FIELDS: tuple[str, ...] = (
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
)


@dataclass
class BackupReport:
    """What an export or import did, for a one-line summary."""

    path: Path | None
    papers: int = 0
    lists: int = 0
    notes: int = 0
    attempts: int = 0
    added_papers: int = 0
    merged_papers: int = 0
    cleared_seed: bool = False
    notes_kept_both: list[str] = field(default_factory=list)
    pdfs_not_here: list[str] = field(default_factory=list)  # keys whose PDF file is not here
