"""The Textual TUI: ``paperdesk`` with no arguments on a terminal.

Start-up must stay cheap: nothing here imports SQLAlchemy, the search stack or PyMuPDF at module
level. The first screen is filled through the stdlib-sqlite3 fast read path; the full
:class:`~paperdesk.library.Library` opens in a worker after the first paint.
"""
