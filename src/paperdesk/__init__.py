"""paperdesk: a terminal-first paper reading and replication tracker."""

__version__ = "0.1.0"
