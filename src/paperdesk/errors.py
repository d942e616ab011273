"""The project's exception types.

Every error a user can cause is a ``PaperdeskError``: the CLI prints its message on one line and
exits 1, the TUI shows it as a notification. Anything else is a bug.
"""

from __future__ import annotations


class PaperdeskError(Exception):
    """Base class: a message fit to show a user, naming what went wrong and where.

    Its text never carries a database password (in any form a URL can hold one) or terminal
    control characters from the imported text it quotes: every edge that shows an error (the
    CLI's error line, ``--json``, the TUI's notifications, logs) gets it through ``str()``."""

    def __str__(self) -> str:
        from paperdesk.printable import for_terminal
        from paperdesk.storage.urls import redact_text

        return for_terminal(redact_text(super().__str__()))


class InvalidIdError(PaperdeskError, ValueError):
    """Text that is not an arXiv identifier (or a paper reference) we understand."""


class ReadingListError(PaperdeskError):
    """A reading-list YAML file that cannot be loaded; the message names file and line."""


class NotFoundError(PaperdeskError, LookupError):
    """A paper, list or record that is not in the library."""


class StateError(PaperdeskError, ValueError):
    """An unknown reading or replication state, or an invalid value for a field."""


class ConfigError(PaperdeskError):
    """A broken configuration file or environment variable."""


class StorageError(PaperdeskError):
    """The database cannot be opened, migrated or written."""


class DiskFullError(StorageError):
    """A write failed because the disk (or the user's quota) is full."""


class FetchError(PaperdeskError):
    """A metadata or PDF download failed; the message names the paper and the cause."""


class NetworkError(FetchError):
    """The network (or the arXiv API) cannot be reached at all."""


class ParseError(PaperdeskError):
    """A PDF could not be turned into text."""


class SearchError(PaperdeskError):
    """The search index or the embedding model is unusable."""


class ExportError(PaperdeskError):
    """An export or import could not be completed."""
