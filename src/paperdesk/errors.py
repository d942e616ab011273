"""The project's exception types.

Every error a user can cause is a ``PaperdeskError``: the CLI prints its message on one line and
exits 1, the TUI shows it as a notification. Anything else is a bug.
"""

from __future__ import annotations


class PaperdeskError(Exception):
    """Base class: a message fit to show a user, naming what went wrong and where."""


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
