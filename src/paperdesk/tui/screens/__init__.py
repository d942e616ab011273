"""Screens of the TUI: main, search, note, help, add, pickers, export (and replication)."""
