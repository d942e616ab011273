"""The JSON backup format: its name, version and fields, and the report of an export or import.

Shared by the writer (:mod:`paperdesk.export.backup`) and the readers (:mod:`.restore` and its
helpers), so that neither imports the other's module for a constant.

Version 2 (members, issue #17) carries the library's ``members`` (``{"name", "created_at"}``)
and names the member on every personal row; the rest of a paper is shared:

- ``papers[].readings``: ``[{"member", "state", "updated_at"}]`` (no row: unread);
- ``papers[].notes``: ``[{"member", "body", "revision", "updated_at"}]``;
- ``papers[].tags``: ``[{"member", "tag"}]`` (the top-level ``tags`` are the shared names);
- ``papers[].history[]`` and ``papers[].reading_time[]``: a ``"member"`` each (history: whose
  state changed, or who changed the replication; null when nobody is known);
- ``plans[]``: a ``"member"`` each;
- ``claims[]``, ``attempts[]``, ``attempts[].runs[]``, ``attempts[].log[]``: ``"created_by"``
  (a member's name, or null for seeded claims and rows from before members).

Version 1 (before members) had one reader: ``reading_state`` in the paper, ``note`` an object,
``tags`` a list of names. :mod:`paperdesk.export.backup_upgrade` reads it as version 2 with
every personal row the importing member's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "paperdesk-backup"
VERSION = 2
VERSIONS = (1, 2)  # the versions a restore reads
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
    members: list[str] = field(default_factory=list)  # the backup's members restored
    me: str | None = None  # who I am in the library after the restore
    notes_kept_both: list[str] = field(default_factory=list)  # "key" (or "key (member)")
    pdfs_not_here: list[str] = field(default_factory=list)  # keys whose PDF file is not here
    authors_unknown: list[str] = field(default_factory=list)  # --as: others', not members here
