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

What the library decided not to be shown again (optional keys of version 2: a backup without
them restores with nothing dismissed, and a paperdesk that does not know them skips them):

- ``dismissed_suggestions``: ``[{"key", "dismissed_at"}]``, the works ``suggest --dismiss``
  hid, by merge key (``arxiv:…``, ``doi:…``, ``title:…``);
- ``dismissed_feed``: the feed entries ``feed --dismiss`` hid, each whole (``FEED_FIELDS``,
  ``dismissed_at`` among them), so that the feed finds it when arXiv lists it again and ranks
  with it as a negative. The other feed entries are a cache the next ``paperdesk feed``
  fetches again, and stay out.

Both are the library's, not a member's: ``--as NAME`` merges them like the shared data.

Version 1 (before members) had one reader: ``reading_state`` in the paper, ``note`` an object,
``tags`` a list of names. :mod:`paperdesk.export.backup_upgrade` reads it as version 2 with
every personal row the importing member's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import DateTime

from paperdesk.storage.columns import columns
from paperdesk.storage.models import (
    Claim,
    FeedEntry,
    Paper,
    ReadingList,
    ReproAttempt,
    ReproLog,
    Run,
    StudyPlan,
    SuggestionDismissal,
)

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

# The fields of each row, in the order a backup writes them: the model's columns (declared
# order, :mod:`paperdesk.storage.columns`) minus what a backup does not carry. A backup names
# rows by key, label, number or member name, never by database id; tests/storage/
# test_columns.py holds today's lists, so that a new column is a decision (carried or not).
PAPER_FIELDS: tuple[str, ...] = columns(
    Paper,
    exclude=(
        "id",
        # the parse stage's own bookkeeping: rebuilt with the parsed text (REBUILD_HINT)
        "parse_status",
        "parsed_sha256",
        "parser_version",
    ),
)
PAPER_TIMES = frozenset(columns(Paper, of_type=DateTime))  # ISO text in a backup
LIST_FIELDS: tuple[str, ...] = columns(ReadingList, exclude=("id",))
# a plan is written with its list's name and its member's ("list", "member")
PLAN_FIELDS: tuple[str, ...] = columns(StudyPlan, exclude=("id", "list_id", "member_id"))
LIST_ORDER_META = "lists:order"  # paperdesk.listorder.ORDER_META: "user" once reordered
# claims, attempts, runs and log entries: under their paper (or attempt), with "created_by"
# the member's name
_OWNED = ("id", "created_by")
CLAIM_FIELDS: tuple[str, ...] = columns(Claim, exclude=(*_OWNED, "paper_id"))
ATTEMPT_FIELDS: tuple[str, ...] = columns(ReproAttempt, exclude=(*_OWNED, "paper_id"))
RUN_FIELDS: tuple[str, ...] = columns(Run, exclude=(*_OWNED, "attempt_id"))  # + "results"
LOG_FIELDS: tuple[str, ...] = columns(ReproLog, exclude=(*_OWNED, "attempt_id"))
# the dismissals (see the module docstring); a feed entry's content_hash is made again from its
# text when it is restored (the key of its vector, which the feed embeds again)
SUGGESTION_DISMISSAL_FIELDS: tuple[str, ...] = columns(SuggestionDismissal)
FEED_FIELDS: tuple[str, ...] = columns(FeedEntry, exclude=("id", "content_hash"))
FEED_TIMES = frozenset(columns(FeedEntry, of_type=DateTime))


@dataclass
class BackupReport:
    """What an export or import did, for a one-line summary."""

    path: Path | None
    papers: int = 0
    lists: int = 0
    notes: int = 0
    attempts: int = 0
    dismissed_suggestions: int = 0  # in the backup
    dismissed_feed: int = 0
    added_papers: int = 0
    merged_papers: int = 0
    cleared_seed: bool = False
    members: list[str] = field(default_factory=list)  # the backup's members restored
    me: str | None = None  # who I am in the library after the restore
    notes_kept_both: list[str] = field(default_factory=list)  # "key" (or "key (member)")
    pdfs_not_here: list[str] = field(default_factory=list)  # keys whose PDF file is not here
    authors_unknown: list[str] = field(default_factory=list)  # --as: others', not members here
